using Naswot.Runtime;
using Naswot.Scoring;
using Naswot.Scoring.Proxies;

namespace Naswot.Tests.Scoring.Proxies;

public class RegionsProxyTests
{
    /// <summary>Distinct image rows, each the string of an image's signs over every tap.</summary>
    private static int NaiveRegions(bool[][][] signs) =>
        Enumerable.Range(0, signs[0].Length).Select(b => string.Concat(signs.SelectMany(tap => tap[b]).Select(s => s ? '1' : '0'))).Distinct().Count();

    [Theory]
    [InlineData(2, 1)]
    [InlineData(33, 2)]
    [InlineData(64, 3)]
    [InlineData(70, 8)]
    public void Regions_is_the_count_of_distinct_image_patterns(int batch, int width)
    {
        var graph = TinyNetworks.TwoLayers(batch, width, 1);
        var images = TinyNetworks.Line(batch, 3);
        using var scorer = new NetworkScorer(images, RegionsProxy.Instance, new RuntimeOptions());
        double regions = scorer.Score(graph).Score;
        Assert.Equal(NaiveRegions(TinyNetworks.Signs(graph, images)), regions);
        Assert.InRange(regions, 1, batch);
    }

    /// <summary>
    /// TE-NAS's premise (Fig. 2 of its paper): a wider network splits its input space into more linear regions. Along
    /// a line, K first-layer ReLUs cut at most K + 1 pieces, and the second layer can only cut them further.
    /// </summary>
    [Fact]
    public void More_neurons_cut_a_line_into_more_regions()
    {
        var images = TinyNetworks.Line(200, 4);
        double Regions(int width)
        {
            using var scorer = new NetworkScorer(images, RegionsProxy.Instance, new RuntimeOptions());
            return scorer.Score(TinyNetworks.TwoLayers(200, width, 1)).Score;
        }
        double[] counts = [Regions(1), Regions(4), Regions(16)];
        Assert.True(counts[0] < counts[1] && counts[1] < counts[2], string.Join(", ", counts));
    }
}
