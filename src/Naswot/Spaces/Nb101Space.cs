using Naswot.Benchmarks;

namespace Naswot.Spaces;

/// <summary>
/// The NAS-Bench-101 space: 423,624 cells of up to 7 vertices and 9 edges. An architecture is written as its
/// adjacency bits and ops, or, for a bundled cell, as its NB101 hash; its canonical form is the pruned cell in the
/// vertex order NB101 stores, so isomorphic cells have one text. Not enumerable: only the bundled cells have a list.
/// </summary>
public sealed class Nb101Space : ISearchSpace
{
    /// <summary>NB101's count of distinct cells (its paper and <c>generate_graphs</c>).</summary>
    public const int CellCount = 423_624;

    private const int HashLength = 32;

    private Nb101Space()
    {
    }

    /// <summary>The space.</summary>
    public static Nb101Space Instance { get; } = new();

    /// <inheritdoc/>
    public string Name => "nb101";

    /// <inheritdoc/>
    public string Description => "NAS-Bench-101: 423,624 cells of up to 7 vertices and 9 edges, interior ops conv3x3-bn-relu, conv1x1-bn-relu, maxpool3x3";

    /// <inheritdoc/>
    public string ArchitectureFormat =>
        "<V×V adjacency bits, row-major>:input,<op>,…,output with ops " + Nb101Ops.ValidNames + ", or a bundled cell's 32-hex NB101 hash";

    /// <inheritdoc/>
    public long Size => CellCount;

    /// <summary>
    /// The bundled cell of the most FLOPs at the default stem of 16 (226 MFLOP per 32×32 image; chosen by building every
    /// bundled cell once and keeping the largest): five conv3x3 vertices of which only the last feeds the output, so
    /// all five take the cell's full width. NB101 hash 0086fab67ec51749ec4672617d0805fb.
    /// </summary>
    public string Largest => "0111000001100000010000000100000001000000010000000:input,conv3x3-bn-relu,conv3x3-bn-relu,conv3x3-bn-relu,conv3x3-bn-relu,conv3x3-bn-relu,output";

    /// <inheritdoc/>
    public bool IsEnumerable => false;

    /// <summary>
    /// The canonical cell of <paramref name="architecture"/>: <c>bits:ops</c> pruned and put in NB101's stored
    /// vertex order, or a bundled cell's hash (any case).
    /// </summary>
    /// <exception cref="ArchitectureException">Not a member of the space, or a hash that is not bundled.</exception>
    public Nb101Cell Parse(string architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        if (TryParse(architecture, out var cell, out string? error)) return cell;
        throw new ArchitectureException($"NB101 architecture '{architecture.Trim()}': {error}");
    }

