using System.CommandLine;
using System.CommandLine.Parsing;
using Naswot.Cli.Commands;
using Naswot.Search;

namespace Naswot.Cli.Cluster;

/// <summary>
/// A sweep's scoring options travel as the submitter gave them on its command line (<c>--batch-size 16 --proxy
/// synflow</c>…), and every worker reads them with the same <see cref="ScoringArguments"/> as `naswot score`: one
/// mapping from options to settings, so a sweep scores exactly what `naswot score` would with those options.
/// </summary>
internal static class SweepOptions
{
    /// <summary>The options the user gave on <paramref name="p"/>, except <paramref name="excluded"/> (where to run, how many threads).</summary>
    public static List<string> Given(ParseResult p, IReadOnlySet<Option> excluded)
    {
        var given = new List<string>();
        foreach (var result in p.CommandResult.Children.OfType<OptionResult>())
        {
            // The command's own options only: --verbose, --quiet and such belong to the root and to this process.
            if (result.Implicit || excluded.Contains(result.Option) || !p.CommandResult.Command.Options.Contains(result.Option)) continue;
            given.Add(result.Option.Name);
            given.AddRange(result.Tokens.Select(token => token.Value));
        }
        return given;
    }

    /// <summary>The sweep's scoring, on this machine: its data, its options, one architecture at a time with <paramref name="threads"/> threads.</summary>
    /// <exception cref="NaswotException">The options do not parse here (a build that reads them differently) or name data this machine lacks.</exception>
    public static ScoringSetup Setup(SweepRow sweep, int threads)
    {
        var scoring = new ScoringArguments();
        var command = new Command("sweep");
        scoring.AddTo(command);
        var p = command.Parse([.. sweep.Arguments, "--space", sweep.Space, "--workers", "1", "--threads", threads.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        if (p.Errors.Count > 0) throw new NaswotException($"sweep {sweep.Id}: its options do not parse here: {p.Errors[0].Message}");
        return scoring.Prepare(p);
    }

    /// <summary>The evaluator of <see cref="Setup"/>.</summary>
    public static ArchitectureEvaluator Evaluator(SweepRow sweep, int threads) => Setup(sweep, threads).Evaluator;
}
