namespace Naswot.Scoring;

/// <summary>Eigenvalues of a real symmetric matrix, in doubles.</summary>
/// <remarks>
/// The proxies' matrices are small (a layer's or a stage's channels, at most a few hundred) and need every
/// eigenvalue or the smallest. <see cref="Values(Span{double}, int, Span{double}, Span{double})"/> reduces the matrix to tridiagonal form by Householder reflections
/// and finds the eigenvalues of that by the implicit QL method with Wilkinson shifts (Golub &amp; Van Loan, §8.3); the
/// cyclic Jacobi method (<see cref="ValuesJacobi"/>), slower but plain, is its test oracle.
/// </remarks>
public static class SymmetricEigen
{
    private const int MaxSweeps = 64;
    private const int MaxIterations = 64;

    /// <summary>The eigenvalues of the symmetric n×n <paramref name="matrix"/>, ascending, into <paramref name="values"/>; all NaN should the iteration not converge.</summary>
    /// <param name="matrix">n×n row-major, symmetric; overwritten.</param>
    /// <param name="values">At least n; receives the eigenvalues.</param>
    /// <param name="offDiagonal">Scratch of at least n.</param>
    public static void Values(Span<double> matrix, int n, Span<double> values, Span<double> offDiagonal)
    {
        if (matrix.Length < (long)n * n) throw new ArgumentException("matrix must be n × n", nameof(matrix));
        if (values.Length < n || offDiagonal.Length < n) throw new ArgumentException("values and offDiagonal must hold n", nameof(values));
        if (n == 0) return;
        Tridiagonalize(matrix, n, values, offDiagonal);
        TridiagonalQl(values[..n], offDiagonal[..n]);
        values[..n].Sort();
    }

    /// <summary>As <see cref="Values(Span{double}, int, Span{double}, Span{double})"/>, with scratch of its own.</summary>
    public static void Values(Span<double> matrix, int n, Span<double> values) => Values(matrix, n, values, new double[n]);

    /// <summary>The smallest eigenvalue of the symmetric n×n <paramref name="matrix"/> (overwritten); <paramref name="values"/> and <paramref name="offDiagonal"/> are scratch of n.</summary>
    public static double Min(Span<double> matrix, int n, Span<double> values, Span<double> offDiagonal)
    {
        Values(matrix, n, values, offDiagonal);
        return values[0];
    }

    /// <summary>The cyclic Jacobi method: rotations until the off-diagonal part is below rounding; the oracle of <see cref="Values(Span{double}, int, Span{double}, Span{double})"/>.</summary>
    internal static void ValuesJacobi(Span<double> matrix, int n, Span<double> values)
    {
        for (int sweep = 0; sweep < MaxSweeps; sweep++)
        {
            double off = 0, diagonal = 0;
            for (int p = 0; p < n; p++)
            {
                diagonal += matrix[p * n + p] * matrix[p * n + p];
                for (int q = p + 1; q < n; q++) off += matrix[p * n + q] * matrix[p * n + q];
            }
            if (off <= 1e-30 * diagonal || off == 0) break;
            for (int p = 0; p < n - 1; p++)
                for (int q = p + 1; q < n; q++) Rotate(matrix, n, p, q);
        }
        for (int i = 0; i < n; i++) values[i] = matrix[i * n + i];
        values[..n].Sort();
    }

