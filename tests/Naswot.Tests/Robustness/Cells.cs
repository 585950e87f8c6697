using Naswot.Data;
using Naswot.Runtime;
using Naswot.Scoring;
using Naswot.Search;
using Naswot.Store;

namespace Naswot.Tests.Robustness;

/// <summary>
/// NB201 cells and their scores at batch 8 computed here, in this process, without a store: the truth every row a
/// child process stores or prints is checked against, bit for bit.
/// </summary>
internal static class Cells
{
    public const int BatchSize = 8;

    private static readonly Lazy<(string[] Cells, Dictionary<string, double> Scores)> Truth = new(() =>
    {
        var space = SearchSpaces.Get("nb201");
        string[] cells = NaswotSearch.SampleDistinct(Budget.Full ? 1000 : 90, space.Space.Size, space.Space.Sample, new SeededRandom(2024));
        var evaluations = Evaluator().Evaluate(cells, store: null);
        return (cells, evaluations.ToDictionary(e => e.Architecture, e => e.Score));
    });

    /// <summary>Distinct cells, in canonical form.</summary>
    public static string[] All => Truth.Value.Cells;

    public static double ScoreOf(string cell) => Truth.Value.Scores[cell];

    /// <summary>The evaluator of the CLI's settings at <see cref="BatchSize"/>: first images, init seed 1, naswot (reference).</summary>
    public static ArchitectureEvaluator Evaluator(int workers = 2)
    {
        var dataset = Datasets.Get("cifar10");
        var options = new ScoreOptions { Batch = BatchSelection.First(BatchSize) };
        return new ArchitectureEvaluator(SearchSpaces.Get("nb201"), dataset, DataSource.LoadBundled(dataset, options.Batch), options, new RuntimeOptions(), workers);
    }

    /// <summary>The command line that scores <paramref name="file"/> into <paramref name="store"/> with those settings, as CSV.</summary>
    public static string[] ScoreArgs(string file, string store, int workers = 1) =>
        ["score", "--archs-file", file, "--batch-size", BatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture), "--store", store,
         "--workers", workers.ToString(System.Globalization.CultureInfo.InvariantCulture), "--quiet"];

    /// <summary>
    /// Every row of the store, checked: each holds the true score of its cell (the count of wrong ones is returned,
    /// and must be 0). Read as a user would, through a read-only store.
    /// </summary>
    public static (Dictionary<string, double> Rows, int Wrong) StoredRows(string store)
    {
        var rows = new Dictionary<string, double>();
        int wrong = 0;
        if (!ScoreStore.IsDatabase(store) && !File.Exists(store)) return (rows, 0);
        using var opened = ScoreStore.OpenReadOnly(store);
        foreach (var (key, score) in opened.ReadAll(damaged => throw new InvalidOperationException($"damaged row: {damaged}")))
        {
            rows[key.Architecture] = score.Score;
            if (!score.Score.Equals(ScoreOf(key.Architecture))) wrong++;
        }
        return (rows, wrong);
    }

    /// <summary>
    /// The scores a `score --archs-file` run printed (CSV), by cell, with how many differ from the truth as the
    /// command prints it (three decimals).
    /// </summary>
    public static (Dictionary<string, bool> FromStore, int Wrong) Printed(string csv)
    {
        var printed = new Dictionary<string, bool>();
        int wrong = 0;
        foreach (string line in csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1))
        {
            string[] f = line.Split(',');
            printed[f[0]] = f[4] == "1";
            double score = ScoreOf(f[0]);
            var truth = new Evaluation(f[0], double.IsNegativeInfinity(score) ? ScoreStatus.Singular : ScoreStatus.Ok, score, null, 0, false);
            if (f[1] != Naswot.Cli.Commands.ScoreCommand.FormatScore(truth)) wrong++;
        }
        return (printed, wrong);
    }

    public static string WriteList(string folder, IEnumerable<string> cells, string name = "cells.txt")
    {
        string path = Path.Combine(folder, name);
        File.WriteAllLines(path, cells);
        return path;
    }
}
