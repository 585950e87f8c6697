using Onnx;

namespace Naswot.Networks;

/// <summary>
/// BatchNorm with the batch's own statistics, as torch.nn.BatchNorm2d computes it in training mode: the mean, then
/// the mean squared deviation (biased), then ONNX's one-pass normalisation with them. One construction for the
/// networks we build and for the BatchNormalization nodes of imported models, so both compute the same floats.
/// </summary>
internal static class BatchStatistics
{
    /// <summary>Where the nodes go: a graph under construction that names tensors and keeps constants.</summary>
    internal interface IEmitter
    {
        /// <summary>Adds a node with one output of <paramref name="shape"/> and returns the output's name.</summary>
        string Node(string op, string[] inputs, int[] shape, params AttributeProto[] attributes);

        /// <summary>A float scalar initializer.</summary>
        string Constant(float value);

        /// <summary>An int64 vector initializer.</summary>
        string Constant(long[] values);
    }

    /// <summary>
    /// y = γ·(x − mean)/√(var + ε) + β over every axis but the channels (axis 1) of <paramref name="x"/>, whose static
    /// shape is <paramref name="shape"/>. Opset 18 moved the reductions' axes from an attribute to an input.
    /// </summary>
    public static string Normalise(IEmitter g, string x, string gamma, string beta, int[] shape, int opset, float epsilon)
    {
        int channels = shape[1];
        long[] axes = [.. Enumerable.Range(0, shape.Length).Where(a => a != 1).Select(a => (long)a)];
        long count = axes.Aggregate(1L, (n, a) => n * shape[a]);
        int[] perChannel = [channels];
        int[] broadcast = [.. shape.Select((d, a) => a == 1 ? d : 1)];
        string mean = Reduce(g, "ReduceMean", x, axes, broadcast, keep: true, opset);
        string deviation = g.Node("Sub", [x, mean], shape);
        // Σd² in one fused reduction: Mul(d, d) would write (and ONNX Runtime runs it slowly) a tensor as large as x.
        string sumOfSquares = Reduce(g, "ReduceSumSquare", deviation, axes, perChannel, keep: false, opset);
        string variance = g.Node("Div", [sumOfSquares, g.Constant((float)count)], perChannel);
        string flatMean = g.Node("Reshape", [mean, g.Constant([channels])], perChannel);
        return g.Node("BatchNormalization", [x, gamma, beta, flatMean, variance], shape, OnnxGraphBuilder.Float("epsilon", epsilon));
    }

    private static string Reduce(IEmitter g, string op, string x, long[] axes, int[] shape, bool keep, int opset) =>
        opset >= 18
            ? g.Node(op, [x, g.Constant(axes)], shape, OnnxGraphBuilder.Int("keepdims", keep ? 1 : 0))
            : g.Node(op, [x], shape, OnnxGraphBuilder.Ints("axes", axes), OnnxGraphBuilder.Int("keepdims", keep ? 1 : 0));
}
