using Naswot.Data;
using Naswot.Networks;
using Naswot.Runtime;
using Naswot.Scoring;
using Naswot.Scoring.Proxies;

namespace Naswot.Tests.Scoring.Proxies;

public class AzNasProxyTests
{
    /// <summary>
    /// Each stage's full map (the same network ending there), its 2×2 channel covariance over images and positions from
    /// the textbook definition, eigenvalues in closed form, the entropy of their normalised values.
    /// </summary>
    private static double[] NaiveEntropies(int batch, int side, ImageBatch images)
    {
        var entropies = new double[3];
        for (int s = 0; s < 3; s++)
        {
            var graph = TinyNetworks.Staged(batch, 2, side, finishAt: s);
            using var options = SessionOptionsFactory.Create(new RuntimeOptions { IntraOpThreads = 1 });
            using var session = new NetworkSession(graph.WithoutTaps(), options);
            using var input = new InputTensor(images.Pixels, images.Count, images.Channels, images.Height, images.Width);
            using var output = session.Run(input);
            float[] map = output[0].GetTensorDataAsSpan<float>().ToArray();
            int m = side * side;
            double[] Channel(int c) => [.. Enumerable.Range(0, batch).SelectMany(n => map.Skip((n * 2 + c) * m).Take(m)).Select(v => (double)v)];
            double[] x = Channel(0), y = Channel(1);
            double mx = x.Average(), my = y.Average();
            double a = x.Average(v => (v - mx) * (v - mx)), d = y.Average(v => (v - my) * (v - my)), b = x.Zip(y).Average(p => (p.First - mx) * (p.Second - my));
            double mean = (a + d) / 2, radius = Math.Sqrt((a - d) * (a - d) / 4 + b * b);
            double[] lambda = [Math.Max(mean - radius, 0), mean + radius];
            entropies[s] = -lambda.Sum(l => l / lambda.Sum() * Math.Log(l / lambda.Sum() + 1e-8));
        }
        return entropies;
    }

    [Theory]
    [InlineData(3, 4)]
    [InlineData(6, 5)]
    public void Expressivity_sums_and_progressivity_takes_the_smallest_step_of_the_stage_entropies(int batch, int side)
    {
        var images = TinyNetworks.Gaussian(batch, side, 7);
        var entropies = NaiveEntropies(batch, side, images);
        using var scorer = new NetworkScorer(images, [new AzNasProxy(false), new AzNasProxy(true)], new RuntimeOptions());
        var results = scorer.ScoreAll(TinyNetworks.Staged(batch, 2, side));
        Assert.Equal(entropies.Sum(), results[0].Score, 4);
        Assert.Equal(Math.Min(entropies[1] - entropies[0], entropies[2] - entropies[1]), results[1].Score, 4);
    }

    /// <summary>
    /// AZ-NAS's reading of expressivity (its Fig. 2): features spread evenly over all C directions have the largest
    /// eigen-entropy, log C; features collapsed onto one direction have none.
    /// </summary>
    [Fact]
    public void Isotropic_features_have_entropy_log_c_and_collapsed_ones_none()
    {
        const int c = 8;
        float[] identity = new float[c * c], collapsed = new float[c * c], means = new float[c];
        for (int i = 0; i < c; i++)
        {
            identity[i * c + i] = 100;
            for (int j = 0; j < c; j++) collapsed[i * c + j] = 100 * (i + 1) * (j + 1);
        }
        // Within the 10⁻⁸ the formula adds inside the log.
        Assert.Equal(Math.Log(c), AzNasProxy.Entropy(identity, means, 100, new double[c * c], new double[c], new double[c]), 5);
        Assert.Equal(0, AzNasProxy.Entropy(collapsed, means, 100, new double[c * c], new double[c], new double[c]), 6);
    }
}
