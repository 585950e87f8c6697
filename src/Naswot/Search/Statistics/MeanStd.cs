namespace Naswot.Search;

/// <summary>A mean and standard deviation, as the paper's tables print them ("mean ± std").</summary>
public readonly record struct MeanStd(double Mean, double Std, int Count)
{
    /// <summary>
    /// Mean and sample standard deviation (n − 1 in the denominator): the NASWOT repository's
    /// <c>process_results.py</c> builds Table 2 with Python's <c>statistics.stdev</c>, not <c>np.std</c>.
    /// Std is NaN for fewer than two values.
    /// </summary>
    public static MeanStd Of(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty) throw new ArgumentException("no values", nameof(values));
        double mean = 0;
        foreach (double v in values) mean += v;
        mean /= values.Length;
        double squares = 0;
        foreach (double v in values) squares += (v - mean) * (v - mean);
        return new MeanStd(mean, values.Length > 1 ? Math.Sqrt(squares / (values.Length - 1)) : double.NaN, values.Length);
    }

    /// <summary>"mean ± std" with two decimals, as the paper prints them.</summary>
    public override string ToString() => FormattableString.Invariant($"{Mean:F2} ± {Std:F2}");
}
