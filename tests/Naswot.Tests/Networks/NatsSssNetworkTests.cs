using Google.Protobuf;
using Naswot.Data;
using Naswot.Networks;
using Naswot.Runtime;
using Naswot.Scoring;
using Naswot.Scoring.Proxies;
using Naswot.Spaces;
using static Naswot.Tests.Networks.NaiveTensorOps;

namespace Naswot.Tests.Networks;

public class NatsSssNetworkTests
{
    private static NetworkShape On(int classes, int imageSize = 32) => new(3, imageSize, imageSize, classes);

    /// <summary>
    /// Parameters of NATS-Bench's published size-space checkpoints, as issue 9 gives them; the same figures (in
    /// millions) stand in the example files of D-X-Y/NATS-Bench@1d4a304a:fake_torch_dir/NATS-sss-v1_0-50262-simple/
    /// (000000, 000011, 000284: <c>params</c> per dataset).
    /// </summary>
    [Theory]
    [InlineData("8:8:8:8:8", 10, 11_714)]
    [InlineData("8:8:8:16:32", 10, 49_202)]
    [InlineData("8:8:40:32:40", 10, 144_834)]
    [InlineData("8:8:8:8:8", 100, 12_524)]
    [InlineData("8:8:8:16:32", 100, 52_172)]
    [InlineData("8:8:40:32:40", 100, 148_524)]
    [InlineData("8:8:8:8:8", 120, 12_704)]
    [InlineData("8:8:8:16:32", 120, 52_832)]
    [InlineData("8:8:40:32:40", 120, 149_344)]
    public void Parameter_counts_equal_the_published_checkpoints(string widths, int classes, long parameters) =>
        Assert.Equal(parameters, NatsSssNetwork.CountParameters(NatsSssWidths.Parse(widths), On(classes, classes == 120 ? 16 : 32)));

    /// <summary>
    /// FLOPs of the same files (<c>flop</c>, in millions): xautodl's counter (xautodl/utils/flop_benchmark.py) counts
    /// a multiply-add of convs and linear layers as one, and the linear bias once per output; ours counts two per
    /// multiply-add and no bias.
    /// </summary>
    [Theory]
    [InlineData("8:8:8:8:8", 10, 32, 4_481_114)]
    [InlineData("8:8:8:16:32", 10, 32, 6_840_650)]
    [InlineData("8:8:40:32:40", 10, 32, 21_827_994)]
    [InlineData("8:8:8:8:8", 100, 32, 4_481_924)]
    [InlineData("8:8:8:16:32", 100, 32, 6_843_620)]
    [InlineData("8:8:40:32:40", 100, 32, 21_831_684)]
    [InlineData("8:8:8:8:8", 120, 16, 1_121_336)]
    [InlineData("8:8:8:16:32", 120, 16, 1_714_040)]
    [InlineData("8:8:40:32:40", 120, 16, 5_461_816)]
    public void Flops_equal_the_published_checkpoints(string widths, int classes, int imageSize, long natsFlops)
    {
        var graph = NatsSssNetwork.BuildWithoutWeights(NatsSssWidths.Parse(widths), On(classes, imageSize), 1);
        Assert.Equal(natsFlops, graph.FlopsPerImage / 2 + classes);
    }

    /// <summary>
    /// The parameters by hand: conv k×k a→b has 9ab (k = 3) or ab (k = 1) weights, BN 2b. A cell a→b: two 3×3 a→b and
    /// three 3×3 b→b ReLUConvBNs, and conv1×1+BN a→b for skip_connect where a ≠ b; a ResNet block a→b: 3×3 a→b and b→b
    /// ReLUConvBNs and a 1×1 a→b shortcut without BN.
    /// </summary>
    private static long ByHand(int[] c, int classes)
    {
        static long Cell(long a, long b) => 2 * (9 * a * b + 2 * b) + 3 * (9 * b * b + 2 * b) + (a == b ? 0 : a * b + 2 * b);
        static long Block(long a, long b) => 9 * a * b + 2 * b + 9 * b * b + 2 * b + a * b;
        long stem = 27L * c[0] + 2 * c[0];
        long head = 2L * c[4] + (long)c[4] * classes + classes;
        return stem + Cell(c[0], c[0]) + Block(c[0], c[1]) + Cell(c[1], c[2]) + Block(c[2], c[3]) + Cell(c[3], c[4]) + head;
    }

