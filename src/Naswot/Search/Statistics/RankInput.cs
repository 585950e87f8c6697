namespace Naswot.Search;

internal static class RankInput
{
    /// <summary>
    /// Pairs must line up, and NaN has no rank. Infinities are ordinary values: a singular cell scores −∞,
    /// ranks below every finite score and ties with the other singular cells.
    /// </summary>
    public static void Validate(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length)
            throw new ArgumentException($"x has {x.Length} values but y has {y.Length}", nameof(y));
        if (HasNaN(x)) throw new ArgumentException("x contains NaN, which has no rank", nameof(x));
        if (HasNaN(y)) throw new ArgumentException("y contains NaN, which has no rank", nameof(y));
    }

    private static bool HasNaN(ReadOnlySpan<double> values)
    {
        foreach (double value in values)
            if (double.IsNaN(value)) return true;
        return false;
    }
}
