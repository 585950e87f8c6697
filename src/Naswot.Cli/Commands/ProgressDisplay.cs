using Spectre.Console;

namespace Naswot.Cli.Commands;

/// <summary>
/// A progress bar with ETA on the terminal's error stream, or nothing when it is redirected or --quiet. Either way
/// it counts what is done, so an interrupted run can say how far it got (<see cref="RunInterruptedException"/>),
/// and it shows the cursor again however the work ends.
/// </summary>
internal static class ProgressDisplay
{
    public static T Run<T>(bool show, string description, int total, Func<Action<int>, T> work) =>
        Run(show ? AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) }) : null, description, total, work);

    /// <param name="terminal">Where the bar goes; null for none.</param>
    public static T Run<T>(IAnsiConsole? terminal, string description, int total, Func<Action<int>, T> work)
    {
        int done = 0;
        try
        {
            if (terminal is null || total == 0) return work(n => done = n);
            try
            {
                return terminal.Progress()
                    .AutoClear(true)
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                    .Start(context =>
                    {
                        var task = context.AddTask(description, maxValue: total);
                        return work(n =>
                        {
                            done = n;
                            task.Value = n;
                        });
                    });
            }
            finally
            {
                terminal.Cursor.Show(true);
            }
        }
        catch (OperationCanceledException e) when (e is not RunInterruptedException)
        {
            throw new RunInterruptedException(done, total, e);
        }
    }
}

/// <summary>A run stopped by Ctrl-C or SIGTERM, with how far it got.</summary>
internal sealed class RunInterruptedException(int done, int total, Exception inner)
    : OperationCanceledException($"interrupted: {done} of {total} done", inner)
{
    /// <summary>Items done (scored or read from the store) when it stopped.</summary>
    public int Done { get; } = done;

    /// <summary>Items the run was for.</summary>
    public int Total { get; } = total;
}
