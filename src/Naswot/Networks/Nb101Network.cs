using Naswot.Spaces;

namespace Naswot.Networks;

/// <summary>Shape of the NB101 skeleton and its input.</summary>
public sealed record Nb101NetworkOptions
{
    /// <summary>NB101 networks of the dataset's image size and class count, with <paramref name="stemChannels"/> stem channels.</summary>
    /// <exception cref="NaswotException">An image side is not divisible by 4, which the two 2×2 stride-2 max pools need to halve it exactly.</exception>
    public static Nb101NetworkOptions For(NetworkShape shape, int stemChannels)
    {
        if (shape.Height < 4 || shape.Width < 4 || shape.Height % 4 != 0 || shape.Width % 4 != 0)
            throw new NaswotException($"NB101 networks need image sides divisible by 4 (two 2×2 stride-2 max pools), got {shape.Height}x{shape.Width}");
        return new Nb101NetworkOptions
        {
            InputChannels = shape.Channels,
            Height = shape.Height,
            Width = shape.Width,
            Classes = shape.Classes,
            StemChannels = stemChannels,
        };
    }

    /// <summary>Channels of the images.</summary>
    public int InputChannels { get; init; } = 3;

    /// <summary>Image height; a multiple of 4.</summary>
    public int Height { get; init; } = 32;

    /// <summary>Image width; a multiple of 4.</summary>
    public int Width { get; init; } = 32;

    /// <summary>Outputs of the classifier.</summary>
    public int Classes { get; init; } = 10;

    /// <summary>Output channels of the stem and the cells of the first stack, doubled at the first cell of each later stack: 16 in NASWOT's code, 128 in NB101's.</summary>
    public int StemChannels { get; init; } = 16;

    /// <summary>Stacks of cells, separated by 2×2 stride-2 max pools.</summary>
    public int Stacks { get; init; } = 3;

    /// <summary>Cells per stack.</summary>
    public int CellsPerStack { get; init; } = 3;
}

/// <summary>
/// The NAS-Bench-101 network as NASWOT's PyTorch port builds it (nas_101_api/model.py, the same topology as NB101's
/// model_builder.py): a 3×3 ConvBnRelu stem, stacks of cells with a 2×2 max pool before every stack but the first
/// and channels doubled at its first cell, global average pooling and a linear classifier. Convolutions are
/// He-normal (fan-out), BatchNorm γ=1 β=0 in training mode, the classifier N(0, 0.01) with zero bias.
/// </summary>
/// <remarks>
/// Its stages (<see cref="OnnxGraphBuilder.MarkStage"/>) are the stem's output and every cell's.
/// Every ConvBnRelu (stem, conv vertices, projections) has one ReLU, whose input is a tap counted once: the NB101
/// networks are post-activation, with no wrapper module hooked besides the ReLU. Layers are named by stack, cell,
/// vertex and role (<c>stack1.cell0.v3.conv</c>, <c>stack1.cell0.proj3.conv</c>), so two cells share weights exactly
/// where the same layer has the same shape.
/// The port's cell adds the input's projection to the output in place (<c>outputs += …</c>); where a single conv
/// vertex feeds the output beside the input, that overwrites a tensor ReLU's backward needs, so PyTorch raises and
/// NASWOT's code scores those cells (about 5% of NB101) NaN or 0. This graph adds out of place, computing the sum
/// the code means, so those cells get real scores.
/// </remarks>
public static class Nb101Network
{
    /// <summary>The setting that <see cref="Builder"/> reads the stem width from.</summary>
    public const string StemChannelsSetting = "stem-channels";

    /// <summary>The builder of NB101 networks that the search-space registry holds.</summary>
    public static INetworkBuilder Builder { get; } = new Nb101NetworkBuilder();

    /// <summary>The network of <paramref name="cell"/> in the cell's own vertex order (NB101 trained its <see cref="Nb101Cell.Canonical"/> order).</summary>
    public static NetworkGraph Build(Nb101Cell cell, Nb101NetworkOptions options, int batchSize, ulong initSeed) =>
        Build(cell, options, batchSize, new OnnxGraphBuilder(initSeed));

    /// <summary>Trainable parameters of the network, without drawing its weights.</summary>
    public static long CountParameters(Nb101Cell cell, Nb101NetworkOptions options) =>
        BuildWithoutWeights(cell, options, 1).Parameters;

    /// <summary>The network without its weights: parameter and FLOP counts only, quickly.</summary>
    internal static NetworkGraph BuildWithoutWeights(Nb101Cell cell, Nb101NetworkOptions options, int batchSize) =>
        Build(cell, options, batchSize, new OnnxGraphBuilder(0, countOnly: true));

    /// <summary>
    /// NB101's channel rule (compute_vertex_channels): the output's channels are split among the vertices that feed it,
    /// the lower-numbered ones taking the remainder one each; every other interior vertex gets the most of its
    /// successors', so channels never grow along an edge and a vertex's inputs are cut to its width.
    /// </summary>
    internal static int[] VertexChannels(Nb101Cell cell, int inChannels, int outChannels)
    {
        int n = cell.Vertices;
        var channels = new int[n];
        channels[0] = inChannels;
        channels[n - 1] = outChannels;
        if (n == 2) return channels;
        int feeders = 0;
        for (int v = 1; v < n - 1; v++)
            if (cell.HasEdge(v, n - 1)) feeders++;
        int share = outChannels / feeders, remainder = outChannels % feeders;
        for (int v = 1; v < n - 1; v++)
        {
            if (!cell.HasEdge(v, n - 1)) continue;
            channels[v] = share + (remainder > 0 ? 1 : 0);
            if (remainder > 0) remainder--;
        }
        for (int v = n - 3; v >= 1; v--)
        {
            if (cell.HasEdge(v, n - 1)) continue;
            for (int successor = v + 1; successor < n - 1; successor++)
                if (cell.HasEdge(v, successor)) channels[v] = Math.Max(channels[v], channels[successor]);
        }
        return channels;
    }

