using Naswot.Scoring;

namespace Naswot.Tests.Scoring;

public class RankEnsembleTests
{
    /// <summary>scipy's rankdata ('average'): 1 + the values below, + half the other values equal; −∞ and NaN count as equal and lowest.</summary>
    private static double NaiveRank(IReadOnlyList<double> values, int i)
    {
        static double Key(double v) => double.IsNaN(v) ? double.NegativeInfinity : v;
        double below = values.Count(v => Key(v) < Key(values[i]));
        double tied = values.Count(v => Key(v) == Key(values[i])) - 1;
        return 1 + below + tied / 2;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(64)]
    [InlineData(129)]
    public void The_ensemble_is_the_sum_of_log_rank_over_n(int n)
    {
        var random = new SeededRandom((ulong)n);
        // Few distinct values, so ties are common; some −∞ and NaN.
        double Draw() => random.NextInt(10) switch { 0 => double.NegativeInfinity, 1 => double.NaN, var k => k / 3 };
        double[][] scores = [.. Enumerable.Range(0, 3).Select(_ => Enumerable.Range(0, n).Select(_ => Draw()).ToArray())];
        var combined = RankEnsemble.Combine(scores);
        for (int i = 0; i < n; i++)
            Assert.Equal(scores.Sum(s => Math.Log(NaiveRank(s, i) / n)), combined[i], 12);
    }

    [Fact]
    public void Higher_values_rank_higher_and_an_architecture_last_on_one_proxy_pays_for_it()
    {
        // b is best on both; a second on both; c second-best on one and last (−∞) on the other.
        var combined = RankEnsemble.Combine([[2.0, 4.0, double.NegativeInfinity, 3.0], [2.0, 9.0, 5.0, 1.0]]);
        Assert.Equal(0, combined[1], 12);
        Assert.Equal(2 * Math.Log(2.0 / 4), combined[0], 12);
        Assert.Equal(Math.Log(1.0 / 4) + Math.Log(3.0 / 4), combined[2], 12);
        Assert.True(combined[0] > combined[2]);
    }
}
