using Naswot.Data;
using Naswot.Networks;
using Naswot.Runtime;
using Naswot.Scoring;
using Naswot.Scoring.Proxies;
using Naswot.Spaces;

namespace Naswot.Tests.Scoring;

public class NaswotProxyTests
{
    private static readonly string[] Cells =
    [
        "|nor_conv_3x3~0|+|nor_conv_1x1~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|none~2|",
        "|avg_pool_3x3~0|+|nor_conv_1x1~0|none~1|+|nor_conv_1x1~0|skip_connect~1|avg_pool_3x3~2|",
        "|nor_conv_1x1~0|+|none~0|nor_conv_3x3~1|+|none~0|none~1|nor_conv_3x3~2|",
    ];

    /// <summary>
    /// The unoptimised path: the same forward pass, then K from its definition on the raw codes,
    /// c·cᵀ + (1−c)(1−c)ᵀ over the full matrix in doubles, and a plain LU log-determinant.
    /// </summary>
    /// <remarks>
    /// ONNX Runtime's own graph optimisations are kept: its fused kernels round differently and can flip the sign of
    /// an activation within rounding of zero (seen: 158.5222868 without them against 158.5222884 with them, batch 12).
    /// </remarks>
    private static double NaiveScore(NetworkGraph graph, ImageBatch batch, ReluCount mode)
    {
        using var options = SessionOptionsFactory.Create(new RuntimeOptions());
        using var session = new NetworkSession(graph, options);
        using var input = new InputTensor(batch.Pixels, batch.Count, batch.Channels, batch.Height, batch.Width);
        using var outputs = session.Run(input);
        int b = batch.Count;
        var k = new double[b * b];
        for (int t = 0; t < graph.Taps.Count; t++)
        {
            var codes = outputs[t].GetTensorDataAsSpan<bool>();
            int d = graph.Taps[t].ElementsPerImage;
            int weight = NaswotProxy.Weight(graph.Taps[t], mode);
            for (int i = 0; i < b; i++)
                for (int j = 0; j < b; j++)
                {
                    double same = 0;
                    for (int e = 0; e < d; e++) same += codes[i * d + e] == codes[j * d + e] ? 1 : 0;
                    k[i * b + j] += weight * same;
                }
        }
        return LogDeterminant.OfInPlace(k, b);
    }

    [Fact]
    public void Optimised_scoring_is_bit_identical_to_the_unoptimised_path()
    {
        var dataset = Datasets.Get("cifar10");
        var batch = DataSource.LoadBundled(dataset, BatchSelection.First(12));
        var proxy = new NaswotProxy();
        using var vector = new NetworkScorer(batch, proxy, new RuntimeOptions { Kernels = KernelPath.Vector });
        using var scalar = new NetworkScorer(batch, proxy, new RuntimeOptions { Kernels = KernelPath.Scalar });
        foreach (string arch in Cells)
        {
            var graph = Nb201Network.Build(Nb201Cell.Parse(arch), Nb201NetworkOptions.For(NetworkShape.Of(dataset)), batch.Count, 3);
            double naive = NaiveScore(graph, batch, proxy.ReluCount);
            Assert.Equal(naive, vector.Score(graph).Score);
            Assert.Equal(naive, scalar.Score(graph).Score);
        }
    }

    [Fact]
    public void Reference_counting_adds_each_wrapped_relu_once_more()
    {
        var dataset = Datasets.Get("cifar10");
        var batch = DataSource.LoadBundled(dataset, BatchSelection.First(8));
        var graph = Nb201Network.Build(Nb201Cell.Parse(Cells[0]), Nb201NetworkOptions.For(NetworkShape.Of(dataset)), batch.Count, 1);
        Assert.All(graph.Taps, t => Assert.Equal(t.Relus + t.Wrappers, NaswotProxy.Weight(t, ReluCount.Reference)));
        Assert.All(graph.Taps, t => Assert.Equal(t.Relus, NaswotProxy.Weight(t, ReluCount.Once)));
        Assert.NotEqual(NaiveScore(graph, batch, ReluCount.Reference), NaiveScore(graph, batch, ReluCount.Once));
    }
}