    private static NetworkGraph Build(Nb101Cell cell, Nb101NetworkOptions options, int batchSize, OnnxGraphBuilder g)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        string x = g.Input(batchSize, options.InputChannels, options.Height, options.Width);
        int channels = options.StemChannels;
        x = ConvBnRelu(g, x, channels, 3, "stem");
        g.MarkStage(x);
        for (int stack = 0; stack < options.Stacks; stack++)
        {
            int inChannels = channels;
            if (stack > 0)
            {
                x = g.MaxPool(x, 2, 2, 0);
                channels *= 2;
            }
            for (int i = 0; i < options.CellsPerStack; i++)
            {
                x = Cell(g, x, cell, inChannels, channels, $"stack{stack}.cell{i}");
                g.MarkStage(x);
                inChannels = channels;
            }
        }
        string logits = g.Linear(g.GlobalAveragePool(x), options.Classes, "classifier", WeightInit.Normal(0.01));
        return g.Build(logits);
    }

    /// <summary>Conv (no bias, same padding) → BN → ReLU: the one block with weights, tapped at its ReLU's input.</summary>
    private static string ConvBnRelu(OnnxGraphBuilder g, string x, int outChannels, int kernel, string layer)
    {
        string conv = g.Conv(x, outChannels, kernel, 1, (kernel - 1) / 2, layer + ".conv", init: WeightInit.KaimingNormalFanOut);
        string normalised = g.BatchNorm(conv, layer + ".bn");
        g.Tap(normalised, inWrapper: false);
        return g.Relu(normalised);
    }

    /// <summary>
    /// One cell: each interior vertex applies its op to the sum of its inputs (interior ones cut to its width, in
    /// vertex order, then the input's 1×1 projection); the output concatenates the vertices that feed it and adds the
    /// input's projection where the input feeds it too. No activation follows a sum or the concatenation.
    /// </summary>
    private static string Cell(OnnxGraphBuilder g, string input, Nb101Cell cell, int inChannels, int outChannels, string layer)
    {
        int n = cell.Vertices;
        int[] channels = VertexChannels(cell, inChannels, outChannels);
        var tensors = new string[n];
        tensors[0] = input;
        for (int t = 1; t < n - 1; t++)
        {
            string? sum = null;
            for (int s = 1; s < t; s++)
                if (cell.HasEdge(s, t)) sum = Plus(g, sum, g.SliceChannels(tensors[s], ..channels[t]));
            if (cell.HasEdge(0, t)) sum = Plus(g, sum, ConvBnRelu(g, input, channels[t], 1, $"{layer}.proj{t}"));
            // Pruned cells give every interior vertex an input.
            string vertexInput = sum ?? throw new InvalidOperationException($"{layer}: vertex {t} of {cell} has no input");
            tensors[t] = cell.Op(t) switch
            {
                Nb101Op.Conv3x3 => ConvBnRelu(g, vertexInput, channels[t], 3, $"{layer}.v{t}"),
                Nb101Op.Conv1x1 => ConvBnRelu(g, vertexInput, channels[t], 1, $"{layer}.v{t}"),
                Nb101Op.MaxPool3x3 => g.MaxPool(vertexInput, 3, 1, 1),
                var op => throw new InvalidOperationException($"unhandled op {op}"),
            };
        }
        string[] feeders = [.. Enumerable.Range(1, n - 2).Where(t => cell.HasEdge(t, n - 1)).Select(t => tensors[t])];
        string Projection() => ConvBnRelu(g, input, outChannels, 1, $"{layer}.proj{n - 1}");
        // Only the 2-vertex cell (input → output) has no interior vertex feeding the output.
        if (feeders.Length == 0) return Projection();
        string output = g.Concat(feeders);
        return cell.HasEdge(0, n - 1) ? g.Add(output, Projection()) : output;
    }

    private static string Plus(OnnxGraphBuilder g, string? sum, string term) => sum is null ? term : g.Add(sum, term);
}

/// <summary>NB101 networks from architecture strings, built in the canonical vertex order that NB101 trained.</summary>
internal sealed class Nb101NetworkBuilder : INetworkBuilder
{
    // At least 4: up to 4 vertices share the first stack's output channels, and each needs one.
    public IReadOnlyList<SettingSpec> Settings { get; } =
    [
        SettingSpec.Integer(Nb101Network.StemChannelsSetting,
            "Output channels of the NB101 stem, doubled in each later stack: 16 as NASWOT scores NB101, 128 for the network NB101 trained", 16, 4, 1024),
    ];

    public NetworkGraph Build(string architecture, NetworkSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var cell = Nb101Space.Instance.Parse(architecture);
        var options = Nb101NetworkOptions.For(spec.Shape, spec.Settings.Integer(Nb101Network.StemChannelsSetting));
        return spec.WithoutWeights
            ? Nb101Network.BuildWithoutWeights(cell, options, spec.BatchSize)
            : Nb101Network.Build(cell, options, spec.BatchSize, spec.InitSeed);
    }
}
