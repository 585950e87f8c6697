using Naswot.Data;
using Naswot.Networks;
using Naswot.Runtime;
using Naswot.Scoring;
using Naswot.Scoring.Proxies;
using Naswot.Search;
using Naswot.Spaces;
using Naswot.Store;

namespace Naswot.Tests.Scoring;

/// <summary>Several proxies of one network from one forward pass per input kind: the same values as each alone, stored one row each.</summary>
public class MultiProxyScoringTests
{
    private static readonly string[] Cells =
    [
        "|nor_conv_3x3~0|+|nor_conv_1x1~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|none~2|",
        "|none~0|+|skip_connect~0|avg_pool_3x3~1|+|none~0|skip_connect~1|none~2|",
    ];

    private static IProxy[] Proxies => [.. new[] { "naswot", "params", "flops", "layers", "swap", "regions", "meco", "meco-opt", "zen", "az-expressivity", "az-progressivity" }.Select(n => ProxyRegistry.Get(n).With())];

    [Fact]
    public void Scoring_together_gives_each_proxy_its_value_alone()
    {
        var dataset = Datasets.Get("cifar10");
        var batch = DataSource.LoadBundled(dataset, BatchSelection.First(16));
        using var together = new NetworkScorer(batch, Proxies, new RuntimeOptions());
        foreach (string arch in Cells)
        {
            var graph = Nb201Network.Build(Nb201Cell.Parse(arch), Nb201NetworkOptions.For(NetworkShape.Of(dataset)), 16, 1);
            var all = together.ScoreAll(graph);
            for (int i = 0; i < Proxies.Length; i++)
            {
                using var alone = new NetworkScorer(batch, Proxies[i], new RuntimeOptions());
                Assert.Equal(alone.Score(graph).Score, all[i].Score);
            }
        }
    }

    [Fact]
    public void Each_proxy_is_stored_on_its_own_and_only_the_missing_ones_are_computed()
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("naswot-multi-").FullName, "scores.db");
        var dataset = Datasets.Get("cifar10");
        var options = new ScoreOptions { Batch = BatchSelection.First(8) };
        var batch = DataSource.LoadBundled(dataset, options.Batch);
        ArchitectureEvaluator Evaluator(params string[] names) => new(SearchSpaces.Get("nb201"), dataset, batch,
            options with { Proxies = [.. names.Select(n => ProxyRegistry.Get(n).With())] }, new RuntimeOptions(), 1);
        using (var store = new ScoreStore(path))
        {
            var first = Evaluator("naswot").EvaluateAll(Cells, store);
            Assert.All(first[0], e => Assert.False(e.FromStore));
            var both = Evaluator("swap", "naswot").EvaluateAll(Cells, store);
            Assert.All(both[0], e => Assert.False(e.FromStore));
            Assert.All(both[1], e => Assert.True(e.FromStore));
            Assert.Equal(first[0].Select(e => e.Score), both[1].Select(e => e.Score));
            Assert.Equal(2 * Cells.Length, store.Count());
            var again = Evaluator("naswot", "swap").EvaluateAll(Cells, store);
            Assert.All(again.SelectMany(e => e), e => Assert.True(e.FromStore));
            Assert.Equal(both[0].Select(e => e.Score), again[1].Select(e => e.Score));
        }
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
    }
}
