using Naswot.Spaces;

namespace Naswot.Networks;

/// <summary>The input and output of NDS cell networks.</summary>
public sealed record NdsNetworkOptions
{
    /// <summary>Networks of the dataset's image size and class count.</summary>
    /// <exception cref="NaswotException">An image side is not divisible by 4: the two reductions' <c>FactorizedReduce</c> halve even sides only.</exception>
    public static NdsNetworkOptions For(NetworkShape shape)
    {
        if (shape.Height < 4 || shape.Width < 4 || shape.Height % 4 != 0 || shape.Width % 4 != 0)
            throw new NaswotException($"NDS networks need image sides divisible by 4 (two reductions halve them), got {shape.Height}x{shape.Width}");
        return new NdsNetworkOptions { InputChannels = shape.Channels, Height = shape.Height, Width = shape.Width, Classes = shape.Classes };
    }

    /// <summary>Channels of the images.</summary>
    public int InputChannels { get; init; } = 3;

    /// <summary>Image height; a multiple of 4.</summary>
    public int Height { get; init; } = 32;

    /// <summary>Image width; a multiple of 4.</summary>
    public int Width { get; init; } = 32;

    /// <summary>Outputs of the classifier.</summary>
    public int Classes { get; init; } = 10;
}

/// <summary>
/// The CIFAR network of NDS's cell spaces, pycls's <c>NetworkCIFAR</c> (DARTS's): a 3×3 stem conv of 3·W channels
/// and BatchNorm, D cells with reductions at D/3 and 2D/3 that double the channels, global average pooling and a
/// linear classifier; no auxiliary head, drop-path 0
/// (BayesWatch/nas-without-training@b74255e1f3c5d9344b68534a5549c354da7b031b:pycls/models/nas/nas.py).
/// </summary>
/// <remarks>
/// <para>A cell reads the outputs of the two cells before it (the stem's for the first ones), preprocessed by
/// <c>ReLUConvBN</c> to C channels, or, for the older one after a reduction cell, by <c>FactorizedReduce</c>; node k
/// sums its two ops; the output concatenates the cell's concat nodes. In a reduction cell the ops on the cell inputs
/// have stride 2. Layers are named by position and role (<c>cell3.pre0.conv</c>, <c>cell3.node2.op1.1.dw</c>). Its
/// stages (<see cref="OnnxGraphBuilder.MarkStage"/>) are the stem's output and every cell's.</para>
/// <para>ReLU counting: NASWOT's code counts a hooked ReLU only once its module's backward hook has fired, i.e. where
/// the gradient of the output reaches it. A <c>none</c> op multiplies by zero, which autograd still differentiates,
/// so a state read only by <c>none</c> ops stays reached; but a cell input that no op reads is not, so its
/// preprocessing is left uncounted, and neither is a whole cell whose output only reaches such inputs (say the
/// next-to-last cell, where the last one's cell type never reads state 1). Such modules are still built: they are
/// part of the network, its parameters and its forward pass; they are only not tapped. <c>none</c> terms are left out
/// of node sums (x·0 adds nothing); a node of two <c>none</c> ops is zeros of its shape.</para>
/// </remarks>
public static class NdsNetwork
{
    private const int StemMultiplier = 3;

    /// <summary>The builder of <paramref name="space"/>'s networks, for the search-space registry.</summary>
    public static INetworkBuilder BuilderFor(NdsSpace space) => new NdsNetworkBuilder(space);

    /// <summary>The freshly initialised network of <paramref name="architecture"/>, for batches of <paramref name="batchSize"/> images.</summary>
    public static NetworkGraph Build(NdsArchitecture architecture, NdsNetworkOptions options, int batchSize, ulong initSeed) =>
        Build(architecture, options, batchSize, new OnnxGraphBuilder(initSeed));

    /// <summary>Trainable parameters of the network, without drawing its weights.</summary>
    public static long CountParameters(NdsArchitecture architecture, NdsNetworkOptions options) =>
        BuildWithoutWeights(architecture, options, 1).Parameters;

    /// <summary>Whether cell <paramref name="cell"/> of a network of <paramref name="depth"/> cells is a reduction cell.</summary>
    public static bool IsReduction(int cell, int depth) => cell == depth / 3 || cell == 2 * depth / 3;

