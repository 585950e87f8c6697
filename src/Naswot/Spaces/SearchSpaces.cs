namespace Naswot.Spaces;

/// <summary>The one name → space table; an unknown name is an error listing the valid ones.</summary>
public static class SearchSpaces
{
    private static readonly ISearchSpace[] Known = [Nb201Space.Instance];

    public static IReadOnlyList<ISearchSpace> All => Known;

    public static ISearchSpace Get(string name) =>
        Known.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new NaswotException($"unknown search space '{name}' (valid: {string.Join(", ", Known.Select(s => s.Name))})");
}
