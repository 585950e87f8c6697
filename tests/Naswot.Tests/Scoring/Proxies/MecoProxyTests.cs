using Naswot.Data;
using Naswot.Networks;
using Naswot.Runtime;
using Naswot.Scoring;
using Naswot.Scoring.Proxies;

namespace Naswot.Tests.Scoring.Proxies;

public class MecoProxyTests
{
    /// <summary>
    /// Two channels per layer, so the correlation matrix is [[1, r], [r, 1]] with eigenvalues 1 ± r: λ_min = 1 − |r|
    /// from the textbook Pearson r of the first image's two channels; a constant channel's row is 0, λ_min 0.
    /// </summary>
    private static double NaiveMeco(NetworkGraph graph, ImageBatch batch)
    {
        var layers = graph.WithOutputs(NetworkOutputs.LayerMaps);
        using var options = SessionOptionsFactory.Create(new RuntimeOptions { IntraOpThreads = 1 });
        using var session = new NetworkSession(layers, options);
        using var input = new InputTensor(batch.Pixels, batch.Count, batch.Channels, batch.Height, batch.Width);
        using var forward = session.Forward(input);
        double sum = 0;
        foreach (var layer in graph.Probes.Where(p => p.Kind == ProbeKind.Layer))
        {
            float[] map = forward.Values(NetworkGraph.OutputOf(layer, "first")).ToArray();
            int m = layer.Positions;
            double[] x = [.. map.Take(m).Select(v => (double)v)], y = [.. map.Skip(m).Take(m).Select(v => (double)v)];
            double mx = x.Average(), my = y.Average();
            double sxy = x.Zip(y).Sum(p => (p.First - mx) * (p.Second - my));
            double sxx = x.Sum(v => (v - mx) * (v - mx)), syy = y.Sum(v => (v - my) * (v - my));
            sum += sxx == 0 || syy == 0 ? 0 : 1 - Math.Abs(sxy / Math.Sqrt(sxx * syy));
        }
        return sum;
    }

    [Theory]
    [InlineData(4, 3, 1UL)]
    [InlineData(9, 5, 2UL)]
    [InlineData(2, 8, 3UL)]
    public void Meco_is_the_sum_of_each_layers_smallest_correlation_eigenvalue(int batch, int side, ulong seed)
    {
        var graph = TinyNetworks.TwoLayers(batch, 2, side, seed);
        var images = TinyNetworks.Gaussian(batch, side, seed + 10);
        using var scorer = new NetworkScorer(images, [new MecoProxy(), new MecoProxy(MecoProxy.OptChannels)], new RuntimeOptions());
        var results = scorer.ScoreAll(graph);
        Assert.Equal(NaiveMeco(graph, images), results[0].Score, 5);
        // Layers of 8 channels or fewer are read whole by meco-opt.
        Assert.Equal(results[0].Score, results[1].Score);
    }

    /// <summary>
    /// The paper's argument (Jiang et al. 2023, Theorem 1): λ_min of the feature correlation bounds how fast the layer
    /// trains, and is 0 when its channels are linearly dependent. Copies of one channel score 0; independent noise
    /// channels nearly 1; a channel mixed into another lowers it.
    /// </summary>
    [Fact]
    public void Dependent_channels_score_zero_and_independent_ones_nearly_one()
    {
        const int channels = 4, positions = 4096;
        var random = new SeededRandom(11);
        float[] independent = [.. Enumerable.Range(0, channels * positions).Select(_ => (float)random.NextGaussian())];
        float[] copies = [.. Enumerable.Range(0, channels * positions).Select(i => independent[i % positions] * (1 + i / positions))];
        float[] mixed = [.. independent];
        for (int i = 0; i < positions; i++) mixed[positions + i] = independent[i] + 0.5f * independent[positions + i];
        double Meco(float[] map) => MecoProxy.MinCorrelationEigenvalue(map, positions, [0, 1, 2, 3], new double[16], new double[4], new double[4], new double[4]);
        Assert.Equal(0, Meco(copies), 6);
        Assert.InRange(Meco(independent), 0.9, 1);
        Assert.InRange(Meco(mixed), 0.05, Meco(independent) - 0.3);
    }

    [Fact]
    public void Meco_opt_reads_eight_distinct_channels_the_same_for_every_network()
    {
        var layer = new Probe(ProbeKind.Layer, "t42", [2, 64, 8, 8]);
        int[] rows = MecoProxy.Sampled(layer, 64, 8);
        Assert.Equal(8, rows.Distinct().Count());
        Assert.All(rows, r => Assert.InRange(r, 0, 63));
        Assert.Equal(rows, MecoProxy.Sampled(layer, 64, 8));
        Assert.Equal(Enumerable.Range(0, 6), MecoProxy.Sampled(layer, 6, 8));
    }
}
