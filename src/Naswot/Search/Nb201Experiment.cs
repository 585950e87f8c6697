using Naswot.Benchmarks;

namespace Naswot.Search;

/// <summary>One row of Table 2: a method and the mean ± std over runs of its chosen cell's accuracies.</summary>
/// <param name="Paper">The paper's figures for this row and dataset.</param>
public sealed record ExperimentRow(string Method, MeanStd Validation, MeanStd Test, (MeanStd Validation, MeanStd Test) Paper);

/// <summary>
/// The NAS-Bench-201 rows of the paper's Table 2, replayed on a table of scored cells: each run draws N cells with
/// replacement from the table, so scoring the whole space once serves every run and every N.
/// </summary>
public static class Nb201Experiment
{
    public static IReadOnlyList<int> NaswotSampleSizes { get; } = [10, 100, 1000];

    public static IReadOnlyList<int> OptimalSampleSizes { get; } = [10, 100];

    /// <summary>
    /// Random (one cell per run), NASWOT N=10/100/1000 (highest score of N) and Optimal N=10/100 (highest validation
    /// accuracy of N: the oracle bound), <paramref name="runs"/> runs each. NASWOT and Optimal at the same N see the
    /// same draws in each run; every (N, run) has its own stream of <paramref name="seed"/>.
    /// </summary>
    public static IReadOnlyList<ExperimentRow> Run(IReadOnlyList<ScoredCell> table, Nb201Dataset dataset, int runs, ulong seed)
    {
        if (table.Count == 0) throw new NaswotException("experiment: no scored cells");
        if (runs < 1) throw new NaswotException($"--runs {runs}: expected 1 or more");
        var rows = new List<ExperimentRow> { Row("Random", 1, table, runs, seed, c => 0, dataset) };
        foreach (int n in NaswotSampleSizes)
            rows.Add(Row($"NASWOT (N={n})", n, table, runs, seed, c => c.Score, dataset));
        foreach (int n in OptimalSampleSizes)
            rows.Add(Row($"Optimal (N={n})", n, table, runs, seed, c => c.Accuracy.Validation, dataset));
        return rows;
    }

    /// <summary>The cell a run chooses: draws <paramref name="n"/> rows with replacement, keeps the first with the highest key.</summary>
    internal static ScoredCell Choose(IReadOnlyList<ScoredCell> table, int n, SeededRandom random, Func<ScoredCell, double> key)
    {
        var drawn = new ScoredCell[n];
        var keys = new double[n];
        for (int i = 0; i < n; i++)
        {
            drawn[i] = table[random.NextInt(table.Count)];
            keys[i] = key(drawn[i]);
        }
        return drawn[NaswotSearch.Best(keys)];
    }

    private static ExperimentRow Row(string method, int n, IReadOnlyList<ScoredCell> table, int runs, ulong seed,
        Func<ScoredCell, double> key, Nb201Dataset dataset)
    {
        var validation = new double[runs];
        var test = new double[runs];
        for (int run = 0; run < runs; run++)
        {
            var chosen = Choose(table, n, SeededRandom.For(seed, ((ulong)n << 32) | (uint)run), key);
            validation[run] = chosen.Accuracy.Validation;
            test[run] = chosen.Accuracy.Test;
        }
        return new ExperimentRow(method, MeanStd.Of(validation), MeanStd.Of(test), Paper[(method, dataset)]);
    }

    /// <summary>Table 2 of Mellor et al. (ICML 2021), NAS-Bench-201 rows, 500 runs: (validation, test) mean ± std.</summary>
    private static readonly Dictionary<(string, Nb201Dataset), (MeanStd, MeanStd)> Paper = new()
    {
        [("Random", Nb201Dataset.Cifar10)] = P(83.20, 13.28, 86.61, 13.46),
        [("Random", Nb201Dataset.Cifar100)] = P(60.70, 12.55, 60.83, 12.58),
        [("Random", Nb201Dataset.ImageNet16_120)] = P(33.34, 9.39, 33.13, 9.66),
        [("NASWOT (N=10)", Nb201Dataset.Cifar10)] = P(89.14, 1.14, 92.44, 1.13),
        [("NASWOT (N=10)", Nb201Dataset.Cifar100)] = P(68.50, 2.03, 68.62, 2.04),
        [("NASWOT (N=10)", Nb201Dataset.ImageNet16_120)] = P(41.09, 3.97, 41.31, 4.11),
        [("NASWOT (N=100)", Nb201Dataset.Cifar10)] = P(89.55, 0.89, 92.81, 0.99),
        [("NASWOT (N=100)", Nb201Dataset.Cifar100)] = P(69.35, 1.70, 69.48, 1.70),
        [("NASWOT (N=100)", Nb201Dataset.ImageNet16_120)] = P(42.81, 3.05, 43.10, 3.16),
        [("NASWOT (N=1000)", Nb201Dataset.Cifar10)] = P(89.69, 0.73, 92.96, 0.81),
        [("NASWOT (N=1000)", Nb201Dataset.Cifar100)] = P(69.86, 1.21, 69.98, 1.22),
        [("NASWOT (N=1000)", Nb201Dataset.ImageNet16_120)] = P(43.95, 2.05, 44.44, 2.10),
        [("Optimal (N=10)", Nb201Dataset.Cifar10)] = P(89.92, 0.75, 93.06, 0.59),
        [("Optimal (N=10)", Nb201Dataset.Cifar100)] = P(69.61, 1.21, 69.76, 1.25),
        [("Optimal (N=10)", Nb201Dataset.ImageNet16_120)] = P(43.11, 1.85, 43.30, 1.87),
        [("Optimal (N=100)", Nb201Dataset.Cifar10)] = P(91.05, 0.28, 93.84, 0.23),
        [("Optimal (N=100)", Nb201Dataset.Cifar100)] = P(72.54, 0.80, 72.72, 0.80),
        [("Optimal (N=100)", Nb201Dataset.ImageNet16_120)] = P(45.78, 0.72, 46.20, 0.68),
    };

    private static (MeanStd, MeanStd) P(double validation, double validationStd, double test, double testStd) =>
        (new MeanStd(validation, validationStd, 500), new MeanStd(test, testStd, 500));
}
