namespace Naswot.Networks;

/// <summary>What a probed tensor of a network is, in terms that mean the same in every space.</summary>
public enum ProbeKind
{
    /// <summary>
    /// The output of one layer operation of the builder: a convolution, BatchNorm, ReLU, pooling, sum, concatenation
    /// or zero op (4-D, N×C×H×W). Each tensor once, however many modules would read or return it.
    /// </summary>
    Layer,

    /// <summary>An output the space marks as a stage of its network: the stem's, and each cell's or block's (4-D).</summary>
    Stage,

    /// <summary>The feature map global average pooling reads (4-D).</summary>
    PrePool,

    /// <summary>A BatchNorm's batch variance per channel (biased, as it normalises with), of C elements.</summary>
    BatchNormVariance,
}

/// <summary>
/// A tensor of a network graph that a proxy may read: not an output of the graph as built, but made one on request
/// (<see cref="NetworkGraph.WithOutputs"/>), so a graph scored by NASWOT alone stays as it was.
/// </summary>
/// <param name="Tensor">Name of the tensor in the graph.</param>
/// <param name="Shape">Its static shape: N×C×H×W for maps, [C] for variances.</param>
/// <param name="Elements">Values per channel behind a BatchNorm variance (N·H·W of its input); 0 for maps.</param>
public sealed record Probe(ProbeKind Kind, string Tensor, IReadOnlyList<int> Shape, long Elements = 0)
{
    /// <summary>Channels: axis 1 of a map, the length of a variance.</summary>
    public int Channels => Kind == ProbeKind.BatchNormVariance ? Shape[0] : Shape[1];

    /// <summary>Values per image and channel of a map (H·W); 1 for a variance.</summary>
    public int Positions => Kind == ProbeKind.BatchNormVariance ? 1 : Shape[2] * Shape[3];
}
