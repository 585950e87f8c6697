using Naswot.Runtime;
using Naswot.Scoring;
using Naswot.Scoring.Proxies;

namespace Naswot.Tests.Scoring.Proxies;

public class SwapProxyTests
{
    /// <summary>Distinct neuron rows, each the string of its signs over the first <paramref name="images"/> images, concatenated over every tap.</summary>
    private static int NaiveSwap(bool[][][] signs, int images)
    {
        var rows = new HashSet<string>();
        foreach (var tap in signs)
            for (int e = 0; e < tap[0].Length; e++)
                rows.Add(string.Concat(tap.Take(images).Select(image => image[e] ? '1' : '0')));
        return rows.Count;
    }

    [Theory]
    [InlineData(3, 4, 3)]
    [InlineData(17, 8, 2)]
    [InlineData(64, 4, 3)]
    [InlineData(65, 6, 2)]
    [InlineData(130, 3, 2)]
    public void Swap_is_the_count_of_distinct_neuron_rows(int batch, int width, int side)
    {
        var graph = TinyNetworks.TwoLayers(batch, width, side);
        var images = TinyNetworks.Gaussian(batch, side, 5);
        var signs = TinyNetworks.Signs(graph, images);
        using var all = new NetworkScorer(images, new SwapProxy(Images: batch), new RuntimeOptions());
        Assert.Equal(NaiveSwap(signs, batch), all.Score(graph).Score);
        // By default the first 16 images, as SWAP's code scores 16.
        using var sixteen = new NetworkScorer(images, new SwapProxy(), new RuntimeOptions());
        Assert.Equal(NaiveSwap(signs, 16), sixteen.Score(graph).Score);
    }

    /// <summary>The paper's Fig. 2 and Table 4: more neurons give more distinct patterns, so SWAP grows with width.</summary>
    [Fact]
    public void Swap_grows_with_width()
    {
        var images = TinyNetworks.Gaussian(32, 4, 9);
        double Swap(int width)
        {
            using var scorer = new NetworkScorer(images, new SwapProxy(), new RuntimeOptions());
            return scorer.Score(TinyNetworks.TwoLayers(32, width, 4)).Score;
        }
        double[] scores = [Swap(2), Swap(8), Swap(32)];
        Assert.True(scores[0] < scores[1] && scores[1] < scores[2], string.Join(", ", scores));
    }

    [Fact]
    public void The_regularisation_factor_is_one_at_mu_and_falls_off_as_a_gaussian_in_thousands_of_parameters()
    {
        var swap = new SwapProxy(Regular: true, Mu: 500, Sigma: 10_000);
        Assert.Equal(1, swap.Factor(500_000));
        Assert.Equal(Math.Exp(-1), swap.Factor(600_000), 12);
        Assert.Equal(Math.Exp(-1), swap.Factor(400_000), 12);
        Assert.Equal(1, new SwapProxy().Factor(42));
    }
}
