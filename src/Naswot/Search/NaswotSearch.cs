namespace Naswot.Search;

/// <summary>Algorithm 1 of the paper: sample N architectures, score each untrained network, keep the highest score.</summary>
public static class NaswotSearch
{
    /// <summary>N draws with replacement, as the paper's <c>np.random.randint(0, 15625, N)</c>.</summary>
    /// <param name="draw">One architecture drawn at random (a space's or a benchmark's sampler).</param>
    public static string[] SampleWithReplacement(int n, Func<SeededRandom, string> draw, SeededRandom random)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        ArgumentNullException.ThrowIfNull(draw);
        return [.. Enumerable.Range(0, n).Select(_ => draw(random))];
    }

    /// <summary>
    /// K different architectures, drawn until K distinct ones came up: a correlation over repeated architectures
    /// would count the same pair twice.
    /// </summary>
    /// <param name="available">How many distinct architectures <paramref name="draw"/> can return.</param>
    /// <exception cref="NaswotException">K is not in 1..<paramref name="available"/>.</exception>
    public static string[] SampleDistinct(int k, long available, Func<SeededRandom, string> draw, SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(draw);
        if (k < 1 || k > available) throw new NaswotException($"sample of {k} architectures: expected 1..{available}");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var sample = new List<string>(k);
        while (sample.Count < k)
        {
            string architecture = draw(random);
            if (seen.Add(architecture)) sample.Add(architecture);
        }
        return [.. sample];
    }

    /// <summary>Position of the highest score; the first sampled wins ties (as <c>np.nanargmax</c>), so all −∞ picks position 0.</summary>
    public static int Best(ReadOnlySpan<double> scores)
    {
        if (scores.IsEmpty) throw new ArgumentException("no scores", nameof(scores));
        int best = 0;
        for (int i = 1; i < scores.Length; i++)
            if (scores[i] > scores[best]) best = i;
        return best;
    }
}
