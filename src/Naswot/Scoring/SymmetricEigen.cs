namespace Naswot.Scoring;

/// <summary>Eigenvalues of a real symmetric matrix by the cyclic Jacobi method, in doubles.</summary>
/// <remarks>
/// The proxies' matrices are small (a layer's channels, at most a few hundred) and need every eigenvalue or the
/// smallest; Jacobi rotations are simple, need no workspace beyond the matrix, and reach full relative accuracy.
/// </remarks>
public static class SymmetricEigen
{
    private const int MaxSweeps = 64;

    /// <summary>The eigenvalues of the symmetric n×n <paramref name="matrix"/>, ascending, into <paramref name="values"/>.</summary>
    /// <param name="matrix">n×n row-major, symmetric; overwritten (its diagonal ends as the eigenvalues, unsorted).</param>
    public static void Values(Span<double> matrix, int n, Span<double> values)
    {
        if (matrix.Length < (long)n * n) throw new ArgumentException("matrix must be n × n", nameof(matrix));
        if (values.Length < n) throw new ArgumentException("values must hold n", nameof(values));
        for (int sweep = 0; sweep < MaxSweeps; sweep++)
        {
            double off = 0, diagonal = 0;
            for (int p = 0; p < n; p++)
            {
                diagonal += matrix[p * n + p] * matrix[p * n + p];
                for (int q = p + 1; q < n; q++) off += matrix[p * n + q] * matrix[p * n + q];
            }
            // Converged when the off-diagonal part is below rounding of the diagonal's.
            if (off <= 1e-30 * diagonal || off == 0) break;
            for (int p = 0; p < n - 1; p++)
                for (int q = p + 1; q < n; q++) Rotate(matrix, n, p, q);
        }
        for (int i = 0; i < n; i++) values[i] = matrix[i * n + i];
        values[..n].Sort();
    }

    /// <summary>The smallest eigenvalue of the symmetric n×n <paramref name="matrix"/> (overwritten); <paramref name="values"/> is scratch of n.</summary>
    public static double Min(Span<double> matrix, int n, Span<double> values)
    {
        Values(matrix, n, values);
        return values[0];
    }

    /// <summary>One Jacobi rotation zeroing a[p,q]: A ← JᵀAJ with J the rotation in the (p, q) plane.</summary>
    private static void Rotate(Span<double> a, int n, int p, int q)
    {
        double apq = a[p * n + q];
        if (apq == 0) return;
        double theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        double t = Math.Sign(theta == 0 ? 1 : theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
        double c = 1 / Math.Sqrt(t * t + 1), s = t * c;
        for (int k = 0; k < n; k++)
        {
            double akp = a[k * n + p], akq = a[k * n + q];
            a[k * n + p] = c * akp - s * akq;
            a[k * n + q] = s * akp + c * akq;
        }
        for (int k = 0; k < n; k++)
        {
            double apk = a[p * n + k], aqk = a[q * n + k];
            a[p * n + k] = c * apk - s * aqk;
            a[q * n + k] = s * apk + c * aqk;
        }
    }
}
