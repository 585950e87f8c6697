namespace Naswot.Tests;

/// <summary>
/// The project's shared ground-truth data (shared/data beside the repository, as CI lays it out), found by
/// walking up from the test binaries; null where it is absent, e.g. in a lone clone.
/// </summary>
internal static class SharedData
{
    public static string? Nb201 { get; } = Find(Path.Combine("shared", "data", "nb201"));

    private static string? Find(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, relative);
            if (Directory.Exists(candidate)) return candidate;
        }
        return null;
    }
}

/// <summary>A fact that needs shared/data/nb201, skipped with the reason where it is absent.</summary>
internal sealed class Nb201DataFactAttribute : FactAttribute
{
    public Nb201DataFactAttribute()
    {
        if (SharedData.Nb201 is null)
            Skip = "shared/data/nb201 not found above the test directory (it lies beside the repository in CI)";
    }
}
