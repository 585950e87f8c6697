using Naswot.Data;
using Naswot.Networks;
using Naswot.Runtime;
using static Naswot.Tests.Networks.NaiveTensorOps;

namespace Naswot.Tests.Networks;

/// <summary>
/// <see cref="NetworkGraph.ForInference"/>: the network to train elsewhere, with inference-mode BatchNorm (PyTorch's
/// initial running statistics) and an input of any batch size, holding the scoring network's weights.
/// </summary>
public class InferenceExportTests
{
    [Fact]
    public void BatchNorm_uses_the_initial_running_statistics_and_the_weights_are_the_scoring_networks()
    {
        var g = new OnnxGraphBuilder(seed: 4);
        string x = g.Input(2, 3, 5, 5);
        x = g.Relu(g.BatchNorm(g.Conv(x, 4, 3, 1, 1, "conv"), "bn"));
        var scoring = g.Build(g.Linear(g.GlobalAveragePool(x), 3, "fc"));
        var exported = scoring.ForInference();

        var input = NaiveTensor.Random(3, 3, 5, 5, seed: 8);
        var conv = Conv(input, Initializer(scoring, "conv.weight"), null, 4, (3, 3), (1, 1), (1, 1), 1, 1);
        // Inference mode with mean 0, variance 1, γ = 1, β = 0: x / √(1 + ε).
        var normalised = Map(conv, v => v / MathF.Sqrt(1 + 1e-5f));
        var expected = PoolAndLinear(Relu(normalised), Initializer(scoring, "fc.weight"), Initializer(scoring, "fc.bias"), 3);
        var actual = Run(exported, input);
        for (int i = 0; i < expected.Data.Length; i++) Assert.Equal(expected.Data[i], actual[i], 4);

        Assert.Equal(Initializer(scoring, "conv.weight"), Initializer(exported, "conv.weight"));
        Assert.DoesNotContain(exported.Model.Graph.Node, n => n.OpType is "ReduceMean" or "ReduceSumSquare" or "Greater");
    }

    [Theory]
    [InlineData("nb201", "|nor_conv_3x3~0|+|nor_conv_1x1~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|none~2|")]
    [InlineData("nb101", "0111000001100000010000000100000001000000010000000:input,conv3x3-bn-relu,conv3x3-bn-relu,conv3x3-bn-relu,conv3x3-bn-relu,conv3x3-bn-relu,output")]
    public void An_exported_network_takes_any_batch_and_scores_each_image_on_its_own(string space, string architecture)
    {
        var registered = SearchSpaces.Get(space);
        var dataset = Datasets.Get("cifar10");
        var spec = new NetworkSpec(NetworkShape.Of(dataset), 8, 1, registered.NetworkSettings(SettingValues.None));
        var exported = registered.Networks.Build(architecture, spec).ForInference();
        var graph = exported.Model.Graph;
        Assert.Equal([NetworkGraph.LogitsName], graph.Output.Select(o => o.Name));
        Assert.All(graph.Input.Concat(graph.Output), v => Assert.Equal(NetworkGraph.BatchDimension, v.Type.TensorType.Shape.Dim[0].DimParam));

        var batch = DataSource.LoadBundled(dataset, BatchSelection.First(3));
        var three = Run(exported, new NaiveTensor(3, 3, 32, 32, batch.Pixels));
        var one = Run(exported, new NaiveTensor(1, 3, 32, 32, batch.Pixels[..(3 * 32 * 32)]));
        Assert.Equal(3 * dataset.Classes, three.Length);
        // Batch statistics would tie the images together; inference-mode BatchNorm must not.
        for (int c = 0; c < dataset.Classes; c++) Assert.Equal(one[c], three[c], 5);
    }

    private static float[] Run(NetworkGraph graph, NaiveTensor input)
    {
        using var options = SessionOptionsFactory.Create(new RuntimeOptions { IntraOpThreads = 1 });
        using var session = new NetworkSession(graph, options);
        using var tensor = new InputTensor(input.Data, input.N, input.C, input.H, input.W);
        using var outputs = session.Run(tensor);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }
}