    [Fact]
    public void Parameter_counts_equal_the_hand_count()
    {
        var random = new SeededRandom(9);
        string[] fixedOnes = ["16:16:16:16:16", "64:64:64:64:64", "8:64:8:64:8", "64:8:64:8:64"];
        foreach (var widths in fixedOnes.Select(NatsSssWidths.Parse).Concat(Enumerable.Range(0, 200).Select(_ => NatsSssSpace.Instance.SampleWidths(random))))
            foreach (int classes in new[] { 1, 10, 120 })
                Assert.Equal(ByHand(widths.ToArray(), classes), NatsSssNetwork.CountParameters(widths, On(classes)));
        Assert.Equal(45_562, ByHand([16, 16, 16, 16, 16], 10));
    }

    [Theory]
    [InlineData(16, "16:32:32:64:64")]
    [InlineData(8, "8:16:16:32:32")]
    public void Nb201s_network_of_the_cell_with_one_cell_per_stage_is_the_same_graph(int c, string widths)
    {
        // NB201's TinyNetwork with N = 1 has widths C, 2C, 2C, 4C, 4C: the same layers, named alike, so the same bytes.
        foreach (var shape in new[] { new NetworkShape(3, 32, 32, 10), new NetworkShape(3, 16, 16, 120) })
        {
            var nb201 = Nb201Network.Build(NatsSssSpace.Cell, Nb201NetworkOptions.For(shape) with { Channels = c, CellsPerStage = 1 }, 4, 3);
            var nats = NatsSssNetwork.Build(NatsSssWidths.Parse(widths), shape, 4, 3);
            Assert.Equal(nb201.Model.ToByteArray(), nats.Model.ToByteArray());
            Assert.Equal(nb201.Parameters, nats.Parameters);
        }
    }

    [Fact]
    public void Built_graphs_hold_exactly_the_counted_parameters()
    {
        foreach (string text in new[] { "8:8:8:8:8", "8:16:24:32:40", "64:8:56:16:48" })
        {
            var widths = NatsSssWidths.Parse(text);
            var graph = NatsSssNetwork.Build(widths, On(10), 2, 1);
            long inGraph = graph.Model.Graph.Initializer
                .Where(t => t.Name.EndsWith(".weight", StringComparison.Ordinal) || t.Name.EndsWith(".bias", StringComparison.Ordinal))
                .Sum(t => t.Dims.Aggregate(1L, (a, b) => a * b));
            Assert.Equal(NatsSssNetwork.CountParameters(widths, On(10)), inGraph);
        }
    }

    [Fact]
    public void Relu_inputs_are_tapped_as_naswot_hooks_them()
    {
        // Per cell: node 0 feeds two ReLUConvBNs, node 1 two, node 2 one; the width-changing skip_connect adds none.
        // Per ResNet block: conv_a's and conv_b's inputs. Then the last BN+ReLU, a bare ReLU.
        var graph = NatsSssNetwork.Build(NatsSssWidths.Parse("8:16:24:32:40"), On(10), 2, 1);
        Assert.Equal(
            [
                (8 * 32 * 32, 2, 2), (8 * 32 * 32, 2, 2), (8 * 32 * 32, 1, 1),
                (8 * 32 * 32, 1, 1), (16 * 16 * 16, 1, 1),
                (16 * 16 * 16, 2, 2), (24 * 16 * 16, 2, 2), (24 * 16 * 16, 1, 1),
                (24 * 16 * 16, 1, 1), (32 * 8 * 8, 1, 1),
                (32 * 8 * 8, 2, 2), (40 * 8 * 8, 2, 2), (40 * 8 * 8, 1, 1),
                (40 * 8 * 8, 1, 0),
            ],
            graph.Taps.Select(t => (t.ElementsPerImage, t.Relus, t.Wrappers)));
    }

    [Fact]
    public void A_cell_that_changes_width_takes_only_convolutions_and_skip_connect_from_its_input()
    {
        var cell = Nb201Cell.Parse("|nor_conv_3x3~0|+|avg_pool_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|");
        var error = Assert.Throws<ArgumentException>(() => TinyCellNetwork.Build(new OnnxGraphBuilder(0, countOnly: true), cell, [8, 16, 24, 32, 40], 32, 10, 1));
        Assert.StartsWith("stage1.cell0: a cell that changes width (16 to 24) takes only convolutions and skip_connect from its input", error.Message);
        Assert.True(TinyCellNetwork.Build(new OnnxGraphBuilder(0, countOnly: true), cell, [8, 16, 16, 32, 32], 32, 10, 1).Parameters > 0);
    }

    [Fact]
    public void Images_must_be_square()
    {
        var error = Assert.Throws<NaswotException>(() => NatsSssNetwork.CountParameters(NatsSssWidths.FromIndex(0), new NetworkShape(3, 32, 16, 10)));
        Assert.Equal("NATS-SSS networks need square images, got 32x16", error.Message);
    }

