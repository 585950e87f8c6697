using Naswot.Benchmarks;
using Naswot.Search;
using Naswot.Store;

namespace Naswot.Tests.Search;

public sealed class Nb201ExperimentTests
{
    private static ScoredCell Cell(int index, double score, double validation, double test) =>
        new(index, score, new Nb201Accuracy(validation, test), double.IsFinite(score) ? ScoreStatus.Ok : ScoreStatus.Singular, FromStore: false);

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
        ScoredCell[] table = [Cell(0, 1.0, 95, 80), Cell(1, 2.0, 60, 70)];
        var rows = Nb201Experiment.Run(table, Nb201Dataset.Cifar10, runs: 20, seed: 3);
        var naswot = RowOf(rows, "NASWOT (N=1000)");
        Assert.Equal((60.0, 0.0, 70.0, 0.0), (naswot.Validation.Mean, naswot.Validation.Std, naswot.Test.Mean, naswot.Test.Std));
        var optimal = RowOf(rows, "Optimal (N=100)");
        Assert.Equal((95.0, 80.0), (optimal.Validation.Mean, optimal.Test.Mean));
        Assert.Equal(20, optimal.Test.Count);
        Assert.Equal(["Random", "NASWOT (N=10)", "NASWOT (N=100)", "NASWOT (N=1000)", "Optimal (N=10)", "Optimal (N=100)"],
            rows.Select(r => r.Method));
    }

    [Fact]
    public void RandomRowIsTheMeanOfUniformDraws()
    {
        ScoredCell[] table = [.. Enumerable.Range(0, 4).Select(i => Cell(i, i, 10 * i, 10 * i + 1))];
        var random = RowOf(Nb201Experiment.Run(table, Nb201Dataset.Cifar100, runs: 4000, seed: 1), "Random");
        Assert.Equal(15.0, random.Validation.Mean, 0.6); // uniform over 0, 10, 20, 30
        Assert.Equal(Math.Sqrt(125.0), random.Validation.Std, 0.3);
        Assert.Equal(random.Validation.Mean + 1, random.Test.Mean, 9);
    }

    [Fact]
    public void DrawsWithReplacementSoNMayExceedTheTable()
    {
        ScoredCell[] table = [Cell(7, 5.0, 50, 51)];
        var rows = Nb201Experiment.Run(table, Nb201Dataset.ImageNet16_120, runs: 3, seed: 1);
        Assert.All(rows, r => Assert.Equal(50.0, r.Validation.Mean));
    }

    [Fact]
    public void TiesGoToTheFirstDrawn()
    {
        ScoredCell[] table = [.. Enumerable.Range(0, 5).Select(i => Cell(i, 1.0, i, i))];
        for (ulong seed = 0; seed < 20; seed++)
        {
            int first = new SeededRandom(seed).NextInt(table.Length);
            var chosen = Nb201Experiment.Choose(table, 10, new SeededRandom(seed), c => c.Score);
            Assert.Equal(first, chosen.Index);
        }
    }

    [Fact]
    public void UnscoredCellsAreNeverChosenOverScoredOnes()
    {
        ScoredCell[] table = [Cell(0, double.NegativeInfinity, 99, 99), Cell(1, -1e9, 10, 10)];
        var naswot = RowOf(Nb201Experiment.Run(table, Nb201Dataset.Cifar10, runs: 50, seed: 2), "NASWOT (N=100)");
        Assert.Equal(10.0, naswot.Validation.Mean);
    }

    [Fact]
    public void RunsAreReproducibleFromTheSeed()
    {
        ScoredCell[] table = [.. Enumerable.Range(0, 50).Select(i => Cell(i, (i * 37) % 50, i, 100 - i))];
        Assert.Equal(Nb201Experiment.Run(table, Nb201Dataset.Cifar10, 30, 9), Nb201Experiment.Run(table, Nb201Dataset.Cifar10, 30, 9));
        Assert.NotEqual(Nb201Experiment.Run(table, Nb201Dataset.Cifar10, 30, 9)[1], Nb201Experiment.Run(table, Nb201Dataset.Cifar10, 30, 10)[1]);
    }

    [Fact]
    public void BadInputIsOneLine()
    {
        Assert.Throws<NaswotException>(() => Nb201Experiment.Run([], Nb201Dataset.Cifar10, 10, 1));
        Assert.Throws<NaswotException>(() => Nb201Experiment.Run([Cell(0, 1, 1, 1)], Nb201Dataset.Cifar10, 0, 1));
    }
}
