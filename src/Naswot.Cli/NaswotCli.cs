using System.CommandLine;
using Naswot.Cli.Commands;

namespace Naswot.Cli;

/// <summary>The `naswot` command line: builds the command tree and turns bad input into one-line errors.</summary>
internal static class NaswotCli
{
    public static readonly Option<bool> Verbose = new("--verbose") { Description = "Show stack traces and ONNX Runtime details on errors" };
    public static readonly Option<bool> Quiet = new("--quiet", "-q") { Description = "No progress output" };

    public static int Run(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        output ??= Console.Out;
        error ??= Console.Error;
        var root = new RootCommand("Neural architecture search without training: score untrained networks by how differently their ReLUs respond to one minibatch.");
        root.Options.Add(Verbose);
        root.Options.Add(Quiet);
        Verbose.Recursive = true;
        Quiet.Recursive = true;
        var io = new ConsoleIo(output, error);
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
        var parsed = root.Parse(args);
        try
        {
            return parsed.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (NaswotException e)
        {
            error.WriteLine($"naswot: {(parsed.GetValue(Verbose) ? e.ToString() : e.Message)}");
            return 2;
        }
        catch (OperationCanceledException)
        {
            error.WriteLine("naswot: interrupted; every score finished so far is stored");
            return 130;
        }
        catch (Exception e) when (!parsed.GetValue(Verbose))
        {
            error.WriteLine($"naswot: internal error: {e.Message.ReplaceLineEndings(" ")} (run with --verbose for details)");
            return 1;
        }
    }
}

/// <summary>Where a command writes: results to output, progress and errors to error.</summary>
internal sealed record ConsoleIo(TextWriter Output, TextWriter Error)
{
    /// <summary>Progress goes to a terminal only: redirected output stays script-friendly.</summary>
    public bool ShowProgress(ParseResult parsed) =>
        !parsed.GetValue(NaswotCli.Quiet) && ReferenceEquals(Error, Console.Error) && !Console.IsErrorRedirected;
}
