namespace Naswot.Search;

/// <summary>Spearman's rank correlation, as <c>scipy.stats.spearmanr</c>: Pearson's r of the average ranks.</summary>
public static class Spearman
{
    /// <summary>
    /// Rho of <paramref name="x"/> and <paramref name="y"/>, tied values sharing their average rank; clamped to [−1, 1];
    /// NaN when fewer than two pairs or either side is constant (as scipy).
    /// </summary>
    /// <exception cref="ArgumentException">Lengths differ or a value is NaN.</exception>
    public static double Rho(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        RankInput.Validate(x, y);
        if (x.Length < 2) return double.NaN;
        double[] rx = AverageRanks(x), ry = AverageRanks(y);
        double mean = (x.Length + 1) / 2.0; // ranks 1..n average (n + 1) / 2 however they tie
        double xy = 0, xx = 0, yy = 0;
        for (int i = 0; i < rx.Length; i++)
        {
            double dx = rx[i] - mean, dy = ry[i] - mean;
            xy += dx * dy;
            xx += dx * dx;
            yy += dy * dy;
        }
        if (xx == 0 || yy == 0) return double.NaN;
        return Math.Clamp(xy / Math.Sqrt(xx) / Math.Sqrt(yy), -1.0, 1.0);
    }

    /// <summary>1-based ranks; a run of equal values gets the mean of the ranks it spans.</summary>
    internal static double[] AverageRanks(ReadOnlySpan<double> values)
    {
        var sorted = values.ToArray();
        var order = new int[values.Length];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        Array.Sort(sorted, order);
        var ranks = new double[values.Length];
        for (int start = 0, end; start < sorted.Length; start = end)
        {
            for (end = start + 1; end < sorted.Length && sorted[end] == sorted[start]; end++) { }
            double rank = (start + 1 + end) / 2.0; // mean of start+1 .. end
            for (int k = start; k < end; k++) ranks[order[k]] = rank;
        }
        return ranks;
    }
}
