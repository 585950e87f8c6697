using Naswot.Benchmarks;
using Naswot.Search;
using Naswot.Store;

namespace Naswot.Tests.Search;

public sealed class Table2ReplayTests
{
    private static ScoredArchitecture Cell(int index, double score, double validation, double test) =>
        new($"arch{index}", score, new Accuracy(validation, test), double.IsFinite(score) ? ScoreStatus.Ok : ScoreStatus.Singular, FromStore: false);

    private static ExperimentRow RowOf(IReadOnlyList<ExperimentRow> rows, string method) => rows.Single(r => r.Method == method);

    [Fact]
    public void MeanAndSampleStdAsThePapersTables()
    {
        var ms = MeanStd.Of([1.0, 2.0, 3.0, 4.0]);
        Assert.Equal(2.5, ms.Mean);
        Assert.Equal(Math.Sqrt(5.0 / 3.0), ms.Std, 12); // statistics.stdev, n − 1
        Assert.Equal("2.50 ± 1.29", ms.ToString());
        Assert.True(double.IsNaN(MeanStd.Of([7.0]).Std));
    }

    [Fact]
    public void NaswotPicksTheHighestScoreAndOptimalTheHighestValidation()
    {
        // Two cells: the score prefers B, validation prefers A; with 1,000 draws both are drawn in every run.
        ScoredArchitecture[] table = [Cell(0, 1.0, 95, 80), Cell(1, 2.0, 60, 70)];
        var rows = Table2Replay.Run(table, "nb201", "cifar10", runs: 20, seed: 3);
        var naswot = RowOf(rows, "NASWOT (N=1000)");
        Assert.Equal((60.0, 0.0, 70.0, 0.0), (naswot.Validation.Mean, naswot.Validation.Std, naswot.Test!.Value.Mean, naswot.Test.Value.Std));
        var optimal = RowOf(rows, "Optimal (N=100)");
        Assert.Equal((95.0, 80.0), (optimal.Validation.Mean, optimal.Test!.Value.Mean));
        Assert.Equal(20, optimal.Test!.Value.Count);
        Assert.Equal(["Random", "NASWOT (N=10)", "NASWOT (N=100)", "NASWOT (N=1000)", "Optimal (N=10)", "Optimal (N=100)"],
            rows.Select(r => r.Method));
    }

    [Fact]
    public void RandomRowIsTheMeanOfUniformDraws()
    {
        ScoredArchitecture[] table = [.. Enumerable.Range(0, 4).Select(i => Cell(i, i, 10 * i, 10 * i + 1))];
        var random = RowOf(Table2Replay.Run(table, "nb201", "cifar100", runs: 4000, seed: 1), "Random");
        Assert.Equal(15.0, random.Validation.Mean, 0.6); // uniform over 0, 10, 20, 30
        Assert.Equal(Math.Sqrt(125.0), random.Validation.Std, 0.3);
        Assert.Equal(random.Validation.Mean + 1, random.Test!.Value.Mean, 9);
    }

    [Fact]
    public void DrawsWithReplacementSoNMayExceedTheTable()
    {
        ScoredArchitecture[] table = [Cell(7, 5.0, 50, 51)];
        var rows = Table2Replay.Run(table, "nb201", "imagenet16-120", runs: 3, seed: 1);
        Assert.All(rows, r => Assert.Equal(50.0, r.Validation.Mean));
    }

    [Fact]
    public void TiesGoToTheFirstDrawn()
    {
        ScoredArchitecture[] table = [.. Enumerable.Range(0, 5).Select(i => Cell(i, 1.0, i, i))];
        for (ulong seed = 0; seed < 20; seed++)
        {
            int first = new SeededRandom(seed).NextInt(table.Length);
            var chosen = Table2Replay.Choose(table, 10, new SeededRandom(seed), c => c.Score);
            Assert.Equal($"arch{first}", chosen.Architecture);
        }
    }

    [Fact]
    public void UnscoredCellsAreNeverChosenOverScoredOnes()
    {
        ScoredArchitecture[] table = [Cell(0, double.NegativeInfinity, 99, 99), Cell(1, -1e9, 10, 10)];
        var naswot = RowOf(Table2Replay.Run(table, "nb201", "cifar10", runs: 50, seed: 2), "NASWOT (N=100)");
        Assert.Equal(10.0, naswot.Validation.Mean);
    }

    [Fact]
    public void RunsAreReproducibleFromTheSeed()
    {
        ScoredArchitecture[] table = [.. Enumerable.Range(0, 50).Select(i => Cell(i, (i * 37) % 50, i, 100 - i))];
        Assert.Equal(Table2Replay.Run(table, "nb201", "cifar10", 30, 9), Table2Replay.Run(table, "nb201", "cifar10", 30, 9));
        Assert.NotEqual(Table2Replay.Run(table, "nb201", "cifar10", 30, 9)[1], Table2Replay.Run(table, "nb201", "cifar10", 30, 10)[1]);
    }

