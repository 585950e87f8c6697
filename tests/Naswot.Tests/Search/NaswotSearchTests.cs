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
    public void SamplesAreUniformIndicesFromTheSeed()
    {
        int[] a = NaswotSearch.SampleWithReplacement(1000, new SeededRandom(5));
        Assert.Equal(a, NaswotSearch.SampleWithReplacement(1000, new SeededRandom(5)));
        Assert.All(a, i => Assert.InRange(i, 0, Nb201Cell.Count - 1));
        Assert.True(a.Distinct().Count() > 900);
    }

    [Fact]
    public void DistinctSamplesHaveNoRepeats()
    {
        int[] sample = NaswotSearch.SampleDistinct(2000, new SeededRandom(1));
        Assert.Equal(2000, sample.Distinct().Count());
        Assert.Equal(Nb201Cell.Count, NaswotSearch.SampleDistinct(Nb201Cell.Count, new SeededRandom(2)).Distinct().Count());
        Assert.Throws<NaswotException>(() => NaswotSearch.SampleDistinct(0, new SeededRandom(1)));
        Assert.Throws<NaswotException>(() => NaswotSearch.SampleDistinct(Nb201Cell.Count + 1, new SeededRandom(1)));
    }

    [Fact]
    public void CorrelationKeepsUnscoredCellsInTheRanking()
    {
        ScoredCell[] cells =
        [
            new(0, 3.0, new Nb201Accuracy(70, 71), ScoreStatus.Ok, false),
            new(1, 1.0, new Nb201Accuracy(50, 52), ScoreStatus.Ok, false),
            new(2, double.NegativeInfinity, new Nb201Accuracy(10, 60), ScoreStatus.Singular, false),
            new(3, 2.0, new Nb201Accuracy(60, 40), ScoreStatus.Ok, false),
        ];
        var c = ScoreCorrelation.Of(cells);
        Assert.Equal((4, 1), (c.Count, c.Unscored));
        Assert.Equal(1.0, c.TauValidation);
        Assert.Equal(1.0, c.RhoValidation);
        Assert.Equal(KendallTau.TauB([3.0, 1.0, double.NegativeInfinity, 2.0], [71.0, 52, 60, 40]), c.TauTest);
        Assert.Equal(0.0, c.TauTest); // 3 concordant, 3 discordant pairs
    }
}
