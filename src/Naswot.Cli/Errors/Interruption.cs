using System.Runtime.InteropServices;

namespace Naswot.Cli.Errors;

/// <summary>
/// Ctrl-C (SIGINT) and SIGTERM as a cancellation: the running command stops taking new architectures, abandons
/// the ones in flight, and returns through its usual path (every finished score is already committed), so the
/// terminal is restored and one line says how far it got. A command that does not stop within the grace period,
/// or a second signal, ends the process at once with the same exit code.
/// </summary>
internal sealed class Interruption : IDisposable
{
    private readonly CancellationTokenSource _cancel = new();
    private readonly List<PosixSignalRegistration> _signals = [];
    private readonly TextWriter? _error;
    private readonly TimeSpan _grace;
    private Timer? _deadline;

    /// <param name="error">Where the forced exit says so; null for an interruption that never forces one (tests).</param>
    private Interruption(TextWriter? error, TimeSpan grace)
    {
        _error = error;
        _grace = grace;
    }

    /// <summary>Cancelled when the process is asked to stop.</summary>
    public CancellationToken Token => _cancel.Token;

    /// <summary>130 after SIGINT, 143 after SIGTERM.</summary>
    public int ExitCode { get; private set; } = ExitCodes.Interrupted;

    /// <summary>An interruption only <see cref="Interrupt"/> triggers: for running the command line in-process.</summary>
    public static Interruption Manual() => new(null, Timeout.InfiniteTimeSpan);

    /// <summary>Listens for SIGINT and SIGTERM for as long as it is not disposed.</summary>
    public static Interruption FromSignals(TextWriter error, TimeSpan grace)
    {
        var interruption = new Interruption(error, grace);
        foreach (var (signal, code) in new[] { (PosixSignal.SIGINT, ExitCodes.Interrupted), (PosixSignal.SIGTERM, ExitCodes.Terminated) })
        {
            interruption._signals.Add(PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true; // the process stays up to stop cleanly
                interruption.Interrupt(code);
            }));
        }
        return interruption;
    }

    /// <summary>Asks the command to stop, with <paramref name="exitCode"/>; a second call while it stops ends the process.</summary>
    public void Interrupt(int exitCode)
    {
        lock (_cancel)
        {
            if (_cancel.IsCancellationRequested)
            {
                ForceExit();
                return;
            }
            ExitCode = exitCode;
            if (_error is not null && _grace != Timeout.InfiniteTimeSpan) _deadline = new Timer(_ => ForceExit(), null, _grace, Timeout.InfiniteTimeSpan);
        }
        _cancel.Cancel();
    }

    public void Dispose()
    {
        _signals.ForEach(s => s.Dispose());
        _deadline?.Dispose();
        _cancel.Dispose();
    }

    /// <summary>The command did not stop in time: what is committed stays, the cells in flight are dropped.</summary>
    private void ForceExit()
    {
        if (_error is null) return;
        if (!Console.IsErrorRedirected) _error.Write("\x1b[?25h"); // show the cursor a progress bar hid
        _error.WriteLine("naswot: interrupted; every score finished so far is stored: run the same command to resume");
        _error.Flush();
        Environment.Exit(ExitCode);
    }
}
