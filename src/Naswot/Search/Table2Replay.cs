using Naswot.Benchmarks;

namespace Naswot.Search;

/// <summary>One row of Table 2: a method and the mean ± std over runs of its chosen architecture's accuracies.</summary>
/// <param name="Test">Null where the benchmark has no test accuracy for every architecture.</param>
/// <param name="Paper">The paper's figures for this row, space and dataset; null where the paper has none.</param>
public sealed record ExperimentRow(string Method, MeanStd Validation, MeanStd? Test, PaperFigures? Paper)
{
    /// <summary>
    /// <see cref="Accuracy.RetrainedTest"/> (NB201 CIFAR-10: the train+valid model, the paper's CIFAR-10 test); null
    /// where the benchmark has none for every architecture.
    /// </summary>
    public MeanStd? RetrainedTest { get; init; }

    /// <summary>The row of the architectures <paramref name="chosen"/> by the runs of one method, one per run.</summary>
    /// <param name="test">Whether the test column exists (every architecture of the benchmark has a test accuracy).</param>
    /// <param name="retrainedTest">Whether the retrained-test column exists.</param>
    public static ExperimentRow Of(string method, IReadOnlyList<Accuracy> chosen, bool test, bool retrainedTest, PaperFigures? paper)
    {
        ArgumentNullException.ThrowIfNull(chosen);
        double[] Column(Func<Accuracy, double?> value) => [.. chosen.Select(a => value(a) ?? double.NaN)];
        return new ExperimentRow(method, MeanStd.Of(Column(a => a.Validation)), test ? MeanStd.Of(Column(a => a.Test)) : null, paper)
        {
            RetrainedTest = retrainedTest ? MeanStd.Of(Column(a => a.RetrainedTest)) : null,
        };
    }
}

