namespace Naswot.Data;

/// <summary>
/// Which records of a file make the batch: the first <see cref="Count"/>, or a seeded sample of
/// <see cref="Count"/> distinct records from the whole file, taken in file order.
/// </summary>
public sealed record BatchSelection
{
    private BatchSelection(int count, ulong? seed)
    {
        if (count < 1)
            throw new DataException($"batch size must be at least 1, got {count}");
        Count = count;
        Seed = seed;
    }

    public int Count { get; }

    /// <summary>The sampling seed; null for the first records.</summary>
    public ulong? Seed { get; }

    public static BatchSelection First(int count) => new(count, null);

    public static BatchSelection Random(int count, ulong seed) => new(count, seed);

    public override string ToString() => Seed is { } seed ? $"random {Count} (seed {seed})" : $"first {Count}";

    /// <summary>Ascending record indices out of <paramref name="total"/>; the caller checks total ≥ Count.</summary>
    internal int[] Pick(int total)
    {
        if (Seed is not { } seed)
            return Enumerable.Range(0, Count).ToArray();

        // Floyd's sample without replacement: Count draws, whatever the file size.
        var rng = new SplitMix64(seed);
        var chosen = new HashSet<int>(Count);
        for (int j = total - Count; j < total; j++)
        {
            int t = rng.NextInt(j + 1);
            if (!chosen.Add(t))
                chosen.Add(j);
        }
        var indices = chosen.ToArray();
        Array.Sort(indices);
        return indices;
    }
}

/// <summary>
/// Vigna's SplitMix64. Written out rather than System.Random so a seed picks the same batch on every .NET version.
/// </summary>
internal struct SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong Next()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, bound): draws at or above the last whole multiple of bound are rejected.</summary>
    public int NextInt(int bound)
    {
        ulong range = (ulong)bound;
        ulong limit = ulong.MaxValue - ulong.MaxValue % range;
        ulong draw;
        do
            draw = Next();
        while (draw >= limit);
        return (int)(draw % range);
    }
}