    [Fact]
    public void Onnx_runtime_computes_what_the_network_defines()
    {
        // Every layer changes width here, so every cell has its skip_connect projection.
        var widths = NatsSssWidths.Parse("8:16:24:16:8");
        var graph = NatsSssNetwork.Build(widths, On(10, imageSize: 8), 2, 5);
        var input = NaiveTensor.Random(2, 3, 8, 8, seed: 4);
        var expected = NaiveForward(graph, widths.ToArray(), input, 10);

        using var options = SessionOptionsFactory.Create(new RuntimeOptions { IntraOpThreads = 1 });
        using var session = new NetworkSession(graph.WithoutTaps(), options);
        using var tensor = new InputTensor(input.Data, input.N, input.C, input.H, input.W);
        using var outputs = session.Run(tensor);
        float[] logits = outputs[0].GetTensorDataAsSpan<float>().ToArray();
        Assert.Equal(expected.Data.Length, logits.Length);
        float tolerance = 1e-4f * Math.Max(1, expected.Data.Max(MathF.Abs));
        for (int i = 0; i < logits.Length; i++) Assert.True(MathF.Abs(expected.Data[i] - logits[i]) <= tolerance, $"logit {i}: expected {expected.Data[i]}, got {logits[i]}");
    }

    /// <summary>
    /// xautodl's DynamicShapeTinyNet with N = 1 and the fixed cell, written out with the naive ops and the graph's
    /// weights: InferCell's edges from node 0 go to the new width, FactorizedReduce at stride 1 is conv1×1 → BN.
    /// </summary>
    private static NaiveTensor NaiveForward(NetworkGraph graph, int[] c, NaiveTensor x, int classes)
    {
        float[] W(string name) => Initializer(graph, name);
        NaiveTensor Bn(NaiveTensor t, string layer) => BatchNorm(t, W(layer + ".weight"), W(layer + ".bias"));
        NaiveTensor ReluConvBn(NaiveTensor t, int outC, int k, int stride, string layer) =>
            Bn(Conv(Relu(t), W(layer + ".conv.weight"), null, outC, (k, k), (stride, stride), ((k - 1) / 2, (k - 1) / 2)), layer + ".bn");
        NaiveTensor Cell(NaiveTensor t, int outC, string layer)
        {
            var n1 = ReluConvBn(t, outC, 3, 1, layer + ".edge01");
            var n2 = Add(ReluConvBn(t, outC, 3, 1, layer + ".edge02"), ReluConvBn(n1, outC, 3, 1, layer + ".edge12"));
            var skip = t.C == outC ? t : Bn(Conv(t, W(layer + ".edge03.conv.weight"), null, outC, (1, 1), (1, 1), (0, 0)), layer + ".edge03.bn");
            return Add(Add(skip, ReluConvBn(n1, outC, 3, 1, layer + ".edge13")), ReluConvBn(n2, outC, 3, 1, layer + ".edge23"));
        }
        NaiveTensor Block(NaiveTensor t, int outC, string layer)
        {
            var b = ReluConvBn(ReluConvBn(t, outC, 3, 2, layer + ".conv_a"), outC, 3, 1, layer + ".conv_b");
            var shortcut = Conv(AveragePool(t, 2, 2, 0, countIncludePad: true), W(layer + ".downsample.weight"), null, outC, (1, 1), (1, 1), (0, 0));
            return Add(shortcut, b);
        }

        var y = Bn(Conv(x, W("stem.conv.weight"), null, c[0], (3, 3), (1, 1), (1, 1)), "stem.bn");
        y = Cell(y, c[0], "stage0.cell0");
        y = Cell(Block(y, c[1], "reduction1"), c[2], "stage1.cell0");
        y = Cell(Block(y, c[3], "reduction2"), c[4], "stage2.cell0");
        return PoolAndLinear(Relu(Bn(y, "lastact.bn")), W("classifier.weight"), W("classifier.bias"), classes);
    }

    [Fact]
    public void Networks_run_in_onnx_runtime_and_score()
    {
        var dataset = Datasets.Get("cifar10");
        var batch = DataSource.LoadBundled(dataset, BatchSelection.First(4));
        using var scorer = new NetworkScorer(batch, new NaswotProxy(), new RuntimeOptions { IntraOpThreads = 1 });
        var spec = new NetworkSpec(NetworkShape.Of(dataset), batch.Count, 1, SettingValues.Of(NatsSssNetwork.Builder.Settings));
        var scores = new List<double>();
        foreach (string text in new[] { "8:8:8:8:8", "8:16:24:32:40", "64:64:64:64:64", "64:8:64:8:64" })
        {
            var score = scorer.Score(NatsSssNetwork.Builder.Build(text, spec)).Score;
            Assert.True(double.IsFinite(score), $"{text}: {score}");
            scores.Add(score);
        }
        Assert.Equal(scores.Count, scores.Distinct().Count());
    }
}
