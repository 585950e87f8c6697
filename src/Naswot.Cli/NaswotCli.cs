using System.CommandLine;
using System.CommandLine.Help;
using Naswot.Cli.Commands;
using Naswot.Cli.Errors;
using Naswot.Store;

namespace Naswot.Cli;

/// <summary>
/// The `naswot` command line: builds the command tree and turns every way a run can go wrong into one line on
/// standard error and an exit code (<see cref="ExitCodes"/>); help only when asked for with --help.
/// </summary>
internal static class NaswotCli
{
    public static readonly Option<bool> Verbose = new("--verbose") { Description = "Show stack traces and ONNX Runtime details on errors" };
    public static readonly Option<bool> Quiet = new("--quiet", "-q") { Description = "No progress output" };

    /// <param name="interruption">Signals that stop the run; null: none (in-process runs).</param>
    public static int Run(string[] args, TextWriter? output = null, TextWriter? error = null, Interruption? interruption = null)
    {
        var stdout = new GuardedWriter(output ?? Console.Out, "standard output");
        error ??= Console.Error;
        using var manual = interruption is null ? Interruption.Manual() : null;
        interruption ??= manual!;
        var root = new RootCommand("Neural architecture search without training: score untrained networks by how differently their ReLUs respond to one minibatch.");
        root.Options.Add(Verbose);
        root.Options.Add(Quiet);
        Verbose.Recursive = true;
        Quiet.Recursive = true;
        var io = new ConsoleIo(stdout, error);
        root.Subcommands.Add(ScoreCommand.Create(io));
        root.Subcommands.Add(CorrelateCommand.Create(io));
        root.Subcommands.Add(SearchCommand.Create(io));
        root.Subcommands.Add(ExperimentCommand.Create(io));
        root.Subcommands.Add(SampleCommand.CreateSample(io));
        root.Subcommands.Add(SampleCommand.CreateMutate(io));
        root.Subcommands.Add(ExportCommand.Create(io));
        root.Subcommands.Add(BenchCommand.Create(io));
        root.Subcommands.Add(CatalogCommand.CreateSpaces(io));
        root.Subcommands.Add(CatalogCommand.CreateProxies(io));
        root.Subcommands.Add(StoreCommand.Create(io));
        root.Subcommands.Add(Cluster.WorkerCommand.Create(io));
        root.Subcommands.Add(Cluster.SweepCommand.Create(io));
        CommandLineRules.Apply(root);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0 && parsed.Action is not HelpAction)
        {
            error.WriteLine($"naswot: {ErrorText.Line(CommandLineRules.Describe(parsed))}");
            return ExitCodes.BadInput;
        }
        bool verbose = parsed.GetValue(Verbose);
        int code;
        try
        {
            var configuration = new InvocationConfiguration
            {
                Output = stdout,
                Error = error,
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null, // signals are ours: see Interruption
            };
            code = parsed.InvokeAsync(configuration, interruption.Token).GetAwaiter().GetResult();
            stdout.Flush();
        }
        catch (Exception e)
        {
            code = Report(e, error, verbose, interruption, io.Stores);
        }
        return ReportStores(io.Stores, error, code);
    }

    /// <summary>The exit code of a run that threw, after one line on <paramref name="error"/> (a stack trace with --verbose).</summary>
    private static int Report(Exception e, TextWriter error, bool verbose, Interruption interruption, IReadOnlyList<ScoreStore> stores)
    {
        string Line(string message) => verbose ? e.ToString() : ErrorText.Line(message);
        switch (e)
        {
            case OperationCanceledException cancelled:
                string progress = cancelled is RunInterruptedException run ? $": {run.Done} of {run.Total} scored" : "";
                string resume = stores.Count == 0
                    ? "; nothing was stored (--no-store)"
                    : "; every score finished so far is stored: run the same command to resume";
                error.WriteLine($"naswot: interrupted{progress}{resume}");
                return interruption.Token.IsCancellationRequested ? interruption.ExitCode : ExitCodes.Interrupted;
            case OutputException:
                error.WriteLine($"naswot: {Line(e.Message)}");
                return ExitCodes.Output;
            case StoreException:
                error.WriteLine($"naswot: {Line(e.Message)}");
                return ExitCodes.Store;
            case NaswotException:
                error.WriteLine($"naswot: {Line(e.Message)}");
                return ExitCodes.BadInput;
            default:
                error.WriteLine(verbose
                    ? $"naswot: internal error: {e}"
                    : $"naswot: internal error: {ErrorText.Line(e.Message)} (run with --verbose for details, and please report it)");
                return ExitCodes.InternalError;
        }
    }

    /// <summary>
    /// After the run, whatever its end: a store that stopped taking scores, and rows found damaged, each get their
    /// line; scores computed but not stored make the exit code <see cref="ExitCodes.Store"/>.
    /// </summary>
    private static int ReportStores(IReadOnlyList<ScoreStore> stores, TextWriter error, int code)
    {
        foreach (var store in stores)
        {
            if (store.DamagedRows.Count > 0)
            {
                int n = store.DamagedRows.Count;
                error.WriteLine(ErrorText.Line(
                    $"naswot: warning: score store '{store.Path}': {n} damaged row{(n == 1 ? " was" : "s were")} not used but scored afresh (first: {store.DamagedRows[0]}); `naswot store verify` lists them"));
            }
            if (store.WriteFailure is { } failure && store.UnstoredRows > 0)
            {
                int n = store.UnstoredRows;
                error.WriteLine(ErrorText.Line(
                    $"naswot: {failure.Message}; {n} score{(n == 1 ? " was" : "s were")} computed but not stored (printed, if the run got that far): the next run computes {(n == 1 ? "it" : "them")} again"));
                if (code is ExitCodes.Ok or ExitCodes.SomeFailed) code = ExitCodes.Store;
            }
        }
        return code;
    }
}

/// <summary>Where a command writes: results to output, progress and errors to error; the stores it opened, for the report after the run.</summary>
internal sealed record ConsoleIo(TextWriter Output, TextWriter Error)
{
    /// <summary>Every score store the command opened, in order.</summary>
    public List<ScoreStore> Stores { get; } = [];

    /// <summary>Progress goes to a terminal only: redirected output stays script-friendly.</summary>
    public bool ShowProgress(ParseResult parsed) =>
        !parsed.GetValue(NaswotCli.Quiet) && ReferenceEquals(Error, Console.Error) && !Console.IsErrorRedirected;
}
