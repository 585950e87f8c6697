using Naswot.Data;
using Naswot.Networks;
using Naswot.Runtime;
using Naswot.Scoring;
using Naswot.Spaces;

namespace Naswot.Tests.Scoring;

public class ScoringPipelineTests
{
    private static readonly DatasetInfo Dataset = Datasets.Get("cifar10");
    private static readonly ScoreOptions Options = new() { Batch = BatchSelection.First(16) };
    private static readonly ImageBatch Batch = DataSource.LoadBundled(Dataset, Options.Batch);

    private static NetworkGraph Build(Nb201Cell cell) => Nb201Network.Build(cell, Nb201NetworkOptions.For(NetworkShape.Of(Dataset)), Batch.Count, Options.InitSeed);

    private static Nb201Cell[] SampleCells(int count, ulong seed)
    {
        var random = new SeededRandom(seed);
        return [.. Enumerable.Range(0, count).Select(_ => Nb201Space.Instance.SampleCell(random))];
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 1)]
    [InlineData(3, 1)]
    public void Pipelined_scores_are_bit_identical_to_scoring_one_cell_at_a_time(int workers, int threads)
    {
        var cells = SampleCells(7, 5);
        using var scorer = new NetworkScorer(Batch, Options.Proxy, new RuntimeOptions { IntraOpThreads = 1 });
        var sequential = cells.Select(c => scorer.Score(Build(c)).Score).ToArray();

        var piped = new Dictionary<Nb201Cell, double>();
        new ScoringPipeline(Batch, Options.Proxy, new RuntimeOptions { IntraOpThreads = threads }, workers).Run(
            cells, Build, (cell, result) => piped.Add(cell, result.Score), (cell, error, _) => Assert.Fail($"{cell}: {error.Message}"));

        Assert.Equal(sequential, cells.Select(c => piped[c]));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Every_phase_of_a_pipelined_score_is_timed(int workers)
    {
        var times = new List<PhaseTimes>();
        new ScoringPipeline(Batch, Options.Proxy, new RuntimeOptions(), workers).Run(
            SampleCells(3, 6), Build, (_, result) => times.Add(result.Times), (_, error, _) => Assert.Fail(error.Message));
        Assert.Equal(3, times.Count);
        Assert.All(times, t => Assert.True(t.Build > 0 && t.Session > 0 && t.Forward > 0 && t.Proxy > 0, t.ToString()));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_network_onnx_runtime_rejects_fails_alone(int workers)
    {
        var cells = SampleCells(3, 7);
        var broken = cells[1];
        NetworkGraph BuildOrBreak(Nb201Cell cell)
        {
            var graph = Build(cell);
            if (cell == broken) graph.Model.Graph.Node[0].OpType = "NoSuchOperator";
            return graph;
        }

        var scored = new List<Nb201Cell>();
        var failed = new List<(Nb201Cell Cell, string Message)>();
        new ScoringPipeline(Batch, Options.Proxy, new RuntimeOptions(), workers).Run(
            cells, BuildOrBreak, (cell, _) => scored.Add(cell), (cell, error, _) => failed.Add((cell, error.Message)));

        Assert.Equal([cells[0].Ordinal, cells[2].Ordinal], scored.Select(c => c.Ordinal).Order());
        var failure = Assert.Single(failed);
        Assert.Equal(broken, failure.Cell);
        Assert.Contains("NoSuchOperator", failure.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_bug_while_building_stops_the_run_and_surfaces_unchanged(int workers)
    {
        var cells = SampleCells(6, 8);
        int reported = 0;
        var error = Assert.Throws<InvalidOperationException>(() => new ScoringPipeline(Batch, Options.Proxy, new RuntimeOptions(), workers).Run(
            cells,
            cell => cell == cells[2] ? throw new InvalidOperationException("builder bug") : Build(cell),
            (_, _) => reported++,
            (_, e, _) => Assert.Fail(e.Message)));
        Assert.Equal("builder bug", error.Message);
        Assert.True(reported <= 2, $"{reported} cells reported after the failing one");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_cancelled_run_reports_nothing_after_the_cancellation(int workers)
    {
        var cells = SampleCells(8, 9);
        using var cancel = new CancellationTokenSource();
        int reported = 0;
        Assert.ThrowsAny<OperationCanceledException>(() => new ScoringPipeline(Batch, Options.Proxy, new RuntimeOptions(), workers).Run(
            cells, Build,
            (_, _) => { if (++reported == 2) cancel.Cancel(); },
            (_, e, _) => Assert.Fail(e.Message),
            cancel.Token));
        Assert.Equal(2, reported);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Memory_running_out_is_a_transient_failure_of_that_cell_alone(int workers)
    {
        var cells = SampleCells(3, 11);
        var scored = new List<Nb201Cell>();
        var failed = new List<(Nb201Cell Cell, ScoringFailure Failure)>();
        new ScoringPipeline(Batch, Options.Proxy, new RuntimeOptions(), workers).Run(
            cells, cell => cell == cells[0] ? throw new OutOfMemoryException("no room") : Build(cell),
            (cell, _) => scored.Add(cell), (cell, failure, _) => failed.Add((cell, failure)));
        Assert.Equal(2, scored.Count);
        var (cell, failure) = Assert.Single(failed);
        Assert.Equal(cells[0], cell);
        Assert.True(failure.Transient);
        Assert.Contains("out of memory", failure.Message);
    }

    [Fact]
    public void Only_allocation_failures_of_onnx_runtime_are_transient()
    {
        var rejected = Assert.Single(RunFailing("NoSuchOperator"));
        Assert.False(rejected.Transient);
        Assert.Null(ScoringFailure.From(new InvalidOperationException("a bug")));
        Assert.True(ScoringFailure.From(new InsufficientMemoryException())!.Transient);
    }

    private static List<ScoringFailure> RunFailing(string operatorName)
    {
        var cell = SampleCells(1, 12)[0];
        var failures = new List<ScoringFailure>();
        new ScoringPipeline(Batch, Options.Proxy, new RuntimeOptions(), 1).Run([cell], c =>
        {
            var graph = Build(c);
            graph.Model.Graph.Node[0].OpType = operatorName;
            return graph;
        }, (_, _) => { }, (_, failure, _) => failures.Add(failure));
        return failures;
    }

    [Fact]
    public void Scores_do_not_depend_on_the_thread_count()
    {
        var cells = SampleCells(3, 10);
        using var one = new NetworkScorer(Batch, Options.Proxy, new RuntimeOptions { IntraOpThreads = 1 });
        using var two = new NetworkScorer(Batch, Options.Proxy, new RuntimeOptions { IntraOpThreads = 2 });
        Assert.All(cells, c => Assert.Equal(one.Score(Build(c)).Score, two.Score(Build(c)).Score));
    }
}