    /// <summary>The network without its weights: parameter and FLOP counts only, quickly.</summary>
    internal static NetworkGraph BuildWithoutWeights(NdsArchitecture architecture, NdsNetworkOptions options, int batchSize) =>
        Build(architecture, options, batchSize, new OnnxGraphBuilder(0, countOnly: true));

    /// <summary>
    /// Which cells the backward pass from the logits reaches: the last, and every cell whose output a reached cell
    /// reads (as state 1 of the next cell, state 0 of the one after).
    /// </summary>
    internal static bool[] ReachedCells(NdsArchitecture architecture)
    {
        int depth = architecture.Depth;
        var reached = new bool[depth];
        for (int i = depth - 1; i >= 0; i--)
        {
            reached[i] = i == depth - 1
                || (reached[i + 1] && CellAt(architecture, i + 1).Reads(1))
                || (i + 2 < depth && reached[i + 2] && CellAt(architecture, i + 2).Reads(0));
        }
        return reached;
    }

    private static NdsCell CellAt(NdsArchitecture architecture, int cell) =>
        IsReduction(cell, architecture.Depth) ? architecture.Reduce : architecture.Normal;

    private static NetworkGraph Build(NdsArchitecture architecture, NdsNetworkOptions options, int batchSize, OnnxGraphBuilder g)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        string x = g.Input(batchSize, options.InputChannels, options.Height, options.Width);
        string stem = g.BatchNorm(g.Conv(x, StemMultiplier * architecture.Width, 3, 1, 1, "stem.conv"), "stem.bn");
        g.MarkStage(stem);
        bool[] reached = ReachedCells(architecture);
        string older = stem, previous = stem;
        int channels = architecture.Width;
        bool afterReduction = false;
        for (int i = 0; i < architecture.Depth; i++)
        {
            bool reduction = IsReduction(i, architecture.Depth);
            if (reduction) channels *= 2;
            string output = Cell(g, older, previous, CellAt(architecture, i), channels, reduction, afterReduction, reached[i], $"cell{i}");
            g.MarkStage(output);
            (older, previous) = (previous, output);
            afterReduction = reduction;
        }
        return g.Build(g.Linear(g.GlobalAveragePool(previous), options.Classes, "classifier"));
    }

    private static string Cell(OnnxGraphBuilder g, string older, string previous, NdsCell cell, int channels, bool reduction, bool afterReduction,
        bool reached, string layer)
    {
        bool olderCounted = reached && cell.Reads(0), previousCounted = reached && cell.Reads(1);
        var states = new List<string>
        {
            afterReduction
                ? NdsLayers.FactorizedReduce(g, older, channels, olderCounted, layer + ".pre0")
                : NdsLayers.ReluConvBn(g, older, channels, olderCounted, layer + ".pre0"),
            NdsLayers.ReluConvBn(g, previous, channels, previousCounted, layer + ".pre1"),
        };
        for (int node = 0; node < cell.Nodes; node++)
        {
            string? sum = null;
            for (int k = 0; k < 2; k++)
            {
                var edge = cell.Edges[2 * node + k];
                if (edge.Op == NdsOp.None) continue;
                string term = NdsLayers.Op(g, states[edge.Input], edge.Op, channels, Stride(reduction, edge), reached, $"{layer}.node{node + 2}.op{k}");
                sum = sum is null ? term : g.Add(sum, term);
            }
            var first = cell.Edges[2 * node];
            states.Add(sum ?? g.Zero(states[first.Input], Stride(reduction, first)));
        }
        return g.Concat([.. cell.Concat.Select(state => states[state])]);
    }

    private static int Stride(bool reduction, NdsEdge edge) => reduction && edge.Input < 2 ? 2 : 1;
}

/// <summary>NDS networks from canonical architecture texts, which carry their width and depth.</summary>
internal sealed class NdsNetworkBuilder(NdsSpace space) : INetworkBuilder
{
    public IReadOnlyList<SettingSpec> Settings => [];

    public NetworkGraph Build(string architecture, NetworkSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var parsed = space.Parse(architecture);
        var options = NdsNetworkOptions.For(spec.Shape);
        return spec.WithoutWeights
            ? NdsNetwork.BuildWithoutWeights(parsed, options, spec.BatchSize)
            : NdsNetwork.Build(parsed, options, spec.BatchSize, spec.InitSeed);
    }
}
