using Naswot.Benchmarks;

namespace Naswot.Search;

/// <summary>
/// Independent, seeded runs of search strategies, reported as the paper's Table 2 reports searches: by the architecture
/// each run returns, looked up in a benchmark that may be another dataset's than the one searched (the paper searches
/// on CIFAR-10 and reports the returned cell's 200-epoch accuracies on every dataset).
/// </summary>
public static class SearchExperiment
{
    /// <summary>
    /// Run <paramref name="run"/> of <paramref name="strategy"/>, on a random stream of its own (named by the
    /// strategy and the run): runs are independent of each other and of the other strategies, and may be computed in
    /// any order, in part, or again with the same result.
    /// </summary>
    public static SearchRun Run(ISearchStrategy strategy, SearchProblem problem, ulong seed, int run)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        ArgumentOutOfRangeException.ThrowIfNegative(run);
        return strategy.Run(problem, SeededRandom.For(seed, $"{strategy.Name} run {run}"));
    }

    /// <summary>
    /// The Table 2 row of one strategy's runs: mean ± sample std of the returned architectures' accuracies in
    /// <paramref name="report"/>, the paper's figures beside them where it has some.
    /// </summary>
    /// <exception cref="ArchitectureException">A returned architecture is not in <paramref name="report"/>.</exception>
    public static ExperimentRow Row(IReadOnlyList<SearchRun> runs, IBenchmark report)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(report);
        if (runs.Count == 0) throw new ArgumentException("no runs", nameof(runs));
        string method = runs[0].Strategy;
        if (runs.Any(r => r.Strategy != method)) throw new ArgumentException("runs of several strategies in one row", nameof(runs));
        Accuracy[] chosen = [.. runs.Select(r => report.AccuracyOf(r.Returned.Architecture))];
        return ExperimentRow.Of(method, chosen, chosen.All(a => a.Test is not null), chosen.All(a => a.RetrainedTest is not null),
            Table2Replay.PaperFiguresOf(method, report.Space.Name, report.Dataset));
    }

    /// <summary>
    /// The curve of the paper's search plots: at each of <paramref name="seconds"/>, the mean over runs of the
    /// <paramref name="report"/> validation accuracy of the architecture each run would return had it stopped then;
    /// NaN until every run has trained one.
    /// </summary>
    public static double[] BestSoFar(IReadOnlyList<SearchRun> runs, IBenchmark report, IReadOnlyList<double> seconds)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(seconds);
        var accuracies = new Dictionary<string, double>(StringComparer.Ordinal);
        double Validation(string architecture) =>
            accuracies.TryGetValue(architecture, out double v) ? v : accuracies[architecture] = report.AccuracyOf(architecture).Validation;
        var curve = new double[seconds.Count];
        for (int t = 0; t < seconds.Count; t++)
        {
            double sum = 0;
            foreach (var run in runs)
            {
                if (run.BestAt(seconds[t]) is not { } best)
                {
                    sum = double.NaN;
                    break;
                }
                sum += Validation(best.Architecture);
            }
            curve[t] = runs.Count == 0 ? double.NaN : sum / runs.Count;
        }
        return curve;
    }
}
