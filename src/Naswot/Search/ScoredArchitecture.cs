using Naswot.Benchmarks;
using Naswot.Store;

namespace Naswot.Search;

/// <summary>An architecture with its proxy score and the benchmark's accuracies: one row of the paper's experiments.</summary>
/// <param name="Architecture">Canonical form.</param>
/// <param name="Score">The ranking score: −∞ for a singular kernel or a failure, so such an architecture is never chosen over a scored one.</param>
public readonly record struct ScoredArchitecture(string Architecture, double Score, Accuracy Accuracy, ScoreStatus Status, bool FromStore)
{
    /// <summary>
    /// Scores <paramref name="architectures"/> of the benchmark (stored scores reused, new ones stored) and looks up
    /// their accuracies; results in input order.
    /// </summary>
    /// <exception cref="ArchitectureException">An architecture is not in the benchmark.</exception>
    public static ScoredArchitecture[] Evaluate(ArchitectureEvaluator evaluator, IReadOnlyList<string> architectures, IBenchmark benchmark,
        ScoreStore? store, Action<int>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(evaluator);
        ArgumentNullException.ThrowIfNull(architectures);
        ArgumentNullException.ThrowIfNull(benchmark);
        var accuracies = architectures.Select(benchmark.AccuracyOf).ToArray();
        var evaluations = evaluator.Evaluate(architectures, store, progress, cancel);
        return [.. evaluations.Select((e, i) => new ScoredArchitecture(e.Architecture, e.RankingScore, accuracies[i], e.Status, e.FromStore))];
    }

    /// <summary>
    /// As <see cref="Evaluate"/> with every one of the evaluator's proxies: one array per proxy, in order, then, with
    /// <paramref name="combineRanks"/>, the rank ensemble's (<see cref="Scoring.RankEnsemble"/>) over these architectures.
    /// </summary>
    /// <exception cref="ArchitectureException">An architecture is not in the benchmark.</exception>
    public static IReadOnlyList<ScoredArchitecture[]> EvaluateAll(ArchitectureEvaluator evaluator, IReadOnlyList<string> architectures, IBenchmark benchmark,
        ScoreStore? store, bool combineRanks, Action<int>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(evaluator);
        ArgumentNullException.ThrowIfNull(architectures);
        ArgumentNullException.ThrowIfNull(benchmark);
        var accuracies = architectures.Select(benchmark.AccuracyOf).ToArray();
        var all = evaluator.EvaluateAll(architectures, store, progress, cancel);
        var columns = all.Select(evaluations =>
            evaluations.Select((e, i) => new ScoredArchitecture(e.Architecture, e.RankingScore, accuracies[i], e.Status, e.FromStore)).ToArray()).ToList();
        if (combineRanks)
        {
            var ensemble = Scoring.RankEnsemble.Combine([.. columns.Select(c => (IReadOnlyList<double>)[.. c.Select(x => x.Score)])]);
            columns.Add([.. columns[0].Select((c, i) => c with { Score = ensemble[i], Status = ScoreStatus.Ok, FromStore = columns.All(x => x[i].FromStore) })]);
        }
        return columns;
    }
}
