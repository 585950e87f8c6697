using Naswot.Networks;
using Naswot.Runtime;
using static Naswot.Tests.Networks.NaiveTensorOps;

namespace Naswot.Tests.Networks;

/// <summary>
/// Each op on a tiny batch (odd sides, to catch padding and rounding) run by ONNX Runtime against the naive
/// evaluation of its PyTorch definition, with the weights the builder put in the graph.
/// </summary>
public class OnnxGraphBuilderTests
{
    private const int Batch = 2;

    [Theory]
    [InlineData(3, 4, 3, 3, 1, 1, 1, 1, 1, 1, false, 5)]
    [InlineData(3, 5, 3, 3, 2, 2, 1, 1, 1, 1, true, 7)]
    [InlineData(4, 6, 1, 1, 2, 2, 0, 0, 1, 1, false, 7)]
    [InlineData(6, 6, 3, 3, 1, 1, 2, 2, 2, 6, false, 7)]
    [InlineData(6, 6, 5, 5, 2, 2, 4, 4, 2, 6, false, 9)]
    [InlineData(6, 4, 3, 3, 1, 1, 1, 1, 1, 2, true, 5)]
    [InlineData(4, 4, 1, 7, 1, 2, 0, 3, 1, 1, false, 7)]
    [InlineData(4, 4, 7, 1, 2, 1, 3, 0, 1, 1, true, 7)]
    [InlineData(3, 2, 2, 3, 1, 2, 0, 1, 1, 1, true, 6)]
    public void Conv_matches_the_naive_convolution_and_counts(int channels, int outChannels, int kh, int kw, int sh, int sw,
        int ph, int pw, int dilation, int groups, bool bias, int side)
    {
        foreach (var init in new[] { WeightInit.PyTorchDefault, WeightInit.KaimingNormalFanOut })
        {
            var graph = Build(channels, side, side, (g, x) => g.Conv(x, outChannels, (kh, kw), (sh, sw), (ph, pw), "conv", dilation, groups, bias, init),
                out var input);
            var expected = Conv(input, Initializer(graph, "conv.weight"), bias ? Initializer(graph, "conv.bias") : null,
                outChannels, (kh, kw), (sh, sw), (ph, pw), dilation, groups);
            AssertClose(expected, Run(graph, input));
            long fanIn = channels / groups * kh * kw;
            Assert.Equal(outChannels * fanIn + (bias ? outChannels : 0), graph.Parameters);
            Assert.Equal(2 * outChannels * expected.H * expected.W * fanIn, graph.FlopsPerImage);
        }
    }

    [Fact]
    public void Square_conv_is_the_general_conv_with_equal_sides()
    {
        var square = Build(4, 7, 7, (g, x) => g.Conv(x, 6, 3, 2, 1, "c", dilation: 2, groups: 2, bias: true), out _);
        var general = Build(4, 7, 7, (g, x) => g.Conv(x, 6, (3, 3), (2, 2), (1, 1), "c", 2, 2, true), out _);
        Assert.Equal(general.Model, square.Model);
    }

    [Theory]
    [InlineData(3, 1, 1, 7)]
    [InlineData(3, 2, 1, 7)]
    [InlineData(3, 2, 1, 6)]
    [InlineData(2, 2, 0, 5)]
    [InlineData(3, 2, 0, 7)]
    public void Pools_match_the_naive_pools(int kernel, int stride, int padding, int side)
    {
        // All inputs negative: a max pool that padded with zeros would answer 0 at the borders.
        var max = Build(3, side, side, (g, x) => g.MaxPool(x, kernel, stride, padding), out var input, offset: -3);
        AssertClose(MaxPool(input, kernel, stride, padding), Run(max, input));
        foreach (bool countIncludePad in new[] { true, false })
        {
            var average = Build(3, side, side, (g, x) => g.AveragePool(x, kernel, stride, padding, countIncludePad), out input, offset: -3);
            AssertClose(AveragePool(input, kernel, stride, padding, countIncludePad), Run(average, input));
        }
    }

