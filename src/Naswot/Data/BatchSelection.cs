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

    /// <summary>How many records: the batch size B.</summary>
    public int Count { get; }

    /// <summary>The sampling seed; null for the first records.</summary>
    public ulong? Seed { get; }

    /// <summary>The first <paramref name="count"/> records, in file order.</summary>
    public static BatchSelection First(int count) => new(count, null);

    /// <summary><paramref name="count"/> distinct records drawn with <paramref name="seed"/>, in file order.</summary>
    public static BatchSelection Random(int count, ulong seed) => new(count, seed);

    /// <inheritdoc/>
    public override string ToString() => Seed is { } seed ? $"random {Count} (seed {seed})" : $"first {Count}";

    /// <summary>Ascending record indices out of <paramref name="total"/>; the caller checks total ≥ Count.</summary>
    internal int[] Pick(int total)
    {
        if (Seed is not { } seed)
            return Enumerable.Range(0, Count).ToArray();

        // Floyd's sample without replacement: Count draws, whatever the file size.
        var rng = new SeededRandom(seed);
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
