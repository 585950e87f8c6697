using Naswot.Spaces;

namespace Naswot.Networks;

/// <summary>Shape of the NB201 macro skeleton and its input.</summary>
public sealed record Nb201NetworkOptions
{
    /// <summary>NB201 networks take the images' size (16×16 on ImageNet16-120) and the class count.</summary>
    /// <exception cref="NaswotException">The images are not square.</exception>
    public static Nb201NetworkOptions For(NetworkShape shape)
    {
        if (shape.Height != shape.Width)
            throw new NaswotException($"NB201 networks need square images, got {shape.Height}x{shape.Width}");
        return new Nb201NetworkOptions { Classes = shape.Classes, ImageSize = shape.Height };
    }

    /// <summary>Outputs of the classifier.</summary>
    public int Classes { get; init; } = 10;
    /// <summary>Height and width of the input images.</summary>
    public int ImageSize { get; init; } = 32;

    /// <summary>Channels of the first stage (C); doubled by each reduction block.</summary>
    public int Channels { get; init; } = 16;

    /// <summary>Cells per stage (N).</summary>
    public int CellsPerStage { get; init; } = 5;
}

/// <summary>
/// The NAS-Bench-201 network: stem conv3×3+BN, three stages of N cells separated by ResNet basic blocks of
/// stride 2, then BN+ReLU, global average pooling and a linear classifier.
/// </summary>
public static class Nb201Network
{
    /// <summary>The builder of NB201 networks that the search-space registry holds.</summary>
    public static INetworkBuilder Builder { get; } = new Nb201NetworkBuilder();

    /// <summary>The freshly initialised network of <paramref name="cell"/>, for batches of <paramref name="batchSize"/> images.</summary>
    public static NetworkGraph Build(Nb201Cell cell, Nb201NetworkOptions options, int batchSize, ulong initSeed) =>
        Build(cell, options, batchSize, new OnnxGraphBuilder(initSeed));

    /// <summary>Trainable parameters of the network, without drawing its weights.</summary>
    public static long CountParameters(Nb201Cell cell, Nb201NetworkOptions options) =>
        BuildWithoutWeights(cell, options, 1).Parameters;

    /// <summary>The network without its weights: parameter and FLOP counts only, quickly.</summary>
    internal static NetworkGraph BuildWithoutWeights(Nb201Cell cell, Nb201NetworkOptions options, int batchSize) =>
        Build(cell, options, batchSize, new OnnxGraphBuilder(0, countOnly: true));

    private static NetworkGraph Build(Nb201Cell cell, Nb201NetworkOptions options, int batchSize, OnnxGraphBuilder g)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        string x = g.Input(batchSize, 3, options.ImageSize, options.ImageSize);
        int channels = options.Channels;
        x = g.BatchNorm(g.Conv(x, channels, 3, 1, 1, "stem.conv"), "stem.bn");
        for (int stage = 0; stage < 3; stage++)
        {
            if (stage > 0)
            {
                channels *= 2;
                x = ResNetBlock(g, x, channels, $"reduction{stage}");
            }
            for (int i = 0; i < options.CellsPerStage; i++)
                x = Cell(g, x, cell, $"stage{stage}.cell{i}");
        }
        x = g.BatchNorm(x, "lastact.bn");
        g.Tap(x, inWrapper: false);
        x = g.Relu(x);
        string logits = g.Linear(g.GlobalAveragePool(x), options.Classes, "classifier");
        return g.Build(logits);
    }

    /// <summary>ReLU → Conv → BN, the reference's ReLUConvBN: its input is tapped as the wrapper's and the ReLU's.</summary>
    private static string ReluConvBn(OnnxGraphBuilder g, string x, int outChannels, int kernel, int stride, string layer)
    {
        g.Tap(x, inWrapper: true);
        return g.BatchNorm(g.Conv(g.Relu(x), outChannels, kernel, stride, (kernel - 1) / 2, layer + ".conv"), layer + ".bn");
    }

    private static string ResNetBlock(OnnxGraphBuilder g, string x, int outChannels, string layer)
    {
        string a = ReluConvBn(g, x, outChannels, 3, 2, layer + ".conv_a");
        string b = ReluConvBn(g, a, outChannels, 3, 1, layer + ".conv_b");
        string shortcut = g.Conv(g.AveragePool(x, 2, 2, 0, countIncludePad: true), outChannels, 1, 1, 0, layer + ".downsample");
        return g.Add(shortcut, b);
    }

    /// <summary>
    /// One cell. Only nodes whose values are needed are computed: those reaching the output through a
    /// non-`none` edge, and those read by a convolution (whose ReLU counts even when its result is multiplied
    /// by zero downstream, as the reference counts it). Dropping x·0 terms leaves every sum unchanged.
    /// </summary>
    private static string Cell(OnnxGraphBuilder g, string input, Nb201Cell cell, string layer)
    {
        Span<bool> needed = stackalloc bool[Nb201Cell.Nodes];
        needed[Nb201Cell.Nodes - 1] = true;
        for (int from = Nb201Cell.Nodes - 2; from >= 0; from--)
        {
            for (int to = from + 1; to < Nb201Cell.Nodes; to++)
            {
                var op = cell.Op(from, to);
                needed[from] |= op.IsConvolution() || (op != Nb201Op.None && needed[to]);
            }
        }

        var nodes = new string?[Nb201Cell.Nodes];
        nodes[0] = input;
        int channels = g.Shape(input)[1];
        for (int to = 1; to < Nb201Cell.Nodes; to++)
        {
            string? sum = null;
            for (int from = 0; from < to; from++)
            {
                var op = cell.Op(from, to);
                string edge = $"{layer}.edge{from}{to}";
                string? term = op switch
                {
                    Nb201Op.None => null,
                    Nb201Op.SkipConnect => needed[to] ? nodes[from] : null,
                    Nb201Op.AvgPool3x3 => needed[to] ? g.AveragePool(nodes[from]!, 3, 1, 1, countIncludePad: false) : null,
                    Nb201Op.NorConv1x1 or Nb201Op.NorConv3x3 => TapOrBuild(g, nodes[from]!, channels, op == Nb201Op.NorConv1x1 ? 1 : 3, needed[to], edge),
                    _ => throw new InvalidOperationException($"unhandled op {op}"),
                };
                if (term is not null) sum = sum is null ? term : g.Add(sum, term);
            }
            if (needed[to]) nodes[to] = sum ?? g.Zero(input);
        }
        return nodes[Nb201Cell.Nodes - 1]!;
    }

    private static string? TapOrBuild(OnnxGraphBuilder g, string x, int channels, int kernel, bool needed, string layer)
    {
        if (needed) return ReluConvBn(g, x, channels, kernel, 1, layer);
        g.Tap(x, inWrapper: true);
        g.PrunedConvBatchNorm(channels, channels, kernel);
        return null;
    }
}

/// <summary>NB201 networks from canonical cell strings; the skeleton has no settings beyond the dataset's shape.</summary>
internal sealed class Nb201NetworkBuilder : INetworkBuilder
{
    public IReadOnlyList<SettingSpec> Settings => [];

    public NetworkGraph Build(string architecture, NetworkSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var cell = Nb201Cell.Parse(architecture);
        var options = Nb201NetworkOptions.For(spec.Shape);
        return spec.WithoutWeights
            ? Nb201Network.BuildWithoutWeights(cell, options, spec.BatchSize)
            : Nb201Network.Build(cell, options, spec.BatchSize, spec.InitSeed);
    }
}
