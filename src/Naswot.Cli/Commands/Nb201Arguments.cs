using System.CommandLine;
using System.Diagnostics;
using Naswot.Benchmarks;
using Naswot.Search;
using Naswot.Spaces;
using Naswot.Store;

namespace Naswot.Cli.Commands;

/// <summary>What the commands that compare scores with NAS-Bench-201 accuracies share.</summary>
internal static class Nb201Arguments
{
    /// <summary>
    /// Seed of which cells are drawn. Separate from --seed (the networks' weights), so that new draws reuse stored scores.
    /// </summary>
    public static Option<ulong> SampleSeed() =>
        new("--sample-seed") { Description = "Seed of the cells drawn from the space", DefaultValueFactory = _ => 1UL };

    public static Nb201Dataset Dataset(ScoringSetup setup)
    {
        if (setup.Space is not Nb201Space)
            throw new NaswotException($"--space {setup.Space.Name}: accuracies exist for nb201 only");
        return Nb201Datasets.Parse(setup.Dataset.Name);
    }

    /// <summary>Which trained model each accuracy comes from, printed beside every result that uses it.</summary>
    public static string AccuracyNote(Nb201Dataset dataset) => dataset == Nb201Dataset.Cifar10
        ? "NB201 200 epochs; val = cifar10-valid x-valid, test = the cifar10-valid model (25k training images) on the test set, " +
          "not the paper's train+valid model, which the bundled table lacks"
        : "NB201 200 epochs; val/test = x-valid/x-test";

    /// <summary>Scores the cells at <paramref name="indices"/> with a progress bar; stored scores are reused.</summary>
    /// <param name="seconds">Wall-clock time of the scoring, store look-ups included.</param>
    public static ScoredCell[] Score(ConsoleIo io, ParseResult p, ScoringSetup setup, ScoreStore? store, IReadOnlyList<int> indices,
        out double seconds, CancellationToken cancel)
    {
        var dataset = Dataset(setup);
        long start = Stopwatch.GetTimestamp();
        var cells = ProgressDisplay.Run(io.ShowProgress(p), $"scoring {indices.Count} cells", indices.Count,
            report => ScoredCell.Evaluate(setup.Evaluator, indices, dataset, store, report, cancel));
        seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        return cells;
    }

    /// <summary>"30 cells: 12 from the store, 18 computed".</summary>
    public static string Provenance(IReadOnlyCollection<ScoredCell> cells)
    {
        int stored = cells.Count(c => c.FromStore);
        return $"{cells.Count} scores: {stored} from the store, {cells.Count - stored} computed";
    }
}
