namespace Naswot.Tests.Networks;

/// <summary>
/// Distributions checked statistically on many draws from fixed seeds (so the outcomes are fixed; the tolerances
/// are several standard errors wide).
/// </summary>
public class WeightInitTests
{
    [Fact]
    public void NextGaussian_draws_standard_normals_reproducibly()
    {
        var random = new SeededRandom(7);
        double[] draws = [.. Enumerable.Range(0, 1_000_000).Select(_ => random.NextGaussian())];
        var (mean, std) = MeanStd(draws);
        Assert.InRange(mean, -0.005, 0.005);
        Assert.InRange(std, 0.995, 1.005);
        // The shape as well as the scale: Φ(1) − Φ(−1) = 0.6827, Φ(2) − Φ(−2) = 0.9545.
        Assert.InRange(draws.Count(d => Math.Abs(d) < 1) / 1e6, 0.6807, 0.6847);
        Assert.InRange(draws.Count(d => Math.Abs(d) < 2) / 1e6, 0.9530, 0.9560);
        var again = new SeededRandom(7);
        Assert.Equal(draws.Take(5), Enumerable.Range(0, 5).Select(_ => again.NextGaussian()));
    }

    private static (double Mean, double Std) MeanStd(IReadOnlyCollection<double> values)
    {
        double mean = values.Average();
        return (mean, Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Count));
    }
}
