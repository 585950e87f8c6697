using Naswot.Scoring;

namespace Naswot.Tests.Scoring;

public class LogDeterminantTests
{
    [Fact]
    public void Diagonal_matrix_gives_the_sum_of_logs()
    {
        const int N = 6;
        var m = new double[N * N];
        double expected = 0;
        for (int i = 0; i < N; i++)
        {
            m[i * N + i] = i + 2;
            expected += Math.Log(i + 2);
        }
        Assert.Equal(expected, LogDeterminant.OfInPlace(m, N), 12);
    }

    [Fact]
    public void Known_determinants_including_negative_and_pivoting()
    {
        // det [[0,1],[1,0]] = −1 → log|det| = 0; needs a row swap.
        Assert.Equal(0.0, LogDeterminant.OfInPlace(new double[] { 0, 1, 1, 0 }, 2), 12);
        // det [[2,1,1],[1,3,2],[1,0,0]] = 2·0 − 1·(0−2) + 1·(0−3) = −1.
        Assert.Equal(0.0, LogDeterminant.OfInPlace(new double[] { 2, 1, 1, 1, 3, 2, 1, 0, 0 }, 3), 12);
        // Cofactor expansion: 3·(63−30) − 1·(54−15) + 2·(36−21) = 90.
        Assert.Equal(Math.Log(90), LogDeterminant.OfInPlace(new double[] { 3, 1, 2, 6, 7, 5, 3, 6, 9 }, 3), 12);
    }

    [Fact]
    public void Hilbert_like_symmetric_matrix_matches_its_closed_form()
    {
        // K = a·I + b·11ᵀ has det = a^(n−1)·(a + n·b): the shape of a NASWOT kernel with identical off-diagonals.
        const int N = 128;
        const long A = 500, B = 1500;
        var upper = new long[N * N];
        for (int i = 0; i < N; i++)
            for (int j = i; j < N; j++) upper[i * N + j] = B + (i == j ? A : 0);
        double expected = (N - 1) * Math.Log(A) + Math.Log(A + N * B);
        Assert.Equal(expected, LogDeterminant.OfSymmetric(upper, N, new double[N * N]), 9);
    }

    [Fact]
    public void Singular_kernel_scores_negative_infinity()
    {
        const int N = 16;
        var upper = new long[N * N];
        for (int i = 0; i < N; i++)
            for (int j = i; j < N; j++) upper[i * N + j] = 4096;
        Assert.Equal(double.NegativeInfinity, LogDeterminant.OfSymmetric(upper, N, new double[N * N]));
        var zero = new double[9];
        Assert.Equal(double.NegativeInfinity, LogDeterminant.OfInPlace(zero, 3));
    }
}
