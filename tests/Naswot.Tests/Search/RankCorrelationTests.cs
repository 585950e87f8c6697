using CsCheck;
using Naswot.Search;

namespace Naswot.Tests.Search;

public class RankCorrelationTests
{
    private const double Inf = double.PositiveInfinity;

    // Expected values worked by hand (pair counts in the comment) and rechecked with a plain-Python
    // pair loop and average-rank Pearson; scipy computes tau-b as C−D / √(P−Tx) / √(P−Ty) in that order.
    [Theory]
    // P=10: C=8, D=1, Tx=0, Ty=1 (the two 7s) → 7/√10/√9. (Not 0.9487 = √0.9: pair (8,7) is discordant.)
    [InlineData(new double[] { 1, 2, 3, 4, 5 }, new double[] { 5, 6, 7, 8, 7 }, 0.7378647873726218, 0.8207826816681233)]
    // scipy's documented example; P=10: C=2, D=6, Tx=2, Ty=1 → −4/√8/√9.
    [InlineData(new double[] { 12, 2, 1, 12, 2 }, new double[] { 1, 4, 7, 1, 0 }, -0.4714045207910316, -0.5407380704358752)]
    // P=10: C=5, D=1, Tx=2, Ty=2 → 4/√8/√8 = 0.5.
    [InlineData(new double[] { 1, 1, 2, 2, 3 }, new double[] { 1, 2, 1, 2, 3 }, 0.49999999999999994, 0.5555555555555556)]
    // −∞ is the lowest value and the two −∞ tie: P=6: C=4, D=0, Tx=1, Ty=1 → 4/√5/√5.
    [InlineData(new[] { -Inf, -Inf, 0, 1 }, new double[] { 0, 1, 1, 2 }, 0.7999999999999999, 0.8333333333333334)]
    public void HandWorkedExamples(double[] x, double[] y, double tau, double rho)
    {
        Assert.Equal(tau, KendallTau.TauB(x, y));
        Assert.Equal(tau, KendallTau.TauBNaive(x, y));
        Assert.Equal(rho, Spearman.Rho(x, y), 1e-15);
    }

    [Fact]
    public void ScipyDocumentedValueAgreesToRounding() =>
        // scipy's docs print −0.47140452079103173, from an older −4/√72; the current formula differs by 1 ulp.
        Assert.Equal(-0.47140452079103173, KendallTau.TauB([12, 2, 1, 12, 2], [1, 4, 7, 1, 0]), 1e-15);

    [Fact]
    public void AverageRanksShareTiedPositions() =>
        Assert.Equal([4, 2.5, 1, 5.5, 2.5, 5.5], Spearman.AverageRanks([7, 3, -Inf, 9, 3, 9]));

    [Theory]
    [InlineData(new double[] { })]
    [InlineData(new double[] { 4 })]
    [InlineData(new double[] { 2, 2, 2 })]
    public void UndefinedWhenTooShortOrConstant(double[] x)
    {
        double[] y = [.. Enumerable.Range(0, x.Length).Select(i => (double)i)];
        Assert.Equal(double.NaN, KendallTau.TauB(x, y));
        Assert.Equal(double.NaN, KendallTau.TauB(y, x));
        Assert.Equal(double.NaN, Spearman.Rho(x, y));
        Assert.Equal(double.NaN, Spearman.Rho(y, x));
    }

    [Fact]
    public void NaNAndMismatchedLengthsAreRejected()
    {
        Assert.Throws<ArgumentException>(() => KendallTau.TauB([1, double.NaN], [1, 2]));
        Assert.Throws<ArgumentException>(() => KendallTau.TauB([1, 2], [double.NaN, 2]));
        Assert.Throws<ArgumentException>(() => KendallTau.TauBNaive([1, double.NaN], [1, 2]));
        Assert.Throws<ArgumentException>(() => Spearman.Rho([1, 2], [1, double.NaN]));
        Assert.Throws<ArgumentException>(() => KendallTau.TauB([1, 2, 3], [1, 2]));
        Assert.Throws<ArgumentException>(() => Spearman.Rho([1, 2, 3], [1, 2]));
    }

    /// <summary>Few distinct values, −∞ among them, so most samples are full of ties.</summary>
    private static readonly Gen<double> TiedValue = Gen.Frequency(
        (6, Gen.Int[-3, 3].Select(i => (double)i)),
        (1, Gen.Const(double.NegativeInfinity)),
        (1, Gen.Double[-1e6, 1e6]));

    private static readonly Gen<(double[] X, double[] Y)> TiedPairs =
        Gen.Int[0, 80].SelectMany(n => Gen.Select(TiedValue.Array[n], TiedValue.Array[n]));

    [Fact]
    public void FastTauEqualsTheNaiveDefinitionWithManyTies() =>
        TiedPairs.Sample(p => Assert.Equal(KendallTau.TauBNaive(p.X, p.Y), KendallTau.TauB(p.X, p.Y)), iter: 2000);

    [Fact]
    public void FastTauEqualsTheNaiveDefinitionOnLongDistinctRuns() =>
        Gen.Int[100, 700].SelectMany(n => Gen.Select(Gen.Double.Array[n], Gen.Double[-1, 1].Array[n]))
            .Where(p => !p.Item1.Any(double.IsNaN))
            .Sample(p => Assert.Equal(KendallTau.TauBNaive(p.Item1, p.Item2), KendallTau.TauB(p.Item1, p.Item2)), iter: 50);

    [Fact]
    public void CorrelationsAreSymmetric() =>
        TiedPairs.Sample(p =>
        {
            Assert.Equal(KendallTau.TauB(p.X, p.Y), KendallTau.TauB(p.Y, p.X), 1e-15);
            Assert.Equal(Spearman.Rho(p.X, p.Y), Spearman.Rho(p.Y, p.X), 1e-15);
        }, iter: 1000);

    [Fact]
    public void ASequenceAgreesWithItselfAndOpposesItsNegation() =>
        TiedValue.Array[2, 80].Where(x => x.Distinct().Count() > 1).Sample(x =>
        {
            double[] negated = [.. x.Select(v => -v)];
            // Within rounding only: with ties scipy's (P−T)/√(P−T)/√(P−T) itself lands an ulp below 1.
            Assert.Equal(1.0, KendallTau.TauB(x, x), 1e-15);
            Assert.Equal(-1.0, KendallTau.TauB(x, negated), 1e-15);
            Assert.Equal(1.0, Spearman.Rho(x, x), 1e-14);
            Assert.Equal(-1.0, Spearman.Rho(x, negated), 1e-14);
        }, iter: 1000);

    [Fact]
    public void RhoWithoutTiesIsTheRankDifferenceFormula() =>
        Gen.Int[2, 60].SelectMany(n => Gen.Select(Gen.Shuffle(Enumerable.Range(1, n).ToArray()), Gen.Shuffle(Enumerable.Range(1, n).ToArray())))
            .Sample(p =>
            {
                long n = p.Item1.Length, squares = p.Item1.Zip(p.Item2, (a, b) => (long)(a - b) * (a - b)).Sum();
                double expected = 1 - 6.0 * squares / (n * (n * n - 1));
                Assert.Equal(expected, Spearman.Rho([.. p.Item1.Select(v => (double)v)], [.. p.Item2.Select(v => (double)v)]), 1e-12);
            }, iter: 500);
}