    [Fact]
    public void PaperFiguresAreThoseOfTheSpaceAndDatasetAndAbsentElsewhere()
    {
        ScoredArchitecture[] table = [Cell(0, 1, 50, 60), Cell(1, 2, 40, 45)];
        var nb201 = RowOf(Table2Replay.Run(table, "nb201", "cifar100", 5, 1), "NASWOT (N=100)");
        Assert.Equal("69.35 ± 1.70", nb201.Paper!.Validation.ToString()); // Mellor et al. 2021, Table 2, CIFAR-100
        Assert.All(Table2Replay.Run(table, "nb101", "cifar10", 5, 1), r => Assert.Null(r.Paper));
        // Another proxy's rows are named after it and never stand beside the paper's NASWOT figures.
        var flops = Table2Replay.Run(table, "nb201", "cifar100", 5, 1, proxy: "flops");
        Assert.Contains(flops, r => r.Method == "flops (N=100)" && r.Paper is null);
        Assert.DoesNotContain(flops, r => r.Method.StartsWith("NASWOT", StringComparison.Ordinal));
    }

    [Fact]
    public void TestColumnIsAbsentWhereAnArchitectureHasNoTestAccuracy()
    {
        ScoredArchitecture[] table = [Cell(0, 1, 50, 60), Cell(1, 2, 40, 45) with { Accuracy = new Accuracy(40) }];
        Assert.All(Table2Replay.Run(table, "nb101", "cifar10", 5, 1), r => Assert.Null(r.Test));
    }

    [Fact]
    public void BadInputIsOneLine()
    {
        Assert.Throws<NaswotException>(() => Table2Replay.Run([], "nb201", "cifar10", 10, 1));
        Assert.Throws<NaswotException>(() => Table2Replay.Run([Cell(0, 1, 1, 1)], "nb201", "cifar10", 0, 1));
    }

    /// <summary>
    /// Several proxies replay the same draws: each proxy's rows are its single-proxy replay's; an ensemble of one
    /// proxy's scores twice ranks as that proxy does, so it picks what the proxy picks; and the naive ensemble pick of
    /// each run (ranks over the run's draws) is what the ensemble rows average.
    /// </summary>
    [Fact]
    public void Several_proxies_replay_the_same_draws_and_the_ensemble_ranks_each_runs_draws()
    {
        var random = new SeededRandom(4);
        var first = Enumerable.Range(0, 50).Select(i => Cell(i, random.NextInt(20), 80 + random.NextDouble() * 10, 80 + random.NextDouble() * 10)).ToArray();
        var second = first.Select(c => c with { Score = random.NextDouble() }).ToArray();
        var single = Table2Replay.Run(second, "nb201", "cifar10", 40, 9, "swap");
        var rows = Table2Replay.Run([first, second], ["naswot", "swap"], combineRanks: true, "nb201", "cifar10", 40, 9);
        foreach (int n in Table2Replay.NaswotSampleSizes)
        {
            Assert.Equal(RowOf(single, $"swap (N={n})"), RowOf(rows, $"swap (N={n})"));
            Assert.Equal(RowOf(Table2Replay.Run(first, "nb201", "cifar10", 40, 9), $"NASWOT (N={n})"), RowOf(rows, $"NASWOT (N={n})"));
        }
        var twice = Table2Replay.Run([second, second], ["swap", "swap2"], combineRanks: true, "nb201", "cifar10", 40, 9);
        foreach (int n in Table2Replay.NaswotSampleSizes)
            Assert.Equal(RowOf(single, $"swap (N={n})").Validation, RowOf(twice, $"ensemble (N={n})").Validation);

        // N = 10, naively: each run's draws, the ensemble of their ranks among themselves, the first best.
        var validation = Enumerable.Range(0, 40).Select(run =>
        {
            var stream = SeededRandom.For(9, (10UL << 32) | (uint)run);
            int[] drawn = [.. Enumerable.Range(0, 10).Select(_ => stream.NextInt(first.Length))];
            double Rank(IReadOnlyList<ScoredArchitecture> column, int i) =>
                1 + drawn.Count(j => column[j].Score < column[i].Score) + (drawn.Count(j => column[j].Score == column[i].Score) - 1) / 2.0;
            double[] ensemble = [.. drawn.Select(i => Math.Log(Rank(first, i) / 10) + Math.Log(Rank(second, i) / 10))];
            return first[drawn[Array.IndexOf(ensemble, ensemble.Max())]].Accuracy.Validation;
        }).ToArray();
        Assert.Equal(MeanStd.Of(validation).ToString(), RowOf(rows, "ensemble (N=10)").Validation.ToString());
    }
}
