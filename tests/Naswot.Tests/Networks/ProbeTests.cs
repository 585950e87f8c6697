using Naswot.Data;
using Naswot.Networks;
using Naswot.Runtime;
using Naswot.Spaces;
using static Naswot.Tests.Networks.NaiveTensorOps;

namespace Naswot.Tests.Networks;

/// <summary>
/// The tensors the builder records for proxies besides the taps: which they are, in every space, and their values
/// when a graph is asked for them, against a naive evaluation; and that asking for nothing changes nothing.
/// </summary>
public class ProbeTests
{
    private static readonly NetworkShape Cifar = NetworkShape.Of(Datasets.Get("cifar10"));

    private static NetworkGraph Nb201(int index, int batch = 2) =>
        Nb201Network.Build(Nb201Space.Instance.CellAt(index), Nb201NetworkOptions.For(Cifar), batch, 1);

    /// <summary>
    /// AZ-NAS's cell features of NB201's network (cvlab-yonsei/AZ-NAS@5e6683a2:NB201/custom/tss_model.py): the stem's
    /// output, then each of the 5 + 1 + 5 + 1 + 5 cells' and ResNet blocks' outputs, at their widths.
    /// </summary>
    [Fact]
    public void Nb201_stages_are_the_stem_and_every_cell_and_block()
    {
        var stages = Nb201(4321).Probes.Where(p => p.Kind == ProbeKind.Stage).ToList();
        Assert.Equal(18, stages.Count);
        int[] expected = [16, .. Enumerable.Repeat(16, 5), 32, .. Enumerable.Repeat(32, 5), 64, .. Enumerable.Repeat(64, 5)];
        Assert.Equal(expected, stages.Select(s => s.Channels));
        Assert.Equal([32 * 32, 16 * 16, 8 * 8], stages.Select(s => s.Positions).Distinct());
    }

    /// <summary>NB101: the stem and 3 × 3 cells; NATS-SSS: the stem, 3 cells and 2 blocks; NDS-DARTS' largest: the stem and 20 cells.</summary>
    [Theory]
    [InlineData("nb101", 10)]
    [InlineData("nats-sss", 6)]
    [InlineData("nds-darts", 21)]
    public void Every_space_marks_its_stem_and_each_cell(string space, int stages)
    {
        var registered = SearchSpaces.Get(space);
        var spec = new NetworkSpec(Cifar, 2, 1, registered.NetworkSettings(SettingValues.None)) { WithoutWeights = true };
        var graph = registered.Networks.Build(registered.Space.Largest, spec);
        Assert.Equal(stages, graph.Probes.Count(p => p.Kind == ProbeKind.Stage));
    }

    /// <summary>AZ-NAS reads stages in every space: each registered space's largest network marks the stem and at least one cell or block.</summary>
    [Fact]
    public void Every_registered_space_marks_stages()
    {
        foreach (var registered in SearchSpaces.All)
        {
            var spec = new NetworkSpec(Cifar, 2, 1, registered.NetworkSettings(SettingValues.None)) { WithoutWeights = true };
            var graph = registered.Networks.Build(registered.Space.Largest, spec);
            Assert.True(graph.Probes.Count(p => p.Kind == ProbeKind.Stage) >= 2, registered.Name);
        }
    }

    [Fact]
    public void Nds_resnet_stages_are_the_stem_and_every_block()
    {
        var registered = SearchSpaces.Get("nds-resnet");
        var spec = new NetworkSpec(Cifar, 2, 1, SettingValues.None) { WithoutWeights = true };
        var graph = registered.Networks.Build("ds=1,2,3;ws=16,32,64", spec);
        // The stem, the fixed first stage's block, then 1 + 2 + 3 sampled blocks.
        Assert.Equal(8, graph.Probes.Count(p => p.Kind == ProbeKind.Stage));
    }

