namespace Naswot.Search;

/// <summary>Kendall's rank correlation, tau-b, computed as <c>scipy.stats.kendalltau</c> computes it.</summary>
public static class KendallTau
{
    /// <summary>
    /// Tau-b = (concordant − discordant) / √(pairs − pairs tied in x) / √(pairs − pairs tied in y), clamped to [−1, 1];
    /// NaN when fewer than two pairs or either side is constant (as scipy). O(n log n) by Knight's algorithm.
    /// </summary>
    /// <exception cref="ArgumentException">Lengths differ or a value is NaN.</exception>
    public static double TauB(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        RankInput.Validate(x, y);
        int n = x.Length;

        // Order by x, then y: pairs tied in x then never count as discordant in the merge sort below.
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        var xs = x.ToArray();
        var ys = y.ToArray();
        Array.Sort(order, (a, b) => xs[a] != xs[b] ? xs[a].CompareTo(xs[b]) : ys[a].CompareTo(ys[b]));

        var sortedY = new double[n];
        for (int i = 0; i < n; i++) sortedY[i] = ys[order[i]];
        long xTies = TiedPairs(n, (a, b) => xs[order[a]] == xs[order[b]]);
        long jointTies = TiedPairs(n, (a, b) => xs[order[a]] == xs[order[b]] && sortedY[a] == sortedY[b]);

        long discordant = CountInversions(sortedY);
        long yTies = TiedPairs(n, (a, b) => sortedY[a] == sortedY[b]);

        long pairs = PairCount(n);
        // pairs = concordant + discordant + (xTies − joint) + (yTies − joint) + joint
        return Tau(pairs, pairs - xTies - yTies + jointTies - 2 * discordant, xTies, yTies);
    }

    /// <summary>The O(n²) definition, pair by pair: the test oracle for <see cref="TauB"/>.</summary>
    internal static double TauBNaive(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        RankInput.Validate(x, y);
        long concordant = 0, discordant = 0, xTies = 0, yTies = 0;
        for (int i = 0; i < x.Length; i++)
        {
            for (int j = i + 1; j < x.Length; j++)
            {
                int sign = x[i].CompareTo(x[j]) * y[i].CompareTo(y[j]);
                if (sign > 0) concordant++;
                else if (sign < 0) discordant++;
                if (x[i] == x[j]) xTies++;
                if (y[i] == y[j]) yTies++;
            }
        }
        return Tau(PairCount(x.Length), concordant - discordant, xTies, yTies);
    }

    private static double Tau(long pairs, long concordantMinusDiscordant, long xTies, long yTies)
    {
        if (xTies == pairs || yTies == pairs) return double.NaN;
        // Same operations, in the same order, as scipy, so results agree to the last bit.
        double tau = concordantMinusDiscordant / Math.Sqrt(pairs - xTies) / Math.Sqrt(pairs - yTies);
        return Math.Clamp(tau, -1.0, 1.0);
    }

    private static long PairCount(long n) => n * (n - 1) / 2;

    /// <summary>Pairs within runs of equal neighbours, for a sequence sorted so that equal items are adjacent.</summary>
    private static long TiedPairs(int length, Func<int, int, bool> equal)
    {
        long ties = 0;
        for (int start = 0, end; start < length; start = end)
        {
            for (end = start + 1; end < length && equal(start, end); end++) { }
            ties += PairCount(end - start);
        }
        return ties;
    }

    /// <summary>Sorts <paramref name="values"/> ascending (bottom-up merge sort) and returns the pairs i &lt; j with values[i] &gt; values[j].</summary>
    private static long CountInversions(double[] values)
    {
        long inversions = 0;
        var buffer = new double[values.Length];
        for (int width = 1; width < values.Length; width *= 2)
        {
            for (int left = 0; left < values.Length - width; left += 2 * width)
            {
                int mid = left + width, right = Math.Min(left + 2 * width, values.Length);
                int i = left, j = mid, k = left;
                while (i < mid && j < right)
                {
                    if (values[j] < values[i])
                    {
                        inversions += mid - i; // values[j] is below everything left in the left run
                        buffer[k++] = values[j++];
                    }
                    else buffer[k++] = values[i++];
                }
                while (i < mid) buffer[k++] = values[i++];
                while (j < right) buffer[k++] = values[j++];
                Array.Copy(buffer, left, values, left, right - left);
            }
        }
        return inversions;
    }
}
