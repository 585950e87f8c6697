using Spectre.Console;

namespace Naswot.Cli.Commands;

/// <summary>A progress bar with ETA on the terminal's error stream, or nothing when it is redirected or --quiet.</summary>
internal static class ProgressDisplay
{
    public static T Run<T>(bool show, string description, int total, Func<Action<int>, T> work)
    {
        if (!show || total == 0) return work(_ => { });
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(description, maxValue: total);
                return work(done => task.Value = done);
            });
    }
}