    [Fact]
    public void BatchNorm_normalises_by_the_batch_statistics()
    {
        var graph = Build(5, 5, 5, (g, x) => g.BatchNorm(x, "bn"), out var input, offset: 2);
        AssertClose(BatchNorm(input, Initializer(graph, "bn.weight"), Initializer(graph, "bn.bias")), Run(graph, input));
        Assert.Equal(10, graph.Parameters);
        Assert.Equal(0, graph.FlopsPerImage);
    }

    [Fact]
    public void Relu_and_add_match()
    {
        var graph = Build(3, 5, 5, (g, x) => g.Add(x, g.Relu(x)), out var input);
        AssertClose(Add(input, Relu(input)), Run(graph, input));
    }

    [Fact]
    public void Concat_stacks_channels_in_order()
    {
        var graph = Build(4, 5, 5, (g, x) => g.Concat(x, g.Relu(x), g.SliceChannels(x, 1..3)), out var input);
        AssertClose(Concat(input, Relu(input), Slice(input, (1, 3), (0, 5), (0, 5), 1)), Run(graph, input));
    }

    [Theory]
    [InlineData(0, 2)]
    [InlineData(1, 4)]
    [InlineData(3, 5)]
    public void SliceChannels_takes_a_contiguous_range(int start, int end)
    {
        var graph = Build(5, 5, 5, (g, x) => g.SliceChannels(x, start..end), out var input);
        AssertClose(Slice(input, (start, end), (0, 5), (0, 5), 1), Run(graph, input));
    }

    [Theory]
    [InlineData(1, 0, 1, 0, 1, 7)]
    [InlineData(0, 0, 0, 0, 2, 7)]
    [InlineData(0, 0, 0, 0, 2, 6)]
    [InlineData(1, 1, 2, 0, 3, 7)]
    public void SliceSpatial_takes_strided_ranges_of_both_sides(int top, int bottom, int left, int right, int step, int side)
    {
        var graph = Build(3, side, side, (g, x) => g.SliceSpatial(x, top..^bottom, left..^right, step), out var input);
        AssertClose(Slice(input, (0, 3), (top, side - bottom), (left, side - right), step), Run(graph, input));
    }

    [Fact]
    public void Whole_slices_and_single_concatenations_are_the_tensor_itself()
    {
        var g = new OnnxGraphBuilder(1);
        string x = g.Input(Batch, 4, 5, 5);
        Assert.Equal(x, g.SliceChannels(x, ..));
        Assert.Equal(x, g.SliceChannels(x, 0..4));
        Assert.Equal(x, g.SliceSpatial(x, .., ..));
        Assert.Equal(x, g.Concat(x));
    }

