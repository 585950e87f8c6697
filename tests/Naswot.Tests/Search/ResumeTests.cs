using Naswot.Benchmarks;
using Naswot.Data;
using Naswot.Runtime;
using Naswot.Scoring;
using Naswot.Search;
using Naswot.Spaces;
using Naswot.Store;

namespace Naswot.Tests.Search;

public sealed class ResumeTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("naswot-resume-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void AKilledRunResumesWithoutRecomputingStoredScores()
    {
        var options = new ScoreOptions { Batch = BatchSelection.First(16) };
        var dataset = Datasets.Get("cifar10");
        var space = SearchSpaces.Get("nb201");
        var benchmark = space.BenchmarkOn("cifar10")!;
        var evaluator = new ArchitectureEvaluator(space, dataset, DataSource.LoadBundled(dataset, options.Batch), options, new RuntimeOptions(), workers: 1);
        string[] archs = NaswotSearch.SampleDistinct(6, space.Space.Size, space.Space.Sample, new SeededRandom(11));
        string path = Path.Combine(_folder, "scores.db");

        using (var store = new ScoreStore(path))
        {
            using var kill = new CancellationTokenSource();
            Assert.ThrowsAny<OperationCanceledException>(() =>
                ScoredArchitecture.Evaluate(evaluator, archs, benchmark, store, done => { if (done >= 3) kill.Cancel(); }, kill.Token));
        }
        using (var store = new ScoreStore(path))
        {
            var cells = ScoredArchitecture.Evaluate(evaluator, archs, benchmark, store);
            Assert.Equal(3, cells.Count(c => c.FromStore));
            Assert.Equal(archs, cells.Select(c => c.Architecture));
            var again = ScoredArchitecture.Evaluate(evaluator, archs, benchmark, store);
            Assert.All(again, c => Assert.True(c.FromStore));
            Assert.Equal(cells.Select(c => c.Score), again.Select(c => c.Score));
        }
    }
}
