using System.Text;

namespace Naswot.Spaces;

/// <summary>
/// A NAS-Bench-201 cell: four nodes, node j = Σ_{i&lt;j} op(i→j), one op on each of the six edges.
/// Edges are stored in the order of the benchmark's string: 0→1, 0→2, 1→2, 0→3, 1→3, 2→3.
/// </summary>
public readonly record struct Nb201Cell
{
    /// <summary>Edges of a cell, each with one op.</summary>
    public const int Edges = 6;
    /// <summary>Nodes of a cell: the input, two inner nodes, the output.</summary>
    public const int Nodes = 4;

    /// <summary>Number of distinct cells, 5^6.</summary>
    public const int Count = 15_625;

    private static readonly (int From, int To)[] EdgeEnds = [(0, 1), (0, 2), (1, 2), (0, 3), (1, 3), (2, 3)];

    /// <summary>The ops as base-5 digits, edge 0 most significant: a dense key in 0..15624.</summary>
    public int Ordinal { get; }

    private Nb201Cell(int ordinal) => Ordinal = ordinal;

    /// <summary>The cell whose ops, read as base-5 digits, make <paramref name="ordinal"/>.</summary>
    public static Nb201Cell FromOrdinal(int ordinal)
    {
        if ((uint)ordinal >= Count)
            throw new ArgumentOutOfRangeException(nameof(ordinal), ordinal, $"expected 0..{Count - 1}");
        return new Nb201Cell(ordinal);
    }

    /// <summary>The cell with these ops on its edges, in the benchmark's edge order.</summary>
    public static Nb201Cell FromOps(ReadOnlySpan<Nb201Op> ops)
    {
        if (ops.Length != Edges) throw new ArgumentException($"expected {Edges} ops, got {ops.Length}", nameof(ops));
        int ordinal = 0;
        foreach (var op in ops) ordinal = ordinal * Nb201Ops.Count + (int)op;
        return new Nb201Cell(ordinal);
    }

    /// <summary>The op on edge <paramref name="edge"/> (0..5, in the benchmark's edge order).</summary>
    public Nb201Op this[int edge]
    {
        get
        {
            if ((uint)edge >= Edges) throw new ArgumentOutOfRangeException(nameof(edge));
            int ordinal = Ordinal;
            for (int e = Edges - 1; e > edge; e--) ordinal /= Nb201Ops.Count;
            return (Nb201Op)(ordinal % Nb201Ops.Count);
        }
    }

    /// <summary>The nodes edge <paramref name="edge"/> joins.</summary>
    public static (int From, int To) EdgeEndsOf(int edge) => EdgeEnds[edge];

    /// <summary>The op on the edge from node <paramref name="from"/> to node <paramref name="to"/>.</summary>
    public Nb201Op Op(int from, int to) => this[EdgeIndex(from, to)];

    /// <summary>The edge from node <paramref name="from"/> to node <paramref name="to"/>, in the benchmark's edge order.</summary>
    public static int EdgeIndex(int from, int to)
    {
        if (from < 0 || to > Nodes - 1 || from >= to) throw new ArgumentOutOfRangeException(nameof(from), $"no edge {from}->{to}");
        return to * (to - 1) / 2 + from;
    }

    /// <summary>The benchmark's text form, e.g. <c>|nor_conv_3x3~0|+|skip_connect~0|none~1|+|…|</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(96);
        for (int to = 1; to < Nodes; to++)
        {
            text.Append(to == 1 ? "|" : "+|");
            for (int from = 0; from < to; from++)
                text.Append(Op(from, to).Name()).Append('~').Append(from).Append('|');
        }
        return text.ToString();
    }

    /// <summary>Parses the benchmark's text form; throws <see cref="ArchitectureException"/> naming what is wrong.</summary>
    public static Nb201Cell Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (TryParse(text, out var cell, out string? error)) return cell;
        throw new ArchitectureException($"NB201 architecture '{text}': {error}");
    }

    /// <summary>Parses the benchmark's text form; <paramref name="error"/> says what is wrong when it returns false.</summary>
    public static bool TryParse(string text, out Nb201Cell cell, out string? error)
    {
        cell = default;
        const string Expected = "expected 3 node groups '|op~0|+|op~0|op~1|+|op~0|op~1|op~2|'";
        string trimmed = text.Trim();
        if (trimmed.Length < 2 || trimmed[0] != '|' || trimmed[^1] != '|')
        {
            error = $"{Expected} starting and ending with '|'";
            return false;
        }
        string[] groups = trimmed[1..^1].Split("|+|");
        if (groups.Length != Nodes - 1)
        {
            error = $"{Expected}, found {groups.Length} group(s)";
            return false;
        }
        Span<Nb201Op> ops = stackalloc Nb201Op[Edges];
        for (int to = 1; to < Nodes; to++)
        {
            string[] edges = groups[to - 1].Split('|');
            if (edges.Length != to)
            {
                error = $"node {to} needs {to} input edge(s), found {edges.Length} in '{groups[to - 1]}'";
                return false;
            }
            for (int from = 0; from < to; from++)
            {
                string edge = edges[from];
                int tilde = edge.IndexOf('~');
                if (tilde < 0 || edge[(tilde + 1)..] != from.ToString(System.Globalization.CultureInfo.InvariantCulture))
                {
                    error = $"edge '{edge}' into node {to} must read 'op~{from}'";
                    return false;
                }
                if (!Nb201Ops.TryParse(edge.AsSpan(0, tilde), out var op))
                {
                    error = $"unknown op '{edge[..tilde]}' (valid: {Nb201Ops.ValidNames})";
                    return false;
                }
                ops[EdgeIndex(from, to)] = op;
            }
        }
        cell = FromOps(ops);
        error = null;
        return true;
    }
}
