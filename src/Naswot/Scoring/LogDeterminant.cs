namespace Naswot.Scoring;

/// <summary>log|det K| in double precision, as numpy.linalg.slogdet returns it.</summary>
public static class LogDeterminant
{
    /// <summary>
    /// LU factorisation with partial pivoting (the LAPACK getrf algorithm). A zero pivot means K is singular:
    /// the result is −∞, which ranks below every finite score.
    /// </summary>
    /// <param name="matrix">n×n row-major; overwritten by the factors.</param>
    public static double OfInPlace(Span<double> matrix, int n)
    {
        if (matrix.Length < (long)n * n) throw new ArgumentException("matrix must be n × n", nameof(matrix));
        double logAbs = 0;
        for (int col = 0; col < n; col++)
        {
            int pivot = col;
            double best = Math.Abs(matrix[col * n + col]);
            for (int r = col + 1; r < n; r++)
            {
                double v = Math.Abs(matrix[r * n + col]);
                if (v > best)
                {
                    best = v;
                    pivot = r;
                }
            }
            if (best == 0) return double.NegativeInfinity;
            if (pivot != col)
            {
                var a = matrix.Slice(col * n, n);
                var b = matrix.Slice(pivot * n, n);
                for (int k = 0; k < n; k++) (a[k], b[k]) = (b[k], a[k]);
            }
            double diagonal = matrix[col * n + col];
            logAbs += Math.Log(Math.Abs(diagonal));
            var pivotRow = matrix.Slice(col * n + col + 1, n - col - 1);
            for (int r = col + 1; r < n; r++)
            {
                double factor = matrix[r * n + col] / diagonal;
                if (factor == 0) continue;
                var row = matrix.Slice(r * n + col + 1, n - col - 1);
                for (int k = 0; k < row.Length; k++) row[k] -= factor * pivotRow[k];
            }
        }
        return logAbs;
    }

    /// <summary>log|det| of the symmetric matrix whose upper triangle <paramref name="upper"/> holds.</summary>
    /// <param name="matrix">n×n scratch for the factorisation, so that scoring many cells allocates nothing here.</param>
    public static double OfSymmetric(ReadOnlySpan<long> upper, int n, Span<double> matrix)
    {
        for (int i = 0; i < n; i++)
        {
            for (int j = i; j < n; j++)
            {
                matrix[i * n + j] = upper[i * n + j];
                matrix[j * n + i] = upper[i * n + j];
            }
        }
        return OfInPlace(matrix, n);
    }
}
