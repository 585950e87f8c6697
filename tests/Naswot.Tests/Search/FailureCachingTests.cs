using Naswot.Data;
using Naswot.Networks;
using Naswot.Runtime;
using Naswot.Scoring;
using Naswot.Search;
using Naswot.Spaces;
using Naswot.Store;

namespace Naswot.Tests.Search;

/// <summary>
/// What the store keeps of failures: a network ONNX Runtime rejects fails the same way every time and is stored with
/// its reason; memory running out says nothing about the network and is never stored; --retry-failed recomputes.
/// </summary>
public sealed class FailureCachingTests : IDisposable
{
    private static readonly string[] Cells =
    [
        "|nor_conv_3x3~0|+|nor_conv_1x1~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|none~2|",
        "|avg_pool_3x3~0|+|nor_conv_1x1~0|none~1|+|nor_conv_1x1~0|skip_connect~1|avg_pool_3x3~2|",
        "|nor_conv_1x1~0|+|none~0|nor_conv_3x3~1|+|none~0|none~1|nor_conv_3x3~2|",
    ];

    private readonly string _folder = Directory.CreateTempSubdirectory("naswot-failures-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>NB201's networks, with the second cell's graph broken (an op ONNX Runtime does not know) and the third one out of memory.</summary>
    private sealed class FailingNetworks(bool rejectSecond) : INetworkBuilder
    {
        public IReadOnlyList<SettingSpec> Settings => [];

        public NetworkGraph Build(string architecture, NetworkSpec spec)
        {
            if (architecture == Cells[2]) throw new OutOfMemoryException("simulated");
            var graph = Nb201Network.Builder.Build(architecture, spec);
            if (rejectSecond && architecture == Cells[1]) graph.Model.Graph.Node[0].OpType = "NoSuchOperator";
            return graph;
        }
    }

    private static ArchitectureEvaluator Evaluator(bool rejectSecond, bool retryFailed = false)
    {
        var space = new RegisteredSpace(Nb201Space.Instance, new FailingNetworks(rejectSecond), []);
        var options = new ScoreOptions { Batch = BatchSelection.First(8) };
        var dataset = Datasets.Get("cifar10");
        return new ArchitectureEvaluator(space, dataset, DataSource.LoadBundled(dataset, options.Batch), options, new RuntimeOptions(), workers: 1)
        {
            RetryFailed = retryFailed,
        };
    }

    [Fact]
    public void Deterministic_failures_are_stored_transient_ones_are_not_and_retry_failed_recomputes()
    {
        using var store = new ScoreStore(Path.Combine(_folder, "scores.db"));
        var first = Evaluator(rejectSecond: true).Evaluate(Cells, store);
        Assert.Equal([ScoreStatus.Ok, ScoreStatus.Failed, ScoreStatus.Failed], first.Select(e => e.Status));
        Assert.Contains("NoSuchOperator", first[1].Message);
        Assert.False(first[1].Transient);
        Assert.True(first[2].Transient);
        Assert.Contains("out of memory", first[2].Message);

        var keys = Cells.Select(Evaluator(rejectSecond: true).KeyOf).ToArray();
        Assert.True(store.TryGet(keys[1], out var stored));
        Assert.Equal(ScoreStatus.Failed, stored.Status);
        Assert.Contains("NoSuchOperator", stored.Message);
        Assert.False(store.TryGet(keys[2], out _));

        // Served from the store until asked to retry; the transient failure is tried afresh every time.
        var again = Evaluator(rejectSecond: false).Evaluate(Cells, store);
        Assert.Equal([true, true, false], again.Select(e => e.FromStore));
        Assert.Equal(ScoreStatus.Failed, again[1].Status);

        var retried = Evaluator(rejectSecond: false, retryFailed: true).Evaluate(Cells, store);
        Assert.Equal([true, false, false], retried.Select(e => e.FromStore));
        Assert.Equal(ScoreStatus.Ok, retried[1].Status);
        Assert.True(store.TryGet(keys[1], out stored));
        Assert.Equal(ScoreStatus.Ok, stored.Status);
        Assert.Equal(retried[1].Score, stored.Score);
    }
}
