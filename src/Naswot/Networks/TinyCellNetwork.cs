using Naswot.Spaces;

namespace Naswot.Networks;

/// <summary>
/// The skeleton NB201 and NATS-Bench share, with a width per layer as xautodl's <c>DynamicShapeTinyNet</c> takes it
/// (D-X-Y/AutoDL-Projects@f46486e2:xautodl/models/shape_infers/InferTinyCellNet.py; NB201's <c>TinyNetwork</c>,
/// xautodl/models/cell_infers/tiny_network.py, is the case of widths [C]·N, 2C, [2C]·N, 4C, [4C]·N): stem conv3×3+BN,
/// three stages of N cells separated by ResNet basic blocks of stride 2, then BN+ReLU, global average pooling and a
/// linear classifier.
/// </summary>
internal static class TinyCellNetwork
{
    /// <summary>
    /// The network of <paramref name="cell"/> with layer widths <paramref name="widths"/>: 3N+2 of them, N cells, a
    /// ResNet block, N cells, a ResNet block, N cells; the stem takes the first width. Its stages are the stem's output
    /// and every cell's and ResNet block's, as AZ-NAS extracts them from NB201's network. Layers are named by stage and
    /// position (<c>stage1.cell0</c>, <c>reduction1</c>), so networks of one shape share their weights.
    /// </summary>
    public static NetworkGraph Build(OnnxGraphBuilder g, Nb201Cell cell, IReadOnlyList<int> widths, int imageSize, int classes, int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        if (widths.Count % 3 != 2)
            throw new ArgumentException($"expected 3N+2 layer widths, got {widths.Count}", nameof(widths));
        int cellsPerStage = widths.Count / 3;
        string x = g.Input(batchSize, 3, imageSize, imageSize);
        x = g.BatchNorm(g.Conv(x, widths[0], 3, 1, 1, "stem.conv"), "stem.bn");
        g.MarkStage(x);
        int layer = 0;
        for (int stage = 0; stage < 3; stage++)
        {
            if (stage > 0)
            {
                x = ResNetBlock(g, x, widths[layer++], $"reduction{stage}");
                g.MarkStage(x);
            }
            for (int i = 0; i < cellsPerStage; i++)
            {
                x = Cell(g, x, cell, widths[layer++], $"stage{stage}.cell{i}");
                g.MarkStage(x);
            }
        }
        x = g.BatchNorm(x, "lastact.bn");
        g.Tap(x, inWrapper: false);
        x = g.Relu(x);
        string logits = g.Linear(g.GlobalAveragePool(x), classes, "classifier");
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
    /// One cell of <paramref name="outChannels"/>: edges from the input take its width to <paramref name="outChannels"/>,
    /// the others keep it (xautodl's <c>InferCell</c>, cell_infers/cells.py). Only nodes whose values are needed are
    /// computed: those reaching the output through a non-`none` edge, and those read by a convolution (whose ReLU
    /// counts even when its result is multiplied by zero downstream, as the reference counts it). Dropping x·0 terms
    /// leaves every sum unchanged.
    /// </summary>
    /// <remarks>
    /// Where the width changes, <c>skip_connect</c> becomes xautodl's <c>FactorizedReduce</c> at stride 1 (cell_operations.py):
    /// conv1×1 → BN, without a tap, since its ReLU module is never called at stride 1, so the reference's hook never fires.
    /// Such a cell may have only convolutions and <c>skip_connect</c> on the edges from its input, all that NATS-Bench's
    /// size space builds: <c>none</c> would be fresh zeros there, cut off from the input, and <c>avg_pool_3x3</c> a ReLUConvBN 1×1 first.
    /// </remarks>
    private static string Cell(OnnxGraphBuilder g, string input, Nb201Cell cell, int outChannels, string layer)
    {
        int inChannels = g.Shape(input)[1];
        if (inChannels != outChannels)
        {
            for (int to = 1; to < Nb201Cell.Nodes; to++)
            {
                var op = cell.Op(0, to);
                if (!op.IsConvolution() && op != Nb201Op.SkipConnect)
                    throw new ArgumentException($"{layer}: a cell that changes width ({inChannels} to {outChannels}) takes only convolutions and skip_connect from its input, {cell} has {op.Name()} on edge 0→{to}", nameof(cell));
            }
        }

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
        for (int to = 1; to < Nb201Cell.Nodes; to++)
        {
            string? sum = null;
            for (int from = 0; from < to; from++)
            {
                var op = cell.Op(from, to);
                string edge = $"{layer}.edge{from}{to}";
                int edgeIn = from == 0 ? inChannels : outChannels;
                string? term = op switch
                {
                    Nb201Op.None => null,
                    Nb201Op.SkipConnect when edgeIn != outChannels => ConvBnOrCount(g, nodes[from]!, outChannels, needed[to], edge),
                    Nb201Op.SkipConnect => needed[to] ? nodes[from] : null,
                    Nb201Op.AvgPool3x3 => needed[to] ? g.AveragePool(nodes[from]!, 3, 1, 1, countIncludePad: false) : null,
                    Nb201Op.NorConv1x1 or Nb201Op.NorConv3x3 => TapOrBuild(g, nodes[from]!, outChannels, op == Nb201Op.NorConv1x1 ? 1 : 3, needed[to], edge),
                    _ => throw new InvalidOperationException($"unhandled op {op}"),
                };
                if (term is not null) sum = sum is null ? term : g.Add(sum, term);
            }
            if (needed[to]) nodes[to] = sum ?? g.Zero(input);
        }
        return nodes[Nb201Cell.Nodes - 1]!;
    }

    private static string? TapOrBuild(OnnxGraphBuilder g, string x, int outChannels, int kernel, bool needed, string layer)
    {
        if (needed) return ReluConvBn(g, x, outChannels, kernel, 1, layer);
        g.Tap(x, inWrapper: true);
        g.PrunedConvBatchNorm(g.Shape(x)[1], outChannels, kernel);
        return null;
    }

    /// <summary>FactorizedReduce at stride 1: conv1×1 → BN and no ReLU; counted but left out where its result is not needed.</summary>
    private static string? ConvBnOrCount(OnnxGraphBuilder g, string x, int outChannels, bool needed, string layer)
    {
        if (needed) return g.BatchNorm(g.Conv(x, outChannels, 1, 1, 0, layer + ".conv"), layer + ".bn");
        g.PrunedConvBatchNorm(g.Shape(x)[1], outChannels, 1);
        return null;
    }
}
