using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Naswot.Tests.Robustness;

/// <summary>What a child `naswot` process left: its exit code and everything it wrote.</summary>
internal sealed record ChildResult(int Code, string Output, string Error);

/// <summary>
/// The built command line run as a real child process (<c>dotnet naswot.dll</c>, the build beside the tests), so
/// that kills and signals hit a process of its own, as they hit users' runs.
/// </summary>
internal sealed partial class ChildCli : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _output;
    private readonly Task<string> _error;

    private ChildCli(ProcessStartInfo start)
    {
        _process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        _output = _process.StandardOutput.ReadToEndAsync();
        _error = _process.StandardError.ReadToEndAsync();
    }

    /// <summary>The CLI assembly the test project's build copied beside the tests.</summary>
    public static string Dll { get; } = Path.Combine(AppContext.BaseDirectory, "naswot.dll");

    /// <summary>The dotnet host running the tests, or the one on PATH.</summary>
    public static string Dotnet { get; } =
        Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet";

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Starts `naswot <paramref name="args"/>`; with <paramref name="fileSizeLimitKiB"/>, under that RLIMIT_FSIZE,
    /// and with <paramref name="standardOutput"/>, writing there (both through bash).
    /// </summary>
    public static ChildCli Start(IEnumerable<string> args, int? fileSizeLimitKiB = null, string? standardOutput = null)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (fileSizeLimitKiB is not null || standardOutput is not null)
        {
            // SIGXFSZ ignored, so a write past the limit fails with EFBIG as on a full disk instead of killing the
            // process; the runtime's double-mapped code pages would need file space of their own, so they are off.
            string limit = fileSizeLimitKiB is { } kib ? $"trap '' XFSZ; ulimit -f {kib}; " : "";
            string redirect = standardOutput is null ? "" : " > \"$NASWOT_TEST_STDOUT\"";
            start.FileName = "/bin/bash";
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add($"{limit}exec \"$0\" \"$@\"{redirect}");
            if (fileSizeLimitKiB is not null) start.Environment["DOTNET_EnableWriteXorExecute"] = "0";
            if (standardOutput is not null) start.Environment["NASWOT_TEST_STDOUT"] = standardOutput;
            start.ArgumentList.Add(Dotnet);
        }
        else
        {
            start.FileName = Dotnet;
        }
        start.ArgumentList.Add(Dll);
        foreach (string arg in args) start.ArgumentList.Add(arg);
        return new ChildCli(start);
    }

    /// <summary>Runs to the end (at most <paramref name="timeout"/>, then it is killed and the test fails).</summary>
    public static ChildResult Run(IEnumerable<string> args, TimeSpan timeout, int? fileSizeLimitKiB = null, string? standardOutput = null)
    {
        using var child = Start(args, fileSizeLimitKiB, standardOutput);
        return child.Wait(timeout);
    }

    public ChildResult Wait(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"naswot did not finish in {timeout.TotalSeconds} s");
        }
        _process.WaitForExit();
        return new ChildResult(_process.ExitCode, _output.Result, _error.Result);
    }

    /// <summary>Polls <paramref name="store"/> (read-only, as another process would) until it holds <paramref name="count"/> rows or this process ends.</summary>
    public void WaitForRows(string store, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!HasExited && DateTime.UtcNow < deadline)
        {
            try
            {
                using var opened = Naswot.Store.ScoreStore.OpenReadOnly(store);
                if (opened.Count() >= count) return;
            }
            catch (Naswot.Store.StoreException)
            {
                // not created yet
            }
            Thread.Sleep(20);
        }
    }

    /// <summary>SIGKILL: the process gets no chance to clean up, as after a crash or the OOM killer.</summary>
    public ChildResult Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // it had already exited
        }
        return Wait(TimeSpan.FromSeconds(30));
    }

    /// <summary>Sends a POSIX signal (SIGINT 2, SIGTERM 15), as Ctrl-C or `kill` does.</summary>
    public void Signal(int signal)
    {
        if (SignalNative.kill(_process.Id, signal) != 0) throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }

    private static partial class SignalNative
    {
        [LibraryImport("libc", SetLastError = true)]
        internal static partial int kill(int pid, int signal);
    }
}
