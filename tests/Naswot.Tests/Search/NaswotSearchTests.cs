using Naswot.Benchmarks;
using Naswot.Search;
using Naswot.Spaces;
using Naswot.Store;

namespace Naswot.Tests.Search;

public sealed class NaswotSearchTests
{
    [Fact]
    public void BestIsTheHighestScoreAndTheFirstOnTies()
    {
        Assert.Equal(2, NaswotSearch.Best([1.0, 3.0, 7.5, -2.0, 7.5]));
        Assert.Equal(1, NaswotSearch.Best([double.NegativeInfinity, -1e300, double.NegativeInfinity]));
        Assert.Equal(0, NaswotSearch.Best([double.NegativeInfinity, double.NegativeInfinity]));
        Assert.Equal(0, NaswotSearch.Best([4.0]));
    }

    [Fact]
    public void SamplesComeFromTheDrawAndTheSeed()
    {
        var space = Nb201Space.Instance;
        string[] a = NaswotSearch.SampleWithReplacement(1000, space.Sample, new SeededRandom(5));
        Assert.Equal(a, NaswotSearch.SampleWithReplacement(1000, space.Sample, new SeededRandom(5)));
        var random = new SeededRandom(5);
        Assert.Equal(Enumerable.Range(0, 1000).Select(_ => space.SampleCell(random).ToString()), a);
        Assert.True(a.Distinct().Count() > 900);
    }

    [Fact]
    public void DistinctSamplesHaveNoRepeats()
    {
        var space = Nb201Space.Instance;
        string[] sample = NaswotSearch.SampleDistinct(2000, space.Size, space.Sample, new SeededRandom(1));
        Assert.Equal(2000, sample.Distinct().Count());
        Assert.Equal(Nb201Cell.Count, NaswotSearch.SampleDistinct(Nb201Cell.Count, space.Size, space.Sample, new SeededRandom(2)).Distinct().Count());
        Assert.Throws<NaswotException>(() => NaswotSearch.SampleDistinct(0, space.Size, space.Sample, new SeededRandom(1)));
        Assert.Throws<NaswotException>(() => NaswotSearch.SampleDistinct(Nb201Cell.Count + 1, space.Size, space.Sample, new SeededRandom(1)));
    }

    [Fact]
    public void CorrelationKeepsUnscoredCellsInTheRanking()
    {
        ScoredArchitecture[] cells =
        [
            new("a", 3.0, new Accuracy(70, 71), ScoreStatus.Ok, false),
            new("b", 1.0, new Accuracy(50, 52), ScoreStatus.Ok, false),
            new("c", double.NegativeInfinity, new Accuracy(10, 60), ScoreStatus.Singular, false),
            new("d", 2.0, new Accuracy(60, 40), ScoreStatus.Ok, false),
        ];
        var c = ScoreCorrelation.Of(cells);
        Assert.Equal((4, 1), (c.Count, c.Unscored));
        Assert.Equal(1.0, c.TauValidation);
        Assert.Equal(1.0, c.RhoValidation);
        Assert.Equal(KendallTau.TauB([3.0, 1.0, double.NegativeInfinity, 2.0], [71.0, 52, 60, 40]), c.TauTest);
        Assert.Equal(0.0, c.TauTest); // 3 concordant, 3 discordant pairs
    }

    [Fact]
    public void CorrelationWithoutTestAccuracyHasNoTestFigures()
    {
        ScoredArchitecture[] cells =
        [
            new("a", 3.0, new Accuracy(70, 71), ScoreStatus.Ok, false),
            new("b", 1.0, new Accuracy(50), ScoreStatus.Ok, false),
            new("c", 2.0, new Accuracy(60, 40), ScoreStatus.Ok, false),
        ];
        var c = ScoreCorrelation.Of(cells);
        Assert.Equal(1.0, c.TauValidation);
        Assert.Null(c.TauTest);
        Assert.Null(c.RhoTest);
    }
}
