using Naswot.Spaces;

namespace Naswot.Search;

/// <summary>Algorithm 1 of the paper: sample N cells, score each untrained network, keep the highest score.</summary>
public static class NaswotSearch
{
    /// <summary>N benchmark indices drawn uniformly with replacement, as the paper's <c>np.random.randint(0, 15625, N)</c>.</summary>
    public static int[] SampleWithReplacement(int n, SeededRandom random)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        var space = Nb201Space.Instance;
        return [.. Enumerable.Range(0, n).Select(_ => space.IndexOf(space.SampleCell(random)))];
    }

    /// <summary>
    /// K different benchmark indices, uniformly: a correlation over repeated cells would count the same pair twice.
    /// </summary>
    public static int[] SampleDistinct(int k, SeededRandom random)
    {
        if (k is < 1 or > Nb201Cell.Count) throw new NaswotException($"sample of {k} cells: expected 1..{Nb201Cell.Count}");
        var space = Nb201Space.Instance;
        var seen = new HashSet<int>();
        var sample = new List<int>(k);
        while (sample.Count < k)
        {
            int index = space.IndexOf(space.SampleCell(random));
            if (seen.Add(index)) sample.Add(index);
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
