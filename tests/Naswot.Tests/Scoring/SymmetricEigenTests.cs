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

    /// <summary>The tridiagonal QL path against the Jacobi oracle, on random, diagonal, rank-one, zero and repeated-eigenvalue matrices.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(33)]
    [InlineData(64)]
    [InlineData(129)]
    public void The_ql_path_agrees_with_jacobi(int n)
    {
        var random = new SeededRandom((ulong)(n + 100));
        double[] vector = [.. Enumerable.Range(0, n).Select(_ => random.NextGaussian())];
        double[] rankOne = [.. Enumerable.Range(0, n * n).Select(k => vector[k / n] * vector[k % n])];
        double[] diagonal = [.. Enumerable.Range(0, n * n).Select(k => k / n == k % n ? (k % 3) - 1.0 : 0)];
        foreach (var matrix in new[] { RandomSymmetric(n, (ulong)n), rankOne, diagonal, new double[n * n] })
        {
            var fast = new double[n];
            var oracle = new double[n];
            SymmetricEigen.Values(matrix.ToArray(), n, fast);
            SymmetricEigen.ValuesJacobi(matrix.ToArray(), n, oracle);
            double scale = Math.Max(1, oracle.Max(Math.Abs));
            for (int i = 0; i < n; i++) Assert.True(Math.Abs(fast[i] - oracle[i]) <= 1e-10 * scale, $"n {n}, λ{i}: {fast[i]} vs {oracle[i]}");
        }
    }

    /// <summary>
    /// A correlation matrix of 288 channels over 64 positions (an NDS layer of 8×8), of rank at most 63: 225 eigenvalues
    /// at 0, a cluster that a deflation test relative to neighbours alone never converges on.
    /// </summary>
    [Fact]
    public void A_rank_deficient_correlation_matrix_converges_to_the_jacobi_values()
    {
        const int channels = 288, positions = 64;
        var random = new SeededRandom(288);
        double[][] rows = [.. Enumerable.Range(0, channels).Select(_ => Enumerable.Range(0, positions).Select(_ => random.NextGaussian()).ToArray())];
        foreach (var row in rows)
        {
            double mean = row.Average(), norm = Math.Sqrt(row.Sum(v => (v - mean) * (v - mean)));
            for (int i = 0; i < positions; i++) row[i] = (row[i] - mean) / norm;
        }
        var correlation = new double[channels * channels];
        for (int a = 0; a < channels; a++)
            for (int b = 0; b < channels; b++) correlation[a * channels + b] = rows[a].Zip(rows[b]).Sum(p => p.First * p.Second);
        var fast = new double[channels];
        var oracle = new double[channels];
        SymmetricEigen.Values(correlation.ToArray(), channels, fast);
        SymmetricEigen.ValuesJacobi(correlation.ToArray(), channels, oracle);
        for (int i = 0; i < channels; i++) Assert.True(Math.Abs(fast[i] - oracle[i]) <= 1e-9, $"λ{i}: {fast[i]} vs {oracle[i]}");
        Assert.InRange(fast[0], -1e-9, 1e-9);
    }
}
