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
/// stride 2, then BN+ReLU, global average pooling and a linear classifier; channels C, 2C, 4C by stage.
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

    /// <summary>
    /// The layer widths of NB201's <c>TinyNetwork</c> (D-X-Y/AutoDL-Projects@f46486e2:xautodl/models/cell_infers/tiny_network.py):
    /// N cells of C, a ResNet block and N cells of 2C, a ResNet block and N cells of 4C.
    /// </summary>
    internal static int[] LayerWidths(Nb201NetworkOptions options)
    {
        int c = options.Channels, n = options.CellsPerStage;
        return [.. Enumerable.Repeat(c, n), 2 * c, .. Enumerable.Repeat(2 * c, n), 4 * c, .. Enumerable.Repeat(4 * c, n)];
    }

    private static NetworkGraph Build(Nb201Cell cell, Nb201NetworkOptions options, int batchSize, OnnxGraphBuilder g) =>
        TinyCellNetwork.Build(g, cell, LayerWidths(options), options.ImageSize, options.Classes, batchSize);
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
