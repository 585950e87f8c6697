using Naswot.Benchmarks;
using Naswot.Spaces;
using Naswot.Store;

namespace Naswot.Search;

/// <summary>An NB201 cell with its NASWOT score and the benchmark's accuracies: one row of the paper's experiments.</summary>
/// <param name="Score">The ranking score: −∞ for a singular kernel or a failure, so such a cell is never chosen over a scored one.</param>
public readonly record struct ScoredCell(int Index, double Score, Nb201Accuracy Accuracy, ScoreStatus Status, bool FromStore)
{
    /// <summary>
    /// Scores the NB201 cells at <paramref name="indices"/> (stored scores reused, new ones stored) and looks up
    /// their 200-epoch accuracies on <paramref name="dataset"/>; results in input order.
    /// </summary>
    public static ScoredCell[] Evaluate(ArchitectureEvaluator evaluator, IReadOnlyList<int> indices, Nb201Dataset dataset,
        ScoreStore? store, Action<int>? progress = null, CancellationToken cancel = default)
    {
        var space = Nb201Space.Instance;
        var benchmark = Nb201Benchmark.For(Nb201Epochs.TwoHundred);
        var evaluations = evaluator.Evaluate([.. indices.Select(i => space.CellAt(i).ToString())], store, progress, cancel);
        return [.. indices.Select((index, i) => new ScoredCell(index, evaluations[i].RankingScore,
            benchmark.Accuracy(index, dataset), evaluations[i].Status, evaluations[i].FromStore))];
    }
}
