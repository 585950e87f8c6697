using System.CommandLine;
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
    public static ScoredCell[] Score(ConsoleIo io, ParseResult p, ScoringSetup setup, ScoreStore? store, IReadOnlyList<int> indices, CancellationToken cancel)
    {
        var dataset = Dataset(setup);
        return ProgressDisplay.Run(io.ShowProgress(p), $"scoring {indices.Count} cells", indices.Count,
            report => ScoredCell.Evaluate(setup.Evaluator, indices, dataset, store, report, cancel));
    }

    /// <summary>"30 cells: 12 from the store, 18 computed".</summary>
    public static string Provenance(IReadOnlyCollection<ScoredCell> cells)
    {
        int stored = cells.Count(c => c.FromStore);
        return $"{cells.Count} scores: {stored} from the store, {cells.Count - stored} computed";
    }
}
