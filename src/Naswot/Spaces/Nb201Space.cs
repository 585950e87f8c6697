using System.Buffers.Binary;

namespace Naswot.Spaces;

/// <summary>
/// The NAS-Bench-201 topology space: 15,625 cells, numbered as the benchmark numbers them.
/// The benchmark's order is not an enumeration order, so it ships as a table (ordinal of each index).
/// </summary>
public sealed class Nb201Space : ISearchSpace
{
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

    public string Name => "nb201";

    public long Size => Nb201Cell.Count;

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

    public Nb201Cell SampleCell(SeededRandom random) => Nb201Cell.FromOrdinal(random.NextInt(Nb201Cell.Count));

    public string Canonicalize(string architecture) => Nb201Cell.Parse(architecture).ToString();

    public string Sample(SeededRandom random) => SampleCell(random).ToString();
}
