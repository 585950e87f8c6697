using System.Buffers.Binary;

namespace Naswot.Spaces;

/// <summary>
/// The NAS-Bench-201 topology space: 15,625 cells, numbered as the benchmark numbers them.
/// The benchmark's order is not an enumeration order, so it ships as a table (ordinal of each index).
/// </summary>
public sealed class Nb201Space : ISearchSpace
{
    /// <summary>The space; its index table is loaded once.</summary>
    public static Nb201Space Instance { get; } = new();

    private readonly ushort[] _ordinalOfIndex;
    private readonly ushort[] _indexOfOrdinal;

    private Nb201Space()
    {
        using var stream = typeof(Nb201Space).Assembly.GetManifestResourceStream("Naswot.Spaces.nb201_index_order.bin")
            ?? throw new InvalidOperationException("embedded NB201 index table missing");
        var bytes = new byte[Nb201Cell.Count * sizeof(ushort)];
        stream.ReadExactly(bytes);
        _ordinalOfIndex = new ushort[Nb201Cell.Count];
        _indexOfOrdinal = new ushort[Nb201Cell.Count];
        for (int index = 0; index < Nb201Cell.Count; index++)
        {
            ushort ordinal = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(index * sizeof(ushort)));
            _ordinalOfIndex[index] = ordinal;
            _indexOfOrdinal[ordinal] = (ushort)index;
        }
    }

    /// <inheritdoc/>
    public string Name => "nb201";

    /// <inheritdoc/>
    public string Description => "NAS-Bench-201 / NATS-Bench topology space: 15,625 cells of 6 edges, 5 ops each";

    /// <inheritdoc/>
    public string ArchitectureFormat => "|op~0|+|op~0|op~1|+|op~0|op~1|op~2| with ops " + Nb201Ops.ValidNames;

    /// <inheritdoc/>
    public long Size => Nb201Cell.Count;

    /// <summary>Every edge <c>nor_conv_3x3</c>: the most parameters and FLOPs of the space.</summary>
    public string Largest => "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|";

    /// <inheritdoc/>
    public bool IsEnumerable => true;

    /// <summary>The cell the benchmark stores at <paramref name="index"/> (0..15624).</summary>
    public Nb201Cell CellAt(int index)
    {
        if ((uint)index >= Nb201Cell.Count)
            throw new ArchitectureException($"NB201 index {index}: expected 0..{Nb201Cell.Count - 1}");
        return Nb201Cell.FromOrdinal(_ordinalOfIndex[index]);
    }

    /// <summary>The benchmark's index of <paramref name="cell"/>.</summary>
    public int IndexOf(Nb201Cell cell) => _indexOfOrdinal[cell.Ordinal];

    /// <summary>All cells in benchmark index order.</summary>
    public IEnumerable<Nb201Cell> All()
    {
        for (int index = 0; index < Nb201Cell.Count; index++) yield return CellAt(index);
    }

    /// <summary>A cell drawn uniformly: each of the 15,625 with the same chance.</summary>
    public Nb201Cell SampleCell(SeededRandom random) => Nb201Cell.FromOrdinal(random.NextInt(Nb201Cell.Count));

    /// <summary>
    /// One edge drawn uniformly gets one of the four other ops, drawn uniformly: NB201's own <c>mutate_arch</c> of
    /// regularised evolution, which never returns the cell unchanged.
    /// </summary>
    public Nb201Cell MutateCell(Nb201Cell cell, SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        Span<Nb201Op> ops = stackalloc Nb201Op[Nb201Cell.Edges];
        for (int e = 0; e < ops.Length; e++) ops[e] = cell[e];
        int edge = random.NextInt(Nb201Cell.Edges);
        int other = random.NextInt(Nb201Ops.Count - 1);
        ops[edge] = (Nb201Op)(other >= (int)ops[edge] ? other + 1 : other);
        return Nb201Cell.FromOps(ops);
    }

    /// <inheritdoc/>
    public string Canonicalize(string architecture) => Nb201Cell.Parse(architecture).ToString();

    /// <inheritdoc/>
    public string Sample(SeededRandom random) => SampleCell(random).ToString();

    /// <inheritdoc/>
    public string Mutate(string architecture, SeededRandom random) => MutateCell(Nb201Cell.Parse(architecture), random).ToString();

    /// <inheritdoc/>
    public IEnumerable<string> Enumerate() => All().Select(c => c.ToString());

    /// <inheritdoc/>
    public string? Identify(string architecture) => $"NB201 index {IndexOf(Nb201Cell.Parse(architecture))}";
}
