using Naswot.Scoring;

namespace Naswot.Tests.Scoring;

public class SymmetricEigenTests
{
    private static double[] RandomSymmetric(int n, ulong seed)
    {
        var random = new SeededRandom(seed);
        var a = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = i; j < n; j++) a[i * n + j] = a[j * n + i] = random.NextGaussian();
        return a;
    }

    /// <summary>
    /// Against the definitions: the eigenvalues sum to the trace, their squares to the squared Frobenius norm, and
    /// each makes A − λI singular (its smallest singular direction: det(A − λI) ≈ 0 relative to its neighbours).
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(17)]
    [InlineData(64)]
    public void Eigenvalues_keep_the_trace_and_the_frobenius_norm_and_zero_the_determinant(int n)
    {
        var a = RandomSymmetric(n, (ulong)n);
        var values = new double[n];
        SymmetricEigen.Values(a.ToArray(), n, values);
        Assert.Equal(Enumerable.Range(0, n).Sum(i => a[i * n + i]), values.Sum(), 9);
        Assert.Equal(a.Sum(x => x * x), values.Sum(v => v * v), 8);
        Assert.Equal(values.Order(), values);
        if (n > 17) return;
        foreach (double lambda in values)
        {
            var shifted = a.ToArray();
            for (int i = 0; i < n; i++) shifted[i * n + i] -= lambda;
            double logDet = LogDeterminant.OfInPlace(shifted, n);
            var nearby = a.ToArray();
            for (int i = 0; i < n; i++) nearby[i * n + i] -= lambda + 1e-3;
            Assert.True(logDet < LogDeterminant.OfInPlace(nearby, n) - 4, $"λ = {lambda}: log|det| {logDet}");
        }
    }

    [Fact]
    public void A_two_by_two_matrix_has_its_closed_form_eigenvalues()
    {
        // [[a, b], [b, d]]: (a + d)/2 ± sqrt(((a − d)/2)² + b²).
        double a = 2, b = -1.5, d = 0.25, mean = (a + d) / 2, radius = Math.Sqrt(Math.Pow((a - d) / 2, 2) + b * b);
        var values = new double[2];
        SymmetricEigen.Values(new[] { a, b, b, d }, 2, values);
        Assert.Equal(mean - radius, values[0], 14);
        Assert.Equal(mean + radius, values[1], 14);
    }
}