/// <summary>A row of the paper's Table 2: validation and test accuracy, mean ± std over its runs.</summary>
/// <param name="Test">Null where the paper prints none (AREA).</param>
public sealed record PaperFigures(MeanStd Validation, MeanStd? Test);

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
    /// <param name="proxy">The proxy the scores are of: its rows are named after it, and only NASWOT's have the paper's figures.</param>
    public static IReadOnlyList<ExperimentRow> Run(IReadOnlyList<ScoredArchitecture> table, string space, string dataset, int runs, ulong seed,
        string proxy = "naswot")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(proxy);
        ArgumentNullException.ThrowIfNull(table);
        if (table.Count == 0) throw new NaswotException("experiment: no scored architectures");
        if (runs < 1) throw new NaswotException($"experiment runs {runs}: expected 1 or more");
        // A test column only where every architecture has a test accuracy: a column of some rows would mislead.
        bool test = table.All(c => c.Accuracy.Test is not null);
        bool retrained = table.All(c => c.Accuracy.RetrainedTest is not null);
        ExperimentRow Row(string method, int n, Func<ScoredArchitecture, double> key) =>
            ExperimentRow.Of(method, Replay(n, table, runs, seed, key), test, retrained, PaperFiguresOf(method, space, dataset));
        var rows = new List<ExperimentRow> { Row("Random", 1, c => 0) };
        string scored = proxy == "naswot" ? "NASWOT" : proxy;
        foreach (int n in NaswotSampleSizes)
            rows.Add(Row($"{scored} (N={n})", n, c => c.Score));
        foreach (int n in OptimalSampleSizes)
            rows.Add(Row($"Optimal (N={n})", n, c => c.Accuracy.Validation));
        return rows;
    }

    /// <summary>
    /// As <see cref="Run(IReadOnlyList{ScoredArchitecture}, string, string, int, ulong, string)"/> with several proxies'
    /// scores of the same architectures: Random, each proxy's rows, with <paramref name="combineRanks"/> the rank
    /// ensemble's (<see cref="Scoring.RankEnsemble"/> over each run's N draws, as a search would rank what it drew),
    /// then Optimal. Every proxy, and the ensemble, sees the same draws at each (N, run) as the others and as a
    /// single-proxy replay.
    /// </summary>
    /// <param name="columns">Per proxy, the same architectures in the same order, each with that proxy's score.</param>
    public static IReadOnlyList<ExperimentRow> Run(IReadOnlyList<IReadOnlyList<ScoredArchitecture>> columns, IReadOnlyList<string> proxies, bool combineRanks,
        string space, string dataset, int runs, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(proxies);
        if (columns.Count == 0 || columns.Count != proxies.Count) throw new ArgumentException("one column of scores per proxy", nameof(columns));
        var rows = Run(columns[0], space, dataset, runs, seed, proxies[0]).ToList();
        var table = columns[0];
        bool test = table.All(c => c.Accuracy.Test is not null);
        bool retrained = table.All(c => c.Accuracy.RetrainedTest is not null);
        int insertAt = 1 + NaswotSampleSizes.Count;
        ExperimentRow Row(string method, int n, Func<int[], int> choose) => ExperimentRow.Of(method,
            [.. Enumerable.Range(0, runs).Select(run => table[choose(Draw(table.Count, n, SeededRandom.For(seed, ((ulong)n << 32) | (uint)run)))].Accuracy)],
            test, retrained, PaperFiguresOf(method, space, dataset));
        for (int p = 1; p < columns.Count; p++)
        {
            var column = columns[p];
            foreach (int n in NaswotSampleSizes)
                rows.Insert(insertAt++, Row($"{(proxies[p] == "naswot" ? "NASWOT" : proxies[p])} (N={n})", n, drawn => drawn[NaswotSearch.Best([.. drawn.Select(i => column[i].Score)])]));
        }
        if (combineRanks)
        {
            foreach (int n in NaswotSampleSizes)
                rows.Insert(insertAt++, Row($"{Scoring.RankEnsemble.Name} (N={n})", n, drawn =>
                    drawn[NaswotSearch.Best(Scoring.RankEnsemble.Combine([.. columns.Select(c => (IReadOnlyList<double>)[.. drawn.Select(i => c[i].Score)])]))]));
        }
        return rows;
    }

    /// <summary>The rows a run draws: <paramref name="n"/> indices with replacement, from the stream <see cref="Choose"/> draws from.</summary>
    private static int[] Draw(int count, int n, SeededRandom random) => [.. Enumerable.Range(0, n).Select(_ => random.NextInt(count))];

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

    /// <summary>The accuracies of the architecture each run chooses.</summary>
    private static Accuracy[] Replay(int n, IReadOnlyList<ScoredArchitecture> table, int runs, ulong seed, Func<ScoredArchitecture, double> key) =>
        [.. Enumerable.Range(0, runs).Select(run => Choose(table, n, SeededRandom.For(seed, ((ulong)n << 32) | (uint)run), key).Accuracy)];

    /// <summary>The paper's Table 2 figures for a method, space and dataset; null where the paper has none.</summary>
    public static PaperFigures? PaperFiguresOf(string method, string space, string dataset) =>
        Paper.TryGetValue((method, space.ToLowerInvariant(), dataset.ToLowerInvariant()), out var figures) ? figures : null;

    /// <summary>Every figure of the paper's Table 2 that the code holds, by (method, space, dataset).</summary>
    internal static IReadOnlyDictionary<(string Method, string Space, string Dataset), PaperFigures> AllPaperFigures => Paper;

    /// <summary>
    /// Table 2(a) of Mellor et al. (ICML 2021), NAS-Bench-201 rows: (validation, test) mean ± std over 500 runs, AREA
    /// over 50 and without test figures. Source: the NASWOT project's issue 10, which lists the table row by row and
    /// corrects the Optimal (N=100) figures of CIFAR-100 and ImageNet16-120 once mistyped here. The NASWOT rows are
    /// the paper's as the README and docs/results have always quoted them. CIFAR-10 test is the train+valid model's
    /// (our <see cref="ExperimentRow.RetrainedTest"/>). RS and REA are NB201's baselines as the paper quotes them.
    /// </summary>
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
        [("Optimal (N=100)", "nb201", "cifar100")] = P(71.45, 0.79, 71.56, 0.78),
        [("Optimal (N=100)", "nb201", "imagenet16-120")] = P(45.37, 0.61, 45.67, 0.64),
        [("REA", "nb201", "cifar10")] = P(91.19, 0.31, 93.92, 0.30),
        [("REA", "nb201", "cifar100")] = P(71.81, 1.12, 71.84, 0.99),
        [("REA", "nb201", "imagenet16-120")] = P(45.15, 0.89, 45.54, 1.03),
        [("RS", "nb201", "cifar10")] = P(90.93, 0.36, 93.70, 0.36),
        [("RS", "nb201", "cifar100")] = P(70.93, 1.09, 71.04, 1.07),
        [("RS", "nb201", "imagenet16-120")] = P(44.45, 1.10, 44.57, 1.25),
        [("AREA", "nb201", "cifar10")] = Validation(91.20, 0.27, runs: 50),
        [("AREA", "nb201", "cifar100")] = Validation(71.95, 0.99, runs: 50),
        [("AREA", "nb201", "imagenet16-120")] = Validation(45.70, 1.05, runs: 50),
    };

    private static PaperFigures P(double validation, double validationStd, double test, double testStd) =>
        new(new MeanStd(validation, validationStd, 500), new MeanStd(test, testStd, 500));

    private static PaperFigures Validation(double validation, double validationStd, int runs) =>
        new(new MeanStd(validation, validationStd, runs), null);
}
