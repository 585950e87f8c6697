namespace Naswot.Tests;

/// <summary>
/// The project's ground-truth folder (<c>shared/</c> beside the repository, as CI lays it out), found by
/// walking up from the test binaries; null where it is absent, e.g. in a lone clone.
/// </summary>
internal static class SharedData
{
    public static string? Root { get; } = Find();

    public static string? Nb201 { get; } = Root is null ? null : System.IO.Path.Combine(Root, "data", "nb201");

    public static string? Nb101 { get; } = Root is null ? null : System.IO.Path.Combine(Root, "data", "nb101");

    public static string? Nb301 { get; } = Root is null ? null : System.IO.Path.Combine(Root, "data", "nb301");

    public static string Path(params string[] parts) =>
        System.IO.Path.Combine([Root ?? throw new InvalidOperationException("shared data folder not found beside the repository"), .. parts]);

    private static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(System.IO.Path.Combine(dir.FullName, "shared", "data", "nb201")))
                return System.IO.Path.Combine(dir.FullName, "shared");
        }
        return null;
    }
}

/// <summary>A fact that needs shared/data, skipped with the reason where it is absent.</summary>
internal sealed class Nb201DataFactAttribute : FactAttribute
{
    public Nb201DataFactAttribute()
    {
        if (SharedData.Root is null)
            Skip = "shared/data/nb201 not found above the test directory (it lies beside the repository in CI)";
    }
}

/// <summary>A fact that needs shared/data/nb101, skipped with the reason where it is absent.</summary>
internal sealed class Nb101DataFactAttribute : FactAttribute
{
    public Nb101DataFactAttribute()
    {
        if (SharedData.Nb101 is null || !Directory.Exists(SharedData.Nb101))
            Skip = "shared/data/nb101 not found above the test directory (it lies beside the repository in CI)";
    }
}

/// <summary>A fact that needs shared/data/nb301, skipped with the reason where it is absent.</summary>
internal sealed class Nb301DataFactAttribute : FactAttribute
{
    public Nb301DataFactAttribute()
    {
        if (SharedData.Nb301 is null || !Directory.Exists(SharedData.Nb301))
            Skip = "shared/data/nb301 not found above the test directory (it lies beside the repository in CI)";
    }
}
