namespace Naswot.Scoring;

/// <summary>
/// Proxies combined by rank, as AZ-NAS aggregates its components (Lee &amp; Ham, CVPR 2024, Eq. 12; public analysis code
/// of VKDNW applies it as <c>np.log(stats.rankdata(score) / l)</c> summed over AZ-NAS's components and FLOPs):
/// over the N architectures of one run, each proxy ranks them 1 (lowest value) to N (highest), ties taking their mean
/// rank, and an architecture's ensemble score is Σ_proxies log(rank / N). Nothing is fitted: no weights, no
/// benchmark accuracies. −∞ and NaN (a singular kernel, a failure) rank below every number, tied with each other.
/// </summary>
/// <remarks>
/// Log-ranks rather than the mean rank: a network must rank well on every proxy, since one bad rank (log(1/N))
/// costs more than several good ones gain; AZ-NAS found this rewards networks that are good on all of its measures.
/// The score is relative to the run: adding architectures changes every ensemble score, never the proxies' own.
/// </remarks>
public static class RankEnsemble
{
    /// <summary>The name of the ensemble's column, and of <c>--proxy ensemble</c>.</summary>
    public const string Name = "ensemble";

    /// <summary>
    /// The proxies <c>--proxy ensemble</c> combines. Chosen on the two selection benchmarks alone, NB201-CIFAR-100
    /// (test ρ, 1,000 cells) and NB101 (validation ρ, 1,320 bundled cells): of every set of 2 to 4 of the nine proxies
    /// that rank anything (all but <c>regions</c>, constant at B, and <c>zen</c>, which needs passes of its own),
    /// the one with the highest mean ρ (0.913 and 0.785), then reported unchanged elsewhere
    /// (docs/results/proxies.md). Change it here only.
    /// </summary>
    public static IReadOnlyList<string> Recommended { get; } = ["flops", "az-expressivity", "meco-opt", "meco"];

    /// <summary>Σ over proxies of log(rank / N), per architecture.</summary>
    /// <param name="scores">Per proxy, one value per architecture, all of the same length N.</param>
    public static double[] Combine(IReadOnlyList<IReadOnlyList<double>> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        int n = scores.Count == 0 ? 0 : scores[0].Count;
        var combined = new double[n];
        var ranks = new double[n];
        foreach (var proxy in scores)
        {
            if (proxy.Count != n) throw new ArgumentException($"every proxy needs {n} scores, one has {proxy.Count}", nameof(scores));
            Ranks(proxy, ranks);
            for (int i = 0; i < n; i++) combined[i] += Math.Log(ranks[i] / n);
        }
        return combined;
    }

    /// <summary>Ranks 1..N of <paramref name="values"/>, lowest first, ties at their mean rank, −∞ and NaN lowest of all.</summary>
    public static void Ranks(IReadOnlyList<double> values, Span<double> ranks)
    {
        ArgumentNullException.ThrowIfNull(values);
        int n = values.Count;
        int[] order = [.. Enumerable.Range(0, n).OrderBy(i => Key(values[i]))];
        for (int start = 0; start < n;)
        {
            int end = start + 1;
            while (end < n && Key(values[order[end]]) == Key(values[order[start]])) end++;
            // Ranks start+1 .. end share their mean.
            double rank = (start + 1 + end) / 2.0;
            for (int k = start; k < end; k++) ranks[order[k]] = rank;
            start = end;
        }
    }

    /// <summary>NaN sorts with −∞, below every number.</summary>
    private static double Key(double value) => double.IsNaN(value) ? double.NegativeInfinity : value;
}
