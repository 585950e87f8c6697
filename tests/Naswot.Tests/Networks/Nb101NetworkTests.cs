using Naswot.Benchmarks;
using Naswot.Data;
using Naswot.Networks;
using Naswot.Runtime;
using Naswot.Scoring;
using Naswot.Scoring.Proxies;
using Naswot.Spaces;
using Naswot.Tests.Spaces;

namespace Naswot.Tests.Networks;

public class Nb101NetworkTests
{
    /// <summary>The network NB101 trained: stem 128, CIFAR-10's 32×32 images and 10 classes.</summary>
    private static readonly NetworkSpec Nb101Trained =
        new(new NetworkShape(3, 32, 32, 10), 1, 1, SettingValues.Of(Nb101Network.Builder.Settings, new Dictionary<string, string> { ["stem-channels"] = "128" }))
        {
            WithoutWeights = true,
        };

    /// <summary>The order-dependent cell of the spec (0009c022…), as NB101 stores it.</summary>
    private const string OrderDependent = "011000000001000110000001000001000000:input,conv1x1,conv1x1,conv1x1,conv1x1,output";

    private static readonly string[] Cells =
    [
        "0100:input,output",
        "011001000:input,conv3x3,output", // the cell NASWOT's in-place add breaks
        "010001000:input,maxpool3x3,output",
        Nb101CellTests.Vis0,
        OrderDependent,
        Nb101Space.Instance.Largest,
    ];

    [Fact]
    public void Parameter_count_of_every_bundled_network_equals_nb101s()
    {
        int checkedCells = 0;
        foreach (var record in Nb101Benchmark.Cifar10.Records)
        {
            if (record.TrainableParameters is not { } parameters) continue;
            Assert.Equal(parameters, Nb101Network.Builder.Build(record.Cell.ToString(), Nb101Trained).Parameters);
            checkedCells++;
        }
        Assert.Equal(1030, checkedCells);
    }

    [Nb101DataFact]
    public void Parameter_count_equals_the_shared_files()
    {
        foreach (var cell in Nb101SharedCells.Vis().Concat(Nb101SharedCells.NasLib30()))
            Assert.Equal(cell.Parameters, Nb101Network.Builder.Build(cell.Text, Nb101Trained).Parameters);
        // NASLib built its zero-cost networks in the sample's own vertex order, not NB101's: so do we, pruned.
        var options = new Nb101NetworkOptions { StemChannels = 128 };
        foreach (var row in Nb101SharedCells.ZeroCostRows())
            Assert.Equal(row.Parameters, Nb101Network.CountParameters(Nb101Cell.Parse(row.Text), options));
    }

    [Theory]
    [InlineData("0100:input,output", 882_570, 14_769L)]
    [InlineData("010001000:input,conv3x3,output", 10_177_674, null)]
    [InlineData("010001000:input,conv1x1,output", 1_920_138, null)]
    [InlineData("010001000:input,maxpool3x3,output", 882_570, null)]
    [InlineData("011001000:input,conv3x3,output", 11_051_402, null)]
    [InlineData(Nb101CellTests.Vis0, 8_555_530, 136_129L)]
    public void Parameter_counts_of_the_specs_examples(string cell, long atStem128, long? asNaswotBuildsIt)
    {
        Assert.Equal(atStem128, Nb101Network.Builder.Build(cell, Nb101Trained).Parameters);
        // NASWOT's code: stem 16 and a classifier of one output.
        if (asNaswotBuildsIt is { } naswot)
            Assert.Equal(naswot, Nb101Network.CountParameters(Nb101Space.Instance.Parse(cell), new Nb101NetworkOptions { Classes = 1 }));
    }

    [Fact]
    public void The_order_of_the_vertices_changes_the_channels_so_networks_are_built_in_nb101s_order()
    {
        var options = new Nb101NetworkOptions { StemChannels = 128 };
        Assert.Equal(1_057_688, Nb101Network.CountParameters(Nb101Cell.Parse("010010001100000001000001000001000000:input,conv1x1,conv1x1,conv1x1,conv1x1,output"), options));
        Assert.Equal(1_059_364, Nb101Network.CountParameters(Nb101Cell.Parse("010100001010000001000001000001000000:input,conv1x1,conv1x1,conv1x1,conv1x1,output"), options));
        Assert.Equal(1_058_845, Nb101Network.CountParameters(Nb101Cell.Parse(OrderDependent), options));
        Assert.Equal(1_058_845, Nb101Network.Builder.Build("010010001100000001000001000001000000:input,conv1x1,conv1x1,conv1x1,conv1x1,output", Nb101Trained).Parameters);
    }

    [Fact]
    public void Vertex_channels_follow_nb101s_rule()
    {
        var vis0 = Nb101Cell.Parse(Nb101CellTests.Vis0);
        Assert.Equal([128, 64, 64, 64, 64, 64, 128], Nb101Network.VertexChannels(vis0, 128, 128));
        Assert.Equal([128, 128, 128, 128, 128, 128, 256], Nb101Network.VertexChannels(vis0, 128, 256));
        Assert.Equal([256, 128, 128, 128, 128, 128, 256], Nb101Network.VertexChannels(vis0, 256, 256));
        Assert.Equal([256, 256, 256, 256, 256, 256, 512], Nb101Network.VertexChannels(vis0, 256, 512));
        Assert.Equal([512, 256, 256, 256, 256, 256, 512], Nb101Network.VertexChannels(vis0, 512, 512));
        // Three vertices feed the output: the lower-numbered ones take the remainder; vertex 2 takes its successors' most.
        var stored = Nb101Cell.Parse(OrderDependent);
        Assert.Equal([128, 43, 43, 43, 42, 128], Nb101Network.VertexChannels(stored, 128, 128));
        Assert.Equal([128, 86, 85, 85, 85, 256], Nb101Network.VertexChannels(stored, 128, 256));
        Assert.Equal([16, 16], Nb101Network.VertexChannels(Nb101Cell.Parse("0100:input,output"), 16, 16));
    }

