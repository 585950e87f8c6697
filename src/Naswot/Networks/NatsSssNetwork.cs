using Naswot.Spaces;

namespace Naswot.Networks;

/// <summary>
/// A NATS-Bench size-space network as NATS-Bench builds it (<c>infer.shape.tiny</c>, xautodl's <c>DynamicShapeTinyNet</c>
/// with N = 1; D-X-Y/AutoDL-Projects@f46486e2:xautodl/models/shape_infers/InferTinyCellNet.py): stem conv3×3+BN to c0;
/// cell c0→c0; ResNet block c0→c1 of stride 2; cell c1→c2; ResNet block c2→c3; cell c3→c4; BN+ReLU, global average
/// pooling, linear. Every cell is <see cref="NatsSssSpace.Cell"/>; where a cell changes width, its edges from the
/// input take it to the new width and its <c>skip_connect</c> becomes conv1×1+BN. Weights as PyTorch initialises them
/// by default, which xautodl keeps.
/// </summary>
/// <remarks>
/// Taps as NASWOT hooks modules whose class name contains "ReLU": each ReLUConvBN's input twice (wrapper and ReLU),
/// the last BN+ReLU's once; the width-changing <c>skip_connect</c> (<c>FactorizedReduce</c> at stride 1) holds a
/// ReLU module its forward never calls, so it adds none. The cell has no <c>none</c> edge, so the backward pass reaches every ReLU.
/// NASWOT's own code (BayesWatch/nas-without-training@b3a82a66:nasspace.py) has no NATS-SSS space; it would take
/// these networks from NATS-Bench's <c>get_net_config</c> and <c>get_cell_based_tiny_net</c>, as it does NB201's.
/// Layers are named as NB201's (<c>stage1.cell0</c>, <c>reduction2</c>), so 16:32:32:64:64 is NB201's network of
/// this cell with C = 16 and N = 1, weights included.
/// </remarks>
public static class NatsSssNetwork
{
    /// <summary>The builder of NATS-SSS networks that the search-space registry holds.</summary>
    public static INetworkBuilder Builder { get; } = new NatsSssNetworkBuilder();

    /// <summary>
    /// The freshly initialised network of <paramref name="widths"/> for <paramref name="shape"/>'s images (their side)
    /// and classes, for batches of <paramref name="batchSize"/> images.
    /// </summary>
    /// <exception cref="NaswotException">The images are not square.</exception>
    public static NetworkGraph Build(NatsSssWidths widths, NetworkShape shape, int batchSize, ulong initSeed) =>
        Build(widths, shape, batchSize, new OnnxGraphBuilder(initSeed));

    /// <summary>Trainable parameters of the network, without drawing its weights.</summary>
    /// <exception cref="NaswotException">The images are not square.</exception>
    public static long CountParameters(NatsSssWidths widths, NetworkShape shape) =>
        BuildWithoutWeights(widths, shape, 1).Parameters;

    /// <summary>The network without its weights: parameter and FLOP counts only, quickly.</summary>
    internal static NetworkGraph BuildWithoutWeights(NatsSssWidths widths, NetworkShape shape, int batchSize) =>
        Build(widths, shape, batchSize, new OnnxGraphBuilder(0, countOnly: true));

    private static NetworkGraph Build(NatsSssWidths widths, NetworkShape shape, int batchSize, OnnxGraphBuilder g)
    {
        if (shape.Height != shape.Width)
            throw new NaswotException($"NATS-SSS networks need square images, got {shape.Height}x{shape.Width}");
        return TinyCellNetwork.Build(g, NatsSssSpace.Cell, widths.ToArray(), shape.Height, shape.Classes, batchSize);
    }
}

/// <summary>NATS-SSS networks from canonical width strings; no settings beyond the dataset's shape.</summary>
internal sealed class NatsSssNetworkBuilder : INetworkBuilder
{
    public IReadOnlyList<SettingSpec> Settings => [];

    public NetworkGraph Build(string architecture, NetworkSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var widths = NatsSssWidths.Parse(architecture);
        return spec.WithoutWeights
            ? NatsSssNetwork.BuildWithoutWeights(widths, spec.Shape, spec.BatchSize)
            : NatsSssNetwork.Build(widths, spec.Shape, spec.BatchSize, spec.InitSeed);
    }
}