    [Theory]
    [InlineData(1, 7)]
    [InlineData(2, 7)]
    [InlineData(2, 6)]
    public void Strided_zero_is_zeros_of_the_strided_ops_shape(int stride, int side)
    {
        var graph = Build(3, side, side, (g, x) => g.Zero(x, stride), out var input);
        var sameShapeConv = Build(3, side, side, (g, x) => g.Conv(x, 3, 3, stride, 1, "z"), out _);
        var (values, shape) = Run(graph, input);
        Assert.Equal(Run(sameShapeConv, input).Shape, shape);
        Assert.All(values, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Stride_one_zero_is_the_plain_zero()
    {
        var plain = Build(3, 5, 5, (g, x) => g.Zero(x), out _);
        Assert.Equal(plain.Model, Build(3, 5, 5, (g, x) => g.Zero(x, 1), out _).Model);
    }

    [Fact]
    public void Linear_on_pooled_features_matches_both_inits()
    {
        foreach (var init in new[] { WeightInit.PyTorchDefault, WeightInit.Normal(0.01) })
        {
            var graph = Build(6, 5, 5, (g, x) => g.Linear(g.GlobalAveragePool(x), 4, "fc", init), out var input);
            AssertClose(PoolAndLinear(input, Initializer(graph, "fc.weight"), Initializer(graph, "fc.bias"), 4), Run(graph, input));
            Assert.Equal(6 * 4 + 4, graph.Parameters);
            Assert.Equal(2 * 6 * 4, graph.FlopsPerImage);
        }
    }

    [Fact]
    public void Darts_sep_conv_matches_and_counts()
    {
        // SepConv(4, 6, 3, stride 2, padding 1): (ReLU, depthwise, pointwise, BN) twice, the first at stride 2.
        var graph = Build(4, 7, 7, (g, x) =>
        {
            string y = g.Conv(g.Relu(x), 4, 3, 2, 1, "dw1", groups: 4);
            y = g.BatchNorm(g.Conv(y, 4, 1, 1, 0, "pw1"), "bn1");
            y = g.Conv(g.Relu(y), 4, 3, 1, 1, "dw2", groups: 4);
            return g.BatchNorm(g.Conv(y, 6, 1, 1, 0, "pw2"), "bn2");
        }, out var input);
        var expected = Conv(Relu(input), Initializer(graph, "dw1.weight"), null, 4, (3, 3), (2, 2), (1, 1), groups: 4);
        expected = BatchNorm(Conv(expected, Initializer(graph, "pw1.weight"), null, 4, (1, 1), (1, 1), (0, 0)), Initializer(graph, "bn1.weight"), Initializer(graph, "bn1.bias"));
        expected = Conv(Relu(expected), Initializer(graph, "dw2.weight"), null, 4, (3, 3), (1, 1), (1, 1), groups: 4);
        expected = BatchNorm(Conv(expected, Initializer(graph, "pw2.weight"), null, 6, (1, 1), (1, 1), (0, 0)), Initializer(graph, "bn2.weight"), Initializer(graph, "bn2.bias"));
        AssertClose(expected, Run(graph, input));
        // Weights 4·9 + 4·4 + 4·9 + 6·4, BN 2·4 + 2·6; on 4×4 outputs: 2·16·(4·9 + 4·4 + 4·9 + 6·4).
        Assert.Equal(112 + 20, graph.Parameters);
        Assert.Equal(2 * 16 * 112, graph.FlopsPerImage);
    }

    [Fact]
    public void Darts_factorized_reduce_matches_and_counts()
    {
        // FactorizedReduce(4, 6): ReLU, 1×1 stride-2 convs of x and x[:, :, 1:, 1:] to 3 channels each, concat, BN.
        var graph = Build(4, 6, 6, (g, x) =>
        {
            string r = g.Relu(x);
            string y = g.Concat(g.Conv(r, 3, 1, 2, 0, "conv_1"), g.Conv(g.SliceSpatial(r, 1.., 1..), 3, 1, 2, 0, "conv_2"));
            return g.BatchNorm(y, "bn");
        }, out var input);
        var r = Relu(input);
        var expected = Concat(
            Conv(r, Initializer(graph, "conv_1.weight"), null, 3, (1, 1), (2, 2), (0, 0)),
            Conv(Slice(r, (0, 4), (1, 6), (1, 6), 1), Initializer(graph, "conv_2.weight"), null, 3, (1, 1), (2, 2), (0, 0)));
        AssertClose(BatchNorm(expected, Initializer(graph, "bn.weight"), Initializer(graph, "bn.bias")), Run(graph, input));
        Assert.Equal(2 * 12 + 12, graph.Parameters);
        Assert.Equal(2 * 2 * 9 * 12, graph.FlopsPerImage);
    }

    [Fact]
    public void Count_only_counts_what_the_built_graph_holds()
    {
        static NetworkGraph Network(OnnxGraphBuilder g)
        {
            string x = g.Input(Batch, 4, 7, 7);
            string y = g.Conv(x, 8, (1, 7), (1, 2), (0, 3), "a", bias: true, init: WeightInit.KaimingNormalFanOut);
            y = g.BatchNorm(g.Conv(y, 8, 3, 1, 2, "b", dilation: 2, groups: 8, bias: true), "bn");
            y = g.Concat(g.MaxPool(y, 3, 1, 1), g.SliceChannels(y, ..3));
            return g.Build(g.Linear(g.GlobalAveragePool(y), 5, "fc", WeightInit.Normal(0.01)));
        }
        var built = Network(new OnnxGraphBuilder(3));
        var counted = Network(new OnnxGraphBuilder(3, countOnly: true));
        long inGraph = built.Model.Graph.Initializer
            .Where(t => t.Name.EndsWith(".weight", StringComparison.Ordinal) || t.Name.EndsWith(".bias", StringComparison.Ordinal))
            .Sum(t => t.Dims.Aggregate(1L, (a, b) => a * b));
        Assert.Equal(built.Parameters, inGraph);
        Assert.Equal(built.Parameters, counted.Parameters);
        Assert.Equal(built.FlopsPerImage, counted.FlopsPerImage);
    }

    [Fact]
    public void Invalid_layers_fail_with_their_name()
    {
        var g = new OnnxGraphBuilder(1);
        string x = g.Input(Batch, 6, 5, 5);
        Assert.Contains("bad", Assert.Throws<ArgumentException>(() => g.Conv(x, 4, 3, 1, 1, "bad", groups: 4)).Message);
        Assert.Contains("big", Assert.Throws<ArgumentException>(() => g.Conv(x, 4, 7, 1, 0, "big")).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => g.MaxPool(x, 3, 1, 2));
        Assert.Throws<ArgumentException>(() => g.Concat(x, g.MaxPool(x, 3, 2, 1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => g.SliceChannels(x, 2..9));
        Assert.Throws<ArgumentOutOfRangeException>(() => g.SliceChannels(x, 2..2));
    }

    /// <summary>A graph from the input (N=2, random values from a fixed seed plus <paramref name="offset"/>) to the tensor <paramref name="op"/> makes.</summary>
    private static NetworkGraph Build(int channels, int height, int width, Func<OnnxGraphBuilder, string, string> op, out NaiveTensor input, float offset = 0)
    {
        var g = new OnnxGraphBuilder(seed: 11);
        input = NaiveTensor.Random(Batch, channels, height, width, seed: 5, offset);
        return g.Build(op(g, g.Input(Batch, channels, height, width)));
    }

    private static (float[] Values, long[] Shape) Run(NetworkGraph graph, NaiveTensor input)
    {
        using var options = SessionOptionsFactory.Create(new RuntimeOptions { IntraOpThreads = 1 });
        using var session = new NetworkSession(graph, options);
        using var tensor = new InputTensor(input.Data, input.N, input.C, input.H, input.W);
        using var outputs = session.Run(tensor);
        return (outputs[0].GetTensorDataAsSpan<float>().ToArray(), outputs[0].GetTensorTypeAndShape().Shape);
    }

    /// <summary>Equal shapes (trailing 1×1 of a linear layer's N×F aside) and values within 1e-4 of the expected tensor's scale.</summary>
    private static void AssertClose(NaiveTensor expected, (float[] Values, long[] Shape) actual)
    {
        long[] shape = actual.Shape.Length == 2 ? [.. actual.Shape, 1, 1] : actual.Shape;
        Assert.Equal(expected.Shape, shape);
        float tolerance = 1e-4f * Math.Max(1, expected.Data.Max(MathF.Abs));
        for (int i = 0; i < expected.Data.Length; i++)
            Assert.True(MathF.Abs(expected.Data[i] - actual.Values[i]) <= tolerance, $"element {i}: expected {expected.Data[i]}, got {actual.Values[i]}");
    }
}