    /// <summary>
    /// Householder reduction to tridiagonal form T = QᵀAQ: <paramref name="diagonal"/> gets T's diagonal and
    /// <paramref name="offDiagonal"/>[k] the element between rows k and k + 1 (the last one 0). Only the trailing
    /// block of the matrix is updated, as a symmetric rank-2 update.
    /// </summary>
    private static void Tridiagonalize(Span<double> a, int n, Span<double> diagonal, Span<double> offDiagonal)
    {
        for (int k = 0; k < n - 2; k++)
        {
            // x = A[k+1.., k]; reflect it onto alpha·e₁.
            double norm = 0;
            for (int i = k + 1; i < n; i++) norm += a[i * n + k] * a[i * n + k];
            norm = Math.Sqrt(norm);
            if (norm == 0)
            {
                offDiagonal[k] = 0;
                continue;
            }
            double x0 = a[(k + 1) * n + k];
            double alpha = x0 > 0 ? -norm : norm;
            // v = x − alpha·e₁ stored in column k below the diagonal; β = 2 / vᵀv.
            a[(k + 1) * n + k] = x0 - alpha;
            double vv = 0;
            for (int i = k + 1; i < n; i++) vv += a[i * n + k] * a[i * n + k];
            double beta = 2 / vv;
            // p = β·A'v, then w = p − (β/2)(vᵀp)·v, A' ← A' − v·wᵀ − w·vᵀ (kept in the upper triangle's mirror too).
            double vp = 0;
            for (int i = k + 1; i < n; i++)
            {
                double sum = 0;
                for (int j = k + 1; j < n; j++) sum += a[i * n + j] * a[j * n + k];
                diagonal[i] = beta * sum;
                vp += a[i * n + k] * diagonal[i];
            }
            double half = beta / 2 * vp;
            for (int i = k + 1; i < n; i++) diagonal[i] -= half * a[i * n + k];
            for (int i = k + 1; i < n; i++)
                for (int j = k + 1; j <= i; j++)
                {
                    double updated = a[i * n + j] - a[i * n + k] * diagonal[j] - diagonal[i] * a[j * n + k];
                    a[i * n + j] = updated;
                    a[j * n + i] = updated;
                }
            offDiagonal[k] = alpha;
        }
        for (int i = 0; i < n; i++) diagonal[i] = a[i * n + i];
        if (n >= 2) offDiagonal[n - 2] = a[(n - 1) * n + n - 2];
        offDiagonal[n - 1] = 0;
    }

    /// <summary>
    /// The eigenvalues of the symmetric tridiagonal matrix (<paramref name="d"/>, <paramref name="e"/>), in place in
    /// <paramref name="d"/>: implicit QL sweeps with a Wilkinson shift, deflating where an off-diagonal element falls
    /// below rounding of its neighbours.
    /// </summary>
    private static void TridiagonalQl(Span<double> d, Span<double> e)
    {
        int n = d.Length;
        // Negligible off-diagonal elements are judged against the whole matrix, not their neighbours: a correlation
        // matrix of rank r < n has n − r eigenvalues at 0, a cluster the local test never deflates.
        double norm = 0;
        for (int i = 0; i < n; i++) norm = Math.Max(norm, Math.Abs(d[i]) + Math.Abs(e[i]));
        double tolerance = 4 * double.Epsilon + 2.3e-16 * norm;
        for (int l = 0; l < n; l++)
        {
            for (int iteration = 0; ; iteration++)
            {
                int m = l;
                for (; m < n - 1; m++)
                {
                    double dd = Math.Abs(d[m]) + Math.Abs(d[m + 1]);
                    if (Math.Abs(e[m]) + dd == dd || Math.Abs(e[m]) <= tolerance) break;
                }
                if (m == l) break;
                if (iteration == MaxIterations)
                {
                    // Not seen on any tested matrix; NaN fails the one network's score (stored as a failure) and not the run.
                    d.Fill(double.NaN);
                    return;
                }
                double g = (d[l + 1] - d[l]) / (2 * e[l]);
                double r = Hypot(g, 1);
                g = d[m] - d[l] + e[l] / (g + (g >= 0 ? r : -r));
                double s = 1, c = 1, p = 0;
                bool underflow = false;
                for (int i = m - 1; i >= l; i--)
                {
                    double f = s * e[i], b = c * e[i];
                    r = Hypot(f, g);
                    e[i + 1] = r;
                    if (r == 0)
                    {
                        // A zero rotation: the matrix splits here; subtract the shift applied so far and start over.
                        d[i + 1] -= p;
                        e[m] = 0;
                        underflow = true;
                        break;
                    }
                    s = f / r;
                    c = g / r;
                    g = d[i + 1] - p;
                    r = (d[i] - g) * s + 2 * c * b;
                    p = s * r;
                    d[i + 1] = g + p;
                    g = c * r - b;
                }
                if (underflow) continue;
                d[l] -= p;
                e[l] = g;
                e[m] = 0;
            }
        }
    }

    private static double Hypot(double a, double b)
    {
        double x = Math.Abs(a), y = Math.Abs(b);
        if (x < y) (x, y) = (y, x);
        if (x == 0) return 0;
        double ratio = y / x;
        return x * Math.Sqrt(1 + ratio * ratio);
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