    /// <summary>
    /// PyTorch's <c>named_parameters()</c> of xautodl's NB201 network: stem conv and BN (3 tensors), 15 cells whose
    /// ReLU-Conv-BN ops have 3 each (skip, pool and none have none), two ResNet blocks of two ReLU-Conv-BN and a 1×1
    /// conv (7 each), the last BN (2) and the classifier (2): 21 + 45 per convolution edge of the cell.
    /// </summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4321)]
    [InlineData(9999)]
    [InlineData(15624)]
    public void Nb201_parameter_tensors_are_the_reference_modules(int index)
    {
        var cell = Nb201Space.Instance.CellAt(index);
        int convolutions = 0;
        for (int to = 1; to < Nb201Cell.Nodes; to++)
            for (int from = 0; from < to; from++)
                if (cell.Op(from, to).IsConvolution()) convolutions++;
        Assert.Equal(21 + 45 * convolutions, Nb201(index).ParameterTensors);
        Assert.Equal(21 + 45 * convolutions, Nb201Network.BuildWithoutWeights(cell, Nb201NetworkOptions.For(Cifar), 1).ParameterTensors);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2222)]
    [InlineData(15624)]
    public void Asking_for_the_taps_alone_changes_no_byte(int index)
    {
        var graph = Nb201(index, 128);
        Assert.Equal(graph.ToOnnxBytes(), graph.WithOutputs(NetworkOutputs.SignTaps).ToOnnxBytes());
        Assert.Equal(graph.WithoutTaps().ToOnnxBytes(), graph.WithOutputs(NetworkOutputs.None).ToOnnxBytes());
    }

    /// <summary>
    /// conv → BN (a stage) → ReLU → + → global pooling → linear, on a batch of 3 with odd sides: every probe the graph
    /// is asked for, against the naive ops; the stage as its Gram matrix and channel means.
    /// </summary>
    [Fact]
    public void Probe_outputs_are_the_naive_values()
    {
        var g = new OnnxGraphBuilder(seed: 3);
        string x = g.Input(3, 2, 5, 7);
        string conv = g.Conv(x, 4, 3, 1, 1, "conv", bias: true);
        string bn = g.BatchNorm(conv, "bn");
        g.MarkStage(bn);
        string relu = g.Relu(bn);
        string sum = g.Add(relu, bn);
        var graph = g.Build(g.Linear(g.GlobalAveragePool(sum), 3, "fc")).WithOutputs(NetworkOutputs.LayerMaps | NetworkOutputs.StageGrams |
            NetworkOutputs.PrePoolMap | NetworkOutputs.BatchNormVariances);
        Assert.Equal([conv, bn, relu, sum], graph.Probes.Where(p => p.Kind == ProbeKind.Layer).Select(p => p.Tensor));
        Assert.Equal(sum, graph.Probes.Single(p => p.Kind == ProbeKind.PrePool).Tensor);

        var input = NaiveTensor.Random(3, 2, 5, 7, seed: 8);
        var naiveConv = Conv(input, Initializer(graph, "conv.weight"), Initializer(graph, "conv.bias"), 4, (3, 3), (1, 1), (1, 1), 1, 1);
        var naiveBn = BatchNorm(naiveConv, Initializer(graph, "bn.weight"), Initializer(graph, "bn.bias"));
        var naiveSum = Add(Relu(naiveBn), naiveBn);

        using var options = SessionOptionsFactory.Create(new RuntimeOptions { IntraOpThreads = 1 });
        using var session = new NetworkSession(graph, options);
        using var tensor = new InputTensor(input.Data, input.N, input.C, input.H, input.W);
        using var forward = session.Forward(tensor);
        // Layer maps come as their first image; the pre-pooling map whole.
        Probe Layer(string tensor) => graph.Probes.Single(p => p.Kind == ProbeKind.Layer && p.Tensor == tensor);
        AssertClose(naiveConv.Data[..(4 * 5 * 7)], forward.Values(NetworkGraph.OutputOf(Layer(conv), "first")));
        AssertClose(naiveBn.Data[..(4 * 5 * 7)], forward.Values(NetworkGraph.OutputOf(Layer(bn), "first")));
        AssertClose(naiveSum.Data[..(4 * 5 * 7)], forward.Values(NetworkGraph.OutputOf(Layer(sum), "first")));
        AssertClose(naiveSum.Data, forward.Values(sum));

        var variance = graph.Probes.Single(p => p.Kind == ProbeKind.BatchNormVariance);
        Assert.Equal(3 * 5 * 7, variance.Elements);
        AssertClose([.. Enumerable.Range(0, 4).Select(c => (float)Moments(naiveConv, c, c).Covariance)], forward.Values(variance.Tensor));

        var stage = graph.Probes.Single(p => p.Kind == ProbeKind.Stage);
        var gram = new float[16];
        for (int a = 0; a < 4; a++)
            for (int b = 0; b < 4; b++) gram[a * 4 + b] = (float)Moments(naiveBn, a, b).Product;
        AssertClose(gram, forward.Values(NetworkGraph.OutputOf(stage, "gram")));
        AssertClose([.. Enumerable.Range(0, 4).Select(c => (float)Moments(naiveBn, c, c).Mean)], forward.Values(NetworkGraph.OutputOf(stage, "mean")));
    }

    [Fact]
    public void Gaussian_weights_are_standard_normal_drawn_once_per_layer_and_biases_zero()
    {
        int largest = Nb201Space.Instance.IndexOf(Nb201Cell.Parse(Nb201Space.Instance.Largest));
        var graph = Nb201(largest);
        var gaussian = graph.WithGaussianWeights(7);
        float[] weights = Initializer(gaussian, "stage2.cell0.edge01.conv.weight");
        Assert.Equal(64 * 64 * 9, weights.Length);
        double mean = weights.Average(v => (double)v), variance = weights.Average(v => (v - mean) * (v - mean));
        Assert.InRange(mean, -0.02, 0.02);
        Assert.InRange(variance, 0.97, 1.03);
        Assert.NotEqual(Initializer(graph, "stage2.cell0.edge01.conv.weight"), weights);
        Assert.Equal(weights, Initializer(graph.WithGaussianWeights(7), "stage2.cell0.edge01.conv.weight"));
        Assert.All(Initializer(gaussian, "classifier.bias"), b => Assert.Equal(0f, b));
        Assert.Equal(Initializer(graph, "stem.bn.weight"), Initializer(gaussian, "stem.bn.weight"));
        Assert.Equal(Initializer(graph, "stage2.cell0.edge01.conv.weight"), Initializer(Nb201(largest), "stage2.cell0.edge01.conv.weight"));
    }

    /// <summary>Over images and positions of two channels: the mean of channel a, the sum of a·b, and the biased covariance of a and b.</summary>
    private static (double Mean, double Product, double Covariance) Moments(NaiveTensor x, int a, int b)
    {
        double sumA = 0, sumB = 0, product = 0;
        int count = x.N * x.H * x.W;
        for (int n = 0; n < x.N; n++)
            for (int i = 0; i < x.H; i++)
                for (int j = 0; j < x.W; j++)
                {
                    sumA += x[n, a, i, j];
                    sumB += x[n, b, i, j];
                    product += (double)x[n, a, i, j] * x[n, b, i, j];
                }
        return (sumA / count, product, product / count - sumA / count * (sumB / count));
    }

    private static void AssertClose(float[] expected, ReadOnlySpan<float> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        float tolerance = 1e-4f * Math.Max(1, expected.Max(MathF.Abs));
        for (int i = 0; i < expected.Length; i++)
            Assert.True(MathF.Abs(expected[i] - actual[i]) <= tolerance, $"element {i}: expected {expected[i]}, got {actual[i]}");
    }
}
