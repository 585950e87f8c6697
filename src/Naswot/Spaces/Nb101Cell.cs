using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace Naswot.Spaces;

/// <summary>
/// A NAS-Bench-101 cell in one vertex order: a DAG of 2..7 vertices whose edges go from lower to higher vertices,
/// vertex 0 the input, the last the output, one <see cref="Nb101Op"/> on each vertex between. Always pruned (every
/// vertex on an input→output path) and a member of the space (at most 9 edges); isomorphic cells in different
/// orders are different values, and <see cref="Canonical"/> picks the order NB101 stores.
/// </summary>
public readonly record struct Nb101Cell
{
    /// <summary>Vertices of the largest cells (NB101's <c>module_vertices</c>).</summary>
    public const int MaxVertices = 7;

    /// <summary>Edges of the densest cells, counted after pruning (NB101's <c>max_edges</c>).</summary>
    public const int MaxEdges = 9;

    /// <summary>NB101's integer label of the input vertex (model_spec.py); interior vertices are labelled by their op's number.</summary>
    internal const int InputLabel = -1;

    /// <summary>NB101's integer label of the output vertex.</summary>
    internal const int OutputLabel = -2;

    // Edge from → to (from < to) is bit from + to(to−1)/2, the bit NB101's enumeration gives it (generate_graphs.py),
    // so comparing these integers compares cells as the enumeration meets them.
    private readonly uint _edges;

    // Op of interior vertex v in bits 2(v−1)..2(v−1)+1.
    private readonly ushort _ops;

    private Nb101Cell(int vertices, uint edges, ushort ops)
    {
        Vertices = vertices;
        _edges = edges;
        _ops = ops;
    }

    /// <summary>How many vertices, input and output included: 2..7.</summary>
    public int Vertices { get; }

    /// <summary>How many edges, at most 9.</summary>
    public int EdgeCount => BitOperations.PopCount(_edges);

    /// <summary>Whether the cell has the edge <paramref name="from"/> → <paramref name="to"/>; false unless from &lt; to.</summary>
    public bool HasEdge(int from, int to) => from >= 0 && from < to && to < Vertices && (_edges & EdgeBit(from, to)) != 0;

    /// <summary>The op of interior vertex <paramref name="vertex"/> (1..<see cref="Vertices"/>−2).</summary>
    public Nb101Op Op(int vertex)
    {
        if (vertex < 1 || vertex > Vertices - 2) throw new ArgumentOutOfRangeException(nameof(vertex), vertex, $"interior vertices are 1..{Vertices - 2}");
        return (Nb101Op)((_ops >> (2 * (vertex - 1))) & 3);
    }

    /// <summary>Edges as NB101's enumeration numbers its matrices: edge from → to is bit from + to(to−1)/2.</summary>
    internal uint EnumerationBits => _edges;

    /// <summary>
    /// NB101's module hash (graph_util.hash_module), 32 lowercase hex digits: equal for isomorphic cells, the key of
    /// every NB101 table. Each vertex starts from the MD5 of "(out-degree, in-degree, label)", then for V rounds
    /// becomes the MD5 of its in-neighbours' hashes (sorted, joined), '|', its out-neighbours', '|', its own; the cell's
    /// hash is the MD5 of the sorted vertex hashes written as a Python list.
    /// </summary>
    public string Hash()
    {
        int n = Vertices;
        var hashes = new string[n];
        for (int v = 0; v < n; v++)
        {
            int outDegree = 0, inDegree = 0;
            for (int w = 0; w < n; w++)
            {
                if (HasEdge(v, w)) outDegree++;
                if (HasEdge(w, v)) inDegree++;
            }
            hashes[v] = Md5Hex(string.Create(CultureInfo.InvariantCulture, $"({outDegree}, {inDegree}, {Label(v)})"));
        }
        var next = new string[n];
        var ins = new List<string>(n);
        var outs = new List<string>(n);
        for (int round = 0; round < n; round++)
        {
            for (int v = 0; v < n; v++)
            {
                ins.Clear();
                outs.Clear();
                for (int w = 0; w < n; w++)
                {
                    if (HasEdge(w, v)) ins.Add(hashes[w]);
                    if (HasEdge(v, w)) outs.Add(hashes[w]);
                }
                ins.Sort(StringComparer.Ordinal);
                outs.Sort(StringComparer.Ordinal);
                next[v] = Md5Hex(string.Concat(ins) + "|" + string.Concat(outs) + "|" + hashes[v]);
            }
            (hashes, next) = (next, hashes);
        }
        Array.Sort(hashes, StringComparer.Ordinal);
        return Md5Hex("[" + string.Join(", ", hashes.Select(h => $"'{h}'")) + "]");
    }

    /// <summary>
    /// The cell in the vertex order NB101 stores it in: its enumeration walks matrices in increasing
    /// <see cref="EnumerationBits"/>, then interior op tuples in lexicographic order, and keeps the first of each hash;
    /// so the order with the least (bits, ops) among those whose edges all go forward.
    /// </summary>
    public Nb101Cell Canonical()
    {
        int interior = Vertices - 2;
        Span<int> position = stackalloc int[Vertices];
        for (int v = 0; v < Vertices; v++) position[v] = v;
        var best = this;
        // Heap's algorithm over the positions of the interior vertices 1..V−2; input and output stay put.
        Span<int> counters = stackalloc int[Math.Max(interior, 1)];
        for (int i = 0; i < interior;)
        {
            if (counters[i] < i)
            {
                int swap = i % 2 == 0 ? 0 : counters[i];
                (position[1 + swap], position[1 + i]) = (position[1 + i], position[1 + swap]);
                if (TryRelabel(position, out var candidate) && candidate.Precedes(best)) best = candidate;
                counters[i]++;
                i = 0;
            }
            else
            {
                counters[i] = 0;
                i++;
            }
        }
        return best;
    }

    /// <summary>
    /// The cell with vertex v moved to <paramref name="position"/>[v]; false when an edge would then go backwards.
    /// Positions must be a permutation keeping 0 and V−1.
    /// </summary>
    internal bool TryRelabel(ReadOnlySpan<int> position, out Nb101Cell cell)
    {
        cell = default;
        uint edges = 0;
        ushort ops = 0;
        for (int to = 1; to < Vertices; to++)
        {
            for (int from = 0; from < to; from++)
            {
                if (!HasEdge(from, to)) continue;
                if (position[from] >= position[to]) return false;
                edges |= EdgeBit(position[from], position[to]);
            }
            if (to < Vertices - 1) ops |= (ushort)((int)Op(to) << (2 * (position[to] - 1)));
        }
        cell = new Nb101Cell(Vertices, edges, ops);
        return true;
    }

    /// <summary>Row-major V×V adjacency bits, ':', the ops from input to output: <c>0100…:input,conv3x3-bn-relu,…,output</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(Vertices * Vertices + 20 * Vertices);
        for (int from = 0; from < Vertices; from++)
            for (int to = 0; to < Vertices; to++) text.Append(HasEdge(from, to) ? '1' : '0');
        text.Append(':').Append(Nb101Ops.Input);
        for (int v = 1; v < Vertices - 1; v++) text.Append(',').Append(Op(v).Name());
        return text.Append(',').Append(Nb101Ops.Output).ToString();
    }

    /// <summary>Parses <c>bits:ops</c> (<see cref="ToString"/>'s form, short op names allowed) and prunes it as NB101 does; keeps the given order.</summary>
    /// <exception cref="ArchitectureException">The text is no member of the space; the message names the problem.</exception>
    public static Nb101Cell Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (TryParse(text, out var cell, out string? error)) return cell;
        throw new ArchitectureException($"NB101 architecture '{text.Trim()}': {error}");
    }

    /// <summary>As <see cref="Parse"/>, with the problem in <paramref name="error"/> instead of an exception.</summary>
    public static bool TryParse(string text, out Nb101Cell cell, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        cell = default;
        string[] parts = text.Trim().Split(':');
        if (parts.Length != 2)
        {
            error = "expected '<adjacency bits, row-major V×V>:<op>,…,<op>' (V ops from input to output)";
            return false;
        }
        string bits = parts[0].Trim();
        string[] names = parts[1].Split(',');
        int n = names.Length;
        Span<int> labels = n <= 64 ? stackalloc int[n] : new int[n];
        for (int v = 0; v < n; v++)
        {
            string name = names[v].Trim();
            if (name == Nb101Ops.Input) labels[v] = InputLabel;
            else if (name == Nb101Ops.Output) labels[v] = OutputLabel;
            else if (Nb101Ops.TryParse(name, out var op)) labels[v] = (int)op;
            else
            {
                error = $"unknown op '{name}' at vertex {v} (valid: {Nb101Ops.Input}, {Nb101Ops.ValidNames}, {Nb101Ops.Output})";
                return false;
            }
        }
        if (bits.Length != n * n)
        {
            error = $"wrong length: {bits.Length} adjacency bits for {n} ops, expected {n * n} ({n}×{n}, row-major)";
            return false;
        }
        if (n > 64)
        {
            error = $"too many vertices: {n}, at most {MaxVertices} after pruning";
            return false;
        }
        Span<ulong> rows = stackalloc ulong[n];
        for (int i = 0; i < bits.Length; i++)
        {
            if (bits[i] is not ('0' or '1'))
            {
                error = $"adjacency bit {i} is '{bits[i]}': expected 0 or 1";
                return false;
            }
            if (bits[i] == '1') rows[i / n] |= 1UL << (i % n);
        }
        return TryFromMatrix(rows, labels, out cell, out error);
    }

    /// <summary>
    /// A cell from NB101's model spec, checked and pruned as NB101 does (model_spec.py, api.py): the matrix must be
    /// strictly upper-triangular with the input first and the output last; vertices off every input→output path are
    /// dropped, keeping the others' order; the pruned cell must have at most 7 vertices and 9 edges.
    /// </summary>
    /// <param name="rows">Bit j of rows[i] is the edge i → j; at most 64 vertices.</param>
    /// <param name="labels">Per vertex NB101's label: −1 input, −2 output, else the <see cref="Nb101Op"/>.</param>
    internal static bool TryFromMatrix(ReadOnlySpan<ulong> rows, ReadOnlySpan<int> labels, out Nb101Cell cell, out string? error)
    {
        cell = default;
        int n = labels.Length;
        if (rows.Length != n || n > 64) throw new ArgumentException($"{rows.Length} rows for {n} labels (at most 64)", nameof(rows));
        if (n < 2)
        {
            error = $"a cell needs at least 2 vertices (input and output), got {n}";
            return false;
        }
        for (int i = 0; i < n; i++)
        {
            ulong backwards = rows[i] & (i == 63 ? ulong.MaxValue : (2UL << i) - 1);
            if (backwards != 0)
            {
                error = $"not upper-triangular: edge {i}->{BitOperations.TrailingZeroCount(backwards)} does not go to a later vertex (row {i}, column {BitOperations.TrailingZeroCount(backwards)})";
                return false;
            }
        }
        if (labels[0] != InputLabel)
        {
            error = $"first op is '{LabelName(labels[0])}': expected {Nb101Ops.Input}";
            return false;
        }
        if (labels[n - 1] != OutputLabel)
        {
            error = $"last op is '{LabelName(labels[n - 1])}': expected {Nb101Ops.Output}";
            return false;
        }
        for (int v = 1; v < n - 1; v++)
        {
            if (labels[v] < 0)
            {
                error = $"vertex {v} is '{LabelName(labels[v])}': only the first vertex is the input and the last the output";
                return false;
            }
        }

        // Edges only go forward, so one pass each way finds what the input reaches and what reaches the output.
        ulong fromInput = 1, toOutput = 1UL << (n - 1);
        for (int v = 0; v < n; v++)
            if ((fromInput & (1UL << v)) != 0) fromInput |= rows[v];
        for (int v = n - 2; v >= 0; v--)
            if ((rows[v] & toOutput) != 0) toOutput |= 1UL << v;
        if ((fromInput & (1UL << (n - 1))) == 0)
        {
            error = $"input is disconnected from output: no path from vertex 0 to vertex {n - 1}";
            return false;
        }
        ulong keep = fromInput & toOutput;
        int vertices = BitOperations.PopCount(keep);
        if (vertices > MaxVertices)
        {
            error = $"too many vertices: {vertices} after pruning, at most {MaxVertices}";
            return false;
        }
        Span<int> newIndex = stackalloc int[n];
        int next = 0;
        for (int v = 0; v < n; v++) newIndex[v] = (keep & (1UL << v)) != 0 ? next++ : -1;
        uint edges = 0;
        ushort ops = 0;
        for (int from = 0; from < n; from++)
        {
            if (newIndex[from] < 0) continue;
            if (from > 0 && from < n - 1) ops |= (ushort)(labels[from] << (2 * (newIndex[from] - 1)));
            for (ulong targets = rows[from] & keep; targets != 0; targets &= targets - 1)
                edges |= EdgeBit(newIndex[from], newIndex[BitOperations.TrailingZeroCount(targets)]);
        }
        if (BitOperations.PopCount(edges) > MaxEdges)
        {
            error = $"too many edges: {BitOperations.PopCount(edges)} after pruning, at most {MaxEdges}";
            return false;
        }
        cell = new Nb101Cell(vertices, edges, ops);
        error = null;
        return true;
    }

    /// <summary>Bit j of element i is the edge i → j, as <see cref="TryFromMatrix"/> takes them.</summary>
    internal void Rows(Span<ulong> rows)
    {
        for (int from = 0; from < Vertices; from++)
        {
            rows[from] = 0;
            for (int to = from + 1; to < Vertices; to++)
                if (HasEdge(from, to)) rows[from] |= 1UL << to;
        }
    }

    /// <summary>NB101's label of each vertex, as <see cref="TryFromMatrix"/> takes them.</summary>
    internal int Label(int vertex) => vertex == 0 ? InputLabel : vertex == Vertices - 1 ? OutputLabel : (int)Op(vertex);

    private static uint EdgeBit(int from, int to) => 1u << (from + to * (to - 1) / 2);

    /// <summary>Whether NB101's enumeration meets this cell before <paramref name="other"/> (same vertex count).</summary>
    private bool Precedes(Nb101Cell other)
    {
        if (_edges != other._edges) return _edges < other._edges;
        for (int v = 1; v < Vertices - 1; v++)
            if (Op(v) != other.Op(v)) return Op(v) < other.Op(v);
        return false;
    }

    private static string LabelName(int label) => label switch
    {
        InputLabel => Nb101Ops.Input,
        OutputLabel => Nb101Ops.Output,
        _ => ((Nb101Op)label).Name(),
    };

    // NB101's hash is MD5 by definition; nothing here depends on it resisting attack.
    private static string Md5Hex(string text) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));
}