    /// <summary>As <see cref="Parse"/>, with the problem in <paramref name="error"/> instead of an exception.</summary>
    public bool TryParse(string architecture, out Nb101Cell cell, out string? error)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        string text = architecture.Trim();
        if (text.Length == HashLength && text.All(Uri.IsHexDigit))
        {
            var table = Nb101Benchmark.Cifar10;
            bool found = table.TryFind(text, out var record);
            cell = found ? record.Cell : default;
            error = found ? null : $"NB101 hash not among the {table.Records.Count:N0} bundled cells; give the cell as <adjacency bits>:<ops>";
            return found;
        }
        if (!Nb101Cell.TryParse(text, out cell, out error)) return false;
        cell = cell.Canonical();
        return true;
    }

    /// <summary>
    /// A cell drawn as NB101's own random search draws one (its example's <c>random_spec</c>): each of the 21 possible
    /// edges of 7 vertices with probability 1/2, each of the 5 interior ops uniformly, again until the pruned spec is
    /// a member. Uniform over those encodings, so not over the 423,624 cells: small cells, which many encodings prune
    /// to, come up more often.
    /// </summary>
    public Nb101Cell SampleCell(SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        Span<ulong> rows = stackalloc ulong[Nb101Cell.MaxVertices];
        Span<int> labels = stackalloc int[Nb101Cell.MaxVertices];
        while (true)
        {
            EndLabels(labels);
            for (int from = 0; from < Nb101Cell.MaxVertices; from++)
            {
                rows[from] = 0;
                for (int to = from + 1; to < Nb101Cell.MaxVertices; to++)
                    if (random.NextInt(2) == 1) rows[from] |= 1UL << to;
            }
            for (int v = 1; v < Nb101Cell.MaxVertices - 1; v++) labels[v] = random.NextInt(Nb101Ops.Count);
            if (Nb101Cell.TryFromMatrix(rows, labels, out var cell, out _)) return cell.Canonical();
        }
    }

    /// <summary>
    /// NB101's example <c>mutate_spec</c> at mutation rate 1 on the cell laid out on 7 vertices: each of the 21 edge
    /// bits flips with probability 1/7, each interior op changes with probability 1/5 to one of the other two, again
    /// until the result is a member whose hash differs from the cell's, so it never returns the same cell.
    /// A smaller cell is padded with isolated vertices before the output, their ops drawn uniformly as a random
    /// spec's would be, so that an edge to one of them brings in an op NB101's sampling could have put there.
    /// </summary>
    public Nb101Cell MutateCell(Nb101Cell cell, SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        const int N = Nb101Cell.MaxVertices;
        Span<ulong> padded = stackalloc ulong[N];
        Span<int> paddedLabels = stackalloc int[N];
        Span<ulong> own = stackalloc ulong[cell.Vertices];
        cell.Rows(own);
        // Vertices 0..V−2 stay where they are; the output moves to 6, vertices V−1..5 join with no edges.
        int last = cell.Vertices - 1;
        for (int v = 0; v < last; v++)
        {
            ulong row = own[v] & ~(1UL << last);
            padded[v] = (own[v] & (1UL << last)) != 0 ? row | 1UL << (N - 1) : row;
            paddedLabels[v] = cell.Label(v);
        }
        for (int v = last; v < N - 1; v++) paddedLabels[v] = random.NextInt(Nb101Ops.Count);
        EndLabels(paddedLabels);

        string hash = cell.Hash();
        Span<ulong> rows = stackalloc ulong[N];
        Span<int> labels = stackalloc int[N];
        while (true)
        {
            padded.CopyTo(rows);
            paddedLabels.CopyTo(labels);
            for (int from = 0; from < N - 1; from++)
                for (int to = from + 1; to < N; to++)
                    if (random.NextDouble() < 1.0 / N) rows[from] ^= 1UL << to;
            for (int v = 1; v < N - 1; v++)
            {
                if (random.NextDouble() < 1.0 / (N - 2))
                {
                    int other = random.NextInt(Nb101Ops.Count - 1);
                    labels[v] = other >= labels[v] ? other + 1 : other;
                }
            }
            if (Nb101Cell.TryFromMatrix(rows, labels, out var mutated, out _) && mutated.Hash() != hash) return mutated.Canonical();
        }
    }

    /// <inheritdoc/>
    public string Canonicalize(string architecture) => Parse(architecture).ToString();

    /// <inheritdoc/>
    public string Sample(SeededRandom random) => SampleCell(random).ToString();

    /// <inheritdoc/>
    public string Mutate(string architecture, SeededRandom random) => MutateCell(Parse(architecture), random).ToString();

    /// <summary>Never: NB101 is not enumerable here; <see cref="Nb101Benchmark.Architectures"/> lists the bundled cells.</summary>
    /// <exception cref="NaswotException">Always.</exception>
    public IEnumerable<string> Enumerate() =>
        throw new NaswotException($"the nb101 space ({CellCount:N0} cells) cannot be enumerated: only its {Nb101Benchmark.Cifar10.Records.Count:N0} bundled cells are listed");

    /// <summary>"NB101 hash 00005c14…", the key of every NB101 table.</summary>
    public string? Identify(string architecture) => $"NB101 hash {Parse(architecture).Hash()}";

    private static void EndLabels(Span<int> labels)
    {
        labels[0] = Nb101Cell.InputLabel;
        labels[^1] = Nb101Cell.OutputLabel;
    }
}
