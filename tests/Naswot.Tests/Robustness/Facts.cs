namespace Naswot.Tests.Robustness;

/// <summary>A fact that needs Linux (bash's ulimit, /dev/full, POSIX signals), skipped elsewhere with the reason.</summary>
internal sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux()) Skip = "needs Linux: bash's ulimit, /dev/full and POSIX signals";
    }
}

/// <summary>A fact about file permissions, which root ignores: skipped when the tests run as root (CI does not).</summary>
internal sealed class NotRootFactAttribute : FactAttribute
{
    public NotRootFactAttribute()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) Skip = "file modes are POSIX";
        else if (Environment.UserName == "root") Skip = "root writes read-only files; the fault-injected twin of this test runs instead";
    }
}
