using Naswot.Data;
using Naswot.Networks;
using Naswot.Runtime;
using Naswot.Scoring;
using Naswot.Scoring.Proxies;

namespace Naswot.Tests.Scoring.Proxies;

public class ZenProxyTests
{
    /// <summary>
    /// The formula on the two passes' raw outputs: log of Σ|f(x) − f(x')| over the batch's maps divided by B, plus per
    /// BatchNorm the mean over the repeats of 0.5·log of the channel mean of running_var, each channel's followed from 1
    /// through a plain and a perturbed pass per repeat, R ← 0.9·R + 0.1·v (v unbiased: the biased batch variance × M/(M−1)).
    /// </summary>
    private static double NaiveZen(NetworkGraph graph, ImageBatch batch, ZenProxy zen)
    {
        var gaussian = graph.WithGaussianWeights(zen.Seed).WithOutputs(NetworkOutputs.PrePoolMap | NetworkOutputs.BatchNormVariances);
        var (noise, twin) = NetworkScorer.NoiseOf(zen.Noise, batch);
        using (noise)
        using (twin)
        {
            using var options = SessionOptionsFactory.Create(new RuntimeOptions { IntraOpThreads = 1 });
            using var session = new NetworkSession(gaussian, options);
            using var a = session.Forward(noise);
            using var b = session.Forward(twin);
            string map = graph.Probes.Single(p => p.Kind == ProbeKind.PrePool).Tensor;
            float[] fa = a.Values(map).ToArray(), fb = b.Values(map).ToArray();
            double score = Math.Log(fa.Zip(fb).Sum(p => Math.Abs((double)p.First - p.Second)) / batch.Count);
            foreach (var bn in graph.Probes.Where(p => p.Kind == ProbeKind.BatchNormVariance))
            {
                double m = bn.Elements;
                float[] va = a.Values(bn.Tensor).ToArray(), vb = b.Values(bn.Tensor).ToArray();
                double[] running = [.. va.Select(_ => 1.0)];
                double term = 0;
                for (int r = 0; r < zen.Repeats; r++)
                {
                    for (int c = 0; c < running.Length; c++)
                    {
                        running[c] = 0.9 * running[c] + 0.1 * va[c] * m / (m - 1);
                        running[c] = 0.9 * running[c] + 0.1 * vb[c] * m / (m - 1);
                    }
                    term += 0.5 * Math.Log(running.Average());
                }
                score += term / zen.Repeats;
            }
            return score;
        }
    }

    [Theory]
    [InlineData(4, 3, 5, 32)]
    [InlineData(16, 6, 4, 1)]
    [InlineData(8, 4, 3, 7)]
    public void Zen_is_the_log_mean_change_of_the_pre_pooling_map_plus_the_batchnorm_scales(int width, int side, int batchSize, int repeats)
    {
        var graph = TinyNetworks.Staged(batchSize, width, side);
        var batch = TinyNetworks.Gaussian(batchSize, side, 3);
        var zen = new ZenProxy(Repeats: repeats);
        using var scorer = new NetworkScorer(batch, zen, new RuntimeOptions());
        Assert.Equal(NaiveZen(graph, batch, zen), scorer.Score(graph).Score, 6);
    }

    /// <summary>Zen-NAS scores a network on noise alone: the images and their labels make no difference, α does.</summary>
    [Fact]
    public void Zen_ignores_the_images_and_their_labels()
    {
        var graph = TinyNetworks.Staged(8, 6, 4);
        double Zen(ImageBatch batch, ZenProxy zen)
        {
            using var scorer = new NetworkScorer(batch, zen, new RuntimeOptions());
            return scorer.Score(graph).Score;
        }
        var one = TinyNetworks.Gaussian(8, 4, 1);
        var other = new ImageBatch([.. TinyNetworks.Gaussian(8, 4, 2).Pixels], [.. Enumerable.Range(0, 8)], 4, 4, "other");
        Assert.Equal(Zen(one, new ZenProxy()), Zen(other, new ZenProxy()));
        Assert.NotEqual(Zen(one, new ZenProxy()), Zen(one, new ZenProxy(Alpha: 0.1)));
    }

    /// <summary>The paper's premise: Zen measures expressivity, which grows with width (its Gaussian-weight BatchNorm scales grow with fan-in).</summary>
    [Fact]
    public void Zen_grows_with_width()
    {
        var batch = TinyNetworks.Gaussian(8, 6, 5);
        double Zen(int width)
        {
            using var scorer = new NetworkScorer(batch, new ZenProxy(), new RuntimeOptions());
            return scorer.Score(TinyNetworks.Staged(8, width, 6)).Score;
        }
        double[] scores = [Zen(2), Zen(8), Zen(32)];
        Assert.True(scores[0] < scores[1] && scores[1] < scores[2], string.Join(", ", scores));
    }

    /// <summary>
    /// A BatchNorm fed only zeros: its running variance decays as 0.81 per repeat, so over Zen-NAS's 32 repeats the term
    /// averages 0.5·log(0.81)·(1 + … + 32)/32, finite where the batch statistic would give −∞; a variance of 1 keeps 0.
    /// </summary>
    [Fact]
    public void A_batchnorm_of_zeros_costs_a_finite_amount_over_the_repeats()
    {
        Assert.Equal(0.5 * Math.Log(0.81) * 16.5, ZenProxy.BatchNormTerm(0, 0, 32), 12);
        Assert.Equal(0, ZenProxy.BatchNormTerm(1, 1, 32), 12);
    }
}
