namespace Naswot.Search;

/// <summary>One row of Table 2: a method and the mean ± std over runs of its chosen architecture's accuracies.</summary>
/// <param name="Test">Null where the benchmark has no test accuracy for every architecture.</param>
/// <param name="Paper">The paper's figures for this row, space and dataset; null where the paper has none.</param>
public sealed record ExperimentRow(string Method, MeanStd Validation, MeanStd? Test, PaperFigures? Paper);

/// <summary>A row of the paper's Table 2: validation and test accuracy, mean ± std over its runs.</summary>
public sealed record PaperFigures(MeanStd Validation, MeanStd Test);

/// <summary>
/// The rows of the paper's Table 2, replayed on a table of scored architectures of one benchmark: each run draws N
/// architectures with replacement from the table, so scoring the table once serves every run and every N.
/// </summary>
public static class Table2Replay
{
    /// <summary>The N of the paper's NASWOT rows.</summary>
    public static IReadOnlyList<int> NaswotSampleSizes { get; } = [10, 100, 1000];

    /// <summary>The N of the paper's Optimal rows.</summary>
    public static IReadOnlyList<int> OptimalSampleSizes { get; } = [10, 100];

    /// <summary>
    /// Random (one cell per run), NASWOT N=10/100/1000 (highest score of N) and Optimal N=10/100 (highest validation
    /// accuracy of N: the oracle bound), <paramref name="runs"/> runs each. NASWOT and Optimal at the same N see the
    /// same draws in each run; every (N, run) has its own stream of <paramref name="seed"/>.
    /// </summary>
    /// <param name="space">The space's name, to find the paper's figures.</param>
    /// <param name="dataset">The dataset's name, to find the paper's figures.</param>
    public static IReadOnlyList<ExperimentRow> Run(IReadOnlyList<ScoredArchitecture> table, string space, string dataset, int runs, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (table.Count == 0) throw new NaswotException("experiment: no scored architectures");
        if (runs < 1) throw new NaswotException($"experiment runs {runs}: expected 1 or more");
        // A test column only where every architecture has a test accuracy: a column of some rows would mislead.
        bool test = table.All(c => c.Accuracy.Test is not null);
        ExperimentRow Row(string method, int n, Func<ScoredArchitecture, double> key) => Replay(method, n, table, runs, seed, key, test, space, dataset);
        var rows = new List<ExperimentRow> { Row("Random", 1, c => 0) };
        foreach (int n in NaswotSampleSizes)
            rows.Add(Row($"NASWOT (N={n})", n, c => c.Score));
        foreach (int n in OptimalSampleSizes)
            rows.Add(Row($"Optimal (N={n})", n, c => c.Accuracy.Validation));
        return rows;
    }

    /// <summary>The architecture a run chooses: draws <paramref name="n"/> rows with replacement, keeps the first with the highest key.</summary>
    internal static ScoredArchitecture Choose(IReadOnlyList<ScoredArchitecture> table, int n, SeededRandom random, Func<ScoredArchitecture, double> key)
    {
        var drawn = new ScoredArchitecture[n];
        var keys = new double[n];
        for (int i = 0; i < n; i++)
        {
            drawn[i] = table[random.NextInt(table.Count)];
            keys[i] = key(drawn[i]);
        }
        return drawn[NaswotSearch.Best(keys)];
    }

    private static ExperimentRow Replay(string method, int n, IReadOnlyList<ScoredArchitecture> table, int runs, ulong seed,
        Func<ScoredArchitecture, double> key, bool withTest, string space, string dataset)
    {
        var validation = new double[runs];
        var test = new double[runs];
        for (int run = 0; run < runs; run++)
        {
            var chosen = Choose(table, n, SeededRandom.For(seed, ((ulong)n << 32) | (uint)run), key);
            validation[run] = chosen.Accuracy.Validation;
            test[run] = chosen.Accuracy.Test ?? double.NaN;
        }
        return new ExperimentRow(method, MeanStd.Of(validation), withTest ? MeanStd.Of(test) : null, PaperFiguresOf(method, space, dataset));
    }

    /// <summary>The paper's Table 2 figures for a method, space and dataset; null where the paper has none.</summary>
    public static PaperFigures? PaperFiguresOf(string method, string space, string dataset) =>
        Paper.TryGetValue((method, space.ToLowerInvariant(), dataset.ToLowerInvariant()), out var figures) ? figures : null;

    /// <summary>Table 2 of Mellor et al. (ICML 2021), NAS-Bench-201 rows, 500 runs: (validation, test) mean ± std.</summary>
    private static readonly Dictionary<(string, string, string), PaperFigures> Paper = new()
    {
        [("Random", "nb201", "cifar10")] = P(83.20, 13.28, 86.61, 13.46),
        [("Random", "nb201", "cifar100")] = P(60.70, 12.55, 60.83, 12.58),
        [("Random", "nb201", "imagenet16-120")] = P(33.34, 9.39, 33.13, 9.66),
        [("NASWOT (N=10)", "nb201", "cifar10")] = P(89.14, 1.14, 92.44, 1.13),
        [("NASWOT (N=10)", "nb201", "cifar100")] = P(68.50, 2.03, 68.62, 2.04),
        [("NASWOT (N=10)", "nb201", "imagenet16-120")] = P(41.09, 3.97, 41.31, 4.11),
        [("NASWOT (N=100)", "nb201", "cifar10")] = P(89.55, 0.89, 92.81, 0.99),
        [("NASWOT (N=100)", "nb201", "cifar100")] = P(69.35, 1.70, 69.48, 1.70),
        [("NASWOT (N=100)", "nb201", "imagenet16-120")] = P(42.81, 3.05, 43.10, 3.16),
        [("NASWOT (N=1000)", "nb201", "cifar10")] = P(89.69, 0.73, 92.96, 0.81),
        [("NASWOT (N=1000)", "nb201", "cifar100")] = P(69.86, 1.21, 69.98, 1.22),
        [("NASWOT (N=1000)", "nb201", "imagenet16-120")] = P(43.95, 2.05, 44.44, 2.10),
        [("Optimal (N=10)", "nb201", "cifar10")] = P(89.92, 0.75, 93.06, 0.59),
        [("Optimal (N=10)", "nb201", "cifar100")] = P(69.61, 1.21, 69.76, 1.25),
        [("Optimal (N=10)", "nb201", "imagenet16-120")] = P(43.11, 1.85, 43.30, 1.87),
        [("Optimal (N=100)", "nb201", "cifar10")] = P(91.05, 0.28, 93.84, 0.23),
        [("Optimal (N=100)", "nb201", "cifar100")] = P(72.54, 0.80, 72.72, 0.80),
        [("Optimal (N=100)", "nb201", "imagenet16-120")] = P(45.78, 0.72, 46.20, 0.68),
    };

    private static PaperFigures P(double validation, double validationStd, double test, double testStd) =>
        new(new MeanStd(validation, validationStd, 500), new MeanStd(test, testStd, 500));
}
