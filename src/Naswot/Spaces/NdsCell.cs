using System.Globalization;
using System.Text;

namespace Naswot.Spaces;

/// <summary>One op of a cell: what it computes and which state it reads (0 and 1: the cell's two inputs; 2…: its earlier nodes).</summary>
public readonly record struct NdsEdge(NdsOp Op, int Input);

/// <summary>Which of a cell's nodes its output concatenates.</summary>
public enum NdsCellOutput : byte
{
    /// <summary>Every node (DARTS, PNAS).</summary>
    AllNodes,

    /// <summary>The nodes no other node reads (NASNet, Amoeba, ENAS: the "loose ends").</summary>
    LooseEnds,
}

/// <summary>
/// A normal or reduction cell of an NDS space, as a DARTS genotype lists it: node k (state k + 2) sums the two ops
/// <see cref="Edges"/>[2k] and [2k + 1], each applied to a state of lower number; the output concatenates the nodes
/// <see cref="Concat"/> names. Immutable; made valid by its space (<see cref="NdsSpace"/>).
/// </summary>
public sealed class NdsCell
{
    private readonly NdsEdge[] _edges;
    private readonly int[] _concat;

    internal NdsCell(NdsEdge[] edges, NdsCellOutput output)
    {
        _edges = edges;
        _concat = output == NdsCellOutput.AllNodes
            ? [.. Enumerable.Range(2, Nodes)]
            : [.. Enumerable.Range(2, Nodes).Where(state => !Reads(state))];
    }

    /// <summary>Intermediate nodes: half the ops.</summary>
    public int Nodes => _edges.Length / 2;

    /// <summary>The ops, two per node, in the genotype's order.</summary>
    public IReadOnlyList<NdsEdge> Edges => _edges;

    /// <summary>The states the output concatenates, ascending (the genotype's <c>normal_concat</c> or <c>reduce_concat</c>).</summary>
    public IReadOnlyList<int> Concat => _concat;

    /// <summary>Whether some op reads <paramref name="state"/>; a <c>none</c> op counts, as its zeros stay connected.</summary>
    public bool Reads(int state) => Array.Exists(_edges, e => e.Input == state);

    /// <summary>The genotype's two fields of this cell: <c>name=[('op', input), …], name_concat=[…]</c>.</summary>
    internal string Format(string name)
    {
        var text = new StringBuilder(name).Append("=[");
        for (int i = 0; i < _edges.Length; i++)
        {
            if (i > 0) text.Append(", ");
            text.Append("('").Append(_edges[i].Op.Name()).Append("', ").Append(_edges[i].Input.ToString(CultureInfo.InvariantCulture)).Append(')');
        }
        return text.Append("], ").Append(name).Append("_concat=").Append(FormatIndices(_concat)).ToString();
    }

    /// <summary>Python's list repr of <paramref name="indices"/>, e.g. <c>[2, 3, 4, 5]</c>.</summary>
    internal static string FormatIndices(IEnumerable<int> indices) =>
        "[" + string.Join(", ", indices.Select(i => i.ToString(CultureInfo.InvariantCulture))) + "]";
}