    [Fact]
    public void Built_graphs_hold_exactly_the_counted_parameters()
    {
        foreach (string text in Cells)
        {
            var cell = Nb101Space.Instance.Parse(text);
            var graph = Nb101Network.Build(cell, new Nb101NetworkOptions(), 2, 1);
            long inGraph = graph.Model.Graph.Initializer
                .Where(t => t.Name.EndsWith(".weight", StringComparison.Ordinal) || t.Name.EndsWith(".bias", StringComparison.Ordinal))
                .Sum(t => t.Dims.Aggregate(1L, (a, b) => a * b));
            Assert.Equal(Nb101Network.CountParameters(cell, new Nb101NetworkOptions()), inGraph);
        }
    }

    [Fact]
    public void Every_conv_bn_relu_is_one_tap_counted_once()
    {
        foreach (string text in Cells)
        {
            var cell = Nb101Space.Instance.Parse(text);
            int convs = Enumerable.Range(1, cell.Vertices - 2).Count(v => cell.Op(v).IsConvolution());
            int inputEdges = Enumerable.Range(1, cell.Vertices - 1).Count(v => cell.HasEdge(0, v));
            var graph = Nb101Network.Build(cell, new Nb101NetworkOptions(), 2, 1);
            Assert.Equal(1 + 9 * (convs + inputEdges), graph.Taps.Count);
            Assert.All(graph.Taps, t => Assert.Equal((1, 0), (t.Relus, t.Wrappers)));
        }
    }

    [Fact]
    public void Networks_run_in_onnx_runtime_and_score()
    {
        var dataset = Datasets.Get("cifar10");
        var batch = DataSource.LoadBundled(dataset, BatchSelection.First(4));
        using var scorer = new NetworkScorer(batch, new NaswotProxy(), new RuntimeOptions { IntraOpThreads = 1 });
        using var options = SessionOptionsFactory.Create(new RuntimeOptions { IntraOpThreads = 1 });
        using var input = new InputTensor(batch.Pixels, batch.Count, batch.Channels, batch.Height, batch.Width);
        foreach (string text in Cells)
        {
            var graph = Nb101Network.Builder.Build(text, new NetworkSpec(NetworkShape.Of(dataset), batch.Count, 1, SettingValues.Of(Nb101Network.Builder.Settings)));
            using (var session = new NetworkSession(graph.WithoutTaps(), options))
            using (var outputs = session.Run(input))
            {
                Assert.Equal([4L, 10L], outputs[0].GetTensorTypeAndShape().Shape);
                Assert.All(outputs[0].GetTensorDataAsSpan<float>().ToArray(), v => Assert.True(float.IsFinite(v)));
            }
            var score = scorer.Score(graph).Score;
            Assert.True(double.IsFinite(score), $"{text}: {score}");
        }
    }

    [Fact]
    public void A_layer_of_the_same_name_and_shape_holds_the_same_weights_in_every_cell()
    {
        static byte[] Weights(string cell, string layer) =>
            Nb101Network.Build(Nb101Cell.Parse(cell), new Nb101NetworkOptions(), 2, 7).Model.Graph.Initializer.Single(t => t.Name == layer).RawData.ToByteArray();
        const string Single = "010001000:input,conv3x3,output", Chain = "0100001000010000:input,conv3x3,conv1x1,output";
        const string TwoFeeders = "0110000100010000:input,conv3x3,maxpool3x3,output";
        // Vertex 1 is a 16→16 conv3x3 in the first two cells, 8→8 in the third, where two vertices share the output.
        Assert.Equal(Weights(Single, "stack0.cell0.v1.conv.weight"), Weights(Chain, "stack0.cell0.v1.conv.weight"));
        Assert.Equal(Weights(Single, "stack2.cell1.proj1.conv.weight"), Weights(Chain, "stack2.cell1.proj1.conv.weight"));
        Assert.NotEqual(Weights(Single, "stack0.cell0.v1.conv.weight").Length, Weights(TwoFeeders, "stack0.cell0.v1.conv.weight").Length);
        Assert.NotEqual(Weights(Single, "stack0.cell0.v1.conv.weight"), Weights(Single, "stack0.cell1.v1.conv.weight"));
    }

    [Fact]
    public void Image_sides_must_be_divisible_by_4()
    {
        var error = Assert.Throws<NaswotException>(() => Nb101NetworkOptions.For(new NetworkShape(3, 30, 32, 10), 16));
        Assert.Equal("NB101 networks need image sides divisible by 4 (two 2×2 stride-2 max pools), got 30x32", error.Message);
        var cell = Nb101Cell.Parse(Nb101CellTests.Vis0);
        Assert.True(Nb101Network.CountParameters(cell, Nb101NetworkOptions.For(new NetworkShape(3, 16, 16, 120), 16)) > 0);
        Assert.True(Nb101Network.CountParameters(cell, Nb101NetworkOptions.For(new NetworkShape(3, 32, 16, 10), 16)) > 0);
    }

    [Fact]
    public void The_stem_width_is_a_checked_setting()
    {
        var setting = Assert.Single(Nb101Network.Builder.Settings);
        Assert.Equal(("stem-channels", "16", (4, 1024)), (setting.Name, setting.Default, setting.Range!.Value));
        Assert.Throws<NaswotException>(() => SettingValues.Of(Nb101Network.Builder.Settings, new Dictionary<string, string> { ["stem-channels"] = "2" }));
    }
}
