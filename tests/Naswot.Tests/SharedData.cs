namespace Naswot.Tests;

/// <summary>
/// The project's ground-truth folder (<c>../shared</c> beside the repository), present on developer machines and CI.
/// </summary>
internal static class SharedData
{
    public static string? Root { get; } = Find();

    public static string Path(params string[] parts) =>
        System.IO.Path.Combine([Root ?? throw new InvalidOperationException("shared data folder not found beside the repository"), .. parts]);

    private static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = System.IO.Path.Combine(dir.FullName, "shared", "data", "nb201");
            if (Directory.Exists(candidate)) return System.IO.Path.Combine(dir.FullName, "shared");
        }
        return null;
    }
}
