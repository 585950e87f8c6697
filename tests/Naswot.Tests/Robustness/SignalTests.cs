using Naswot.Cli.Commands;
using Naswot.Store;
using Spectre.Console;
using Xunit.Abstractions;

namespace Naswot.Tests.Robustness;

/// <summary>
/// Ctrl-C and SIGTERM on a real run: it stops within seconds, commits what is done, says how far it got on one
/// line, exits 130 or 143, and the same command resumes from there. And the progress bar gives the cursor back.
/// </summary>
[Trait("Category", Budget.Category)]
public sealed class SignalTests(ITestOutputHelper output) : IDisposable
{
    private const int SigInt = 2;
    private const int SigTerm = 15;

    private readonly string _folder = Directory.CreateTempSubdirectory("naswot-signal-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [LinuxFact]
    public void Ctrl_c_and_sigterm_stop_cleanly_and_the_same_command_resumes()
    {
        string[] cells = Cells.All[..45];
        string list = Cells.WriteList(_folder, cells);
        foreach (var (signal, code) in new[] { (SigInt, 130), (SigTerm, 143) })
        {
            string store = Path.Combine(_folder, $"scores{signal}.db");
            using var child = ChildCli.Start(Cells.ScoreArgs(list, store));
            child.WaitForRows(store, 3);
            var sent = DateTime.UtcNow;
            child.Signal(signal);
            var stopped = child.Wait(TimeSpan.FromSeconds(30));
            Assert.True(DateTime.UtcNow - sent < TimeSpan.FromSeconds(10), "took too long to stop");
            Assert.Equal(code, stopped.Code);
            string line = Assert.Single(stopped.Error.Trim().Split('\n'));
            var (rows, wrong) = Cells.StoredRows(store);
            Assert.Equal($"naswot: interrupted: {rows.Count} of {cells.Length} scored; every score finished so far is stored: run the same command to resume", line);
            Assert.Equal(0, wrong);

            var resumed = ChildCli.Run([.. Cells.ScoreArgs(list, store), "--format", "csv"], TimeSpan.FromMinutes(2));
            Assert.True(resumed.Code == 0, resumed.Error);
            var (printed, wrongPrinted) = Cells.Printed(resumed.Output);
            Assert.Equal(rows.Count, printed.Count(p => p.Value));
            Assert.Equal(0, wrongPrinted);
            Budget.Report(output, $"signal {signal} runs stopped and resumed", 1);
        }
    }

    [Fact]
    public void An_interrupted_progress_bar_shows_the_cursor_again_and_says_how_far_it_got()
    {
        var terminal = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            Interactive = InteractionSupport.Yes,
            Out = new AnsiConsoleOutput(terminal),
        });
        var stop = Assert.Throws<RunInterruptedException>(() => ProgressDisplay.Run<int>(console, "scoring", 10, report =>
        {
            report(4);
            throw new OperationCanceledException();
        }));
        Assert.Equal((4, 10), (stop.Done, stop.Total));
        string written = terminal.ToString();
        Assert.Contains("\u001b[?25l", written); // hidden while the bar ran
        Assert.EndsWith("\u001b[?25h", written.TrimEnd()); // and shown again at the end
    }
}
