using Naswot.Benchmarks;
using Naswot.Search;
using Naswot.Spaces;
using Naswot.Store;

namespace Naswot.Tests.Search;

public sealed class SearchExperimentTests
{
    private static readonly IBenchmark Cifar10 = SearchSpaces.Get("nb201").BenchmarkOn("cifar10")!;
    private static readonly IBenchmark Cifar100 = SearchSpaces.Get("nb201").BenchmarkOn("cifar100")!;

    private static SearchProblem Problem() => new(Nb201Space.Instance, Cifar10.Training!, 12_000)
    {
        // The score of a cell: its 200-epoch CIFAR-100 test accuracy, a stand-in any proxy could be.
        Proxy = architectures => [.. architectures.Select(a => new Evaluation(a, ScoreStatus.Ok, Cifar100.AccuracyOf(a).Test!.Value, null, 1.0, FromStore: true))],
    };

    private static readonly ISearchStrategy[] All = [new RandomSearch(), new RegularizedEvolution(), new AssistedRegularizedEvolution()];

    [Fact]
    public void AnExperimentIsReproducibleBitForBit()
    {
        foreach (var strategy in All)
        {
            var first = Enumerable.Range(0, 6).Select(run => SearchExperiment.Run(strategy, Problem(), 11, run)).ToList();
            // Again, in another order, from fresh instances: each run is a function of the seed and its index alone.
            var again = Enumerable.Range(0, 6).Reverse().Select(run => SearchExperiment.Run(strategy, Problem(), 11, run)).Reverse().ToList();
            foreach (var (a, b) in first.Zip(again))
            {
                Assert.Equal(a.History, b.History); // records of strings and doubles: exact equality
                Assert.Equal(a.Scored, b.Scored);
            }
            Assert.Equal(SearchExperiment.Row(first, Cifar10), SearchExperiment.Row(again, Cifar10));
            // And the runs differ from each other and from another seed.
            Assert.Equal(6, first.Select(r => r.History[0].Architecture).Distinct().Count());
            Assert.NotEqual(first[0].History, SearchExperiment.Run(strategy, Problem(), 12, 0).History);
        }
    }

    [Fact]
    public void StrategiesDrawFromStreamsOfTheirOwn()
    {
        var rs = SearchExperiment.Run(new RandomSearch(), Problem(), 1, 0);
        var rea = SearchExperiment.Run(new RegularizedEvolution(), Problem(), 1, 0);
        Assert.NotEqual(rs.History[0].Architecture, rea.History[0].Architecture);
    }

    [Fact]
    public void ARowReportsTheReturnedCellsInTheBenchmarkGiven()
    {
        var runs = Enumerable.Range(0, 8).Select(run => SearchExperiment.Run(new RegularizedEvolution(), Problem(), 2, run)).ToList();
        var row = SearchExperiment.Row(runs, Cifar100);
        var accuracies = runs.Select(r => Cifar100.AccuracyOf(r.Returned.Architecture)).ToArray();
        Assert.Equal(MeanStd.Of([.. accuracies.Select(a => a.Validation)]), row.Validation);
        Assert.Equal(MeanStd.Of([.. accuracies.Select(a => a.Test!.Value)]), row.Test);
        Assert.Null(row.RetrainedTest);
        Assert.Equal("71.81 ± 1.12", row.Paper!.Validation.ToString());

        var cifar10 = SearchExperiment.Row(runs, Cifar10);
        Assert.Equal(MeanStd.Of([.. runs.Select(r => Cifar10.AccuracyOf(r.Returned.Architecture).RetrainedTest!.Value)]), cifar10.RetrainedTest);
        Assert.Equal("93.92 ± 0.30", cifar10.Paper!.Test.ToString());
    }

    [Fact]
    public void BestSoFarIsTheMeanOfWhatEachRunWouldReturnOnceEveryRunHasTrainedOne()
    {
        var runs = Enumerable.Range(0, 4).Select(run => SearchExperiment.Run(new RandomSearch(), Problem(), 3, run)).ToList();
        double firstEnd = runs.Max(r => r.History[0].Elapsed);
        double[] curve = SearchExperiment.BestSoFar(runs, Cifar100, [0, Math.BitDecrement(firstEnd), firstEnd, 6000, 12_000]);
        Assert.True(double.IsNaN(curve[0]));
        Assert.True(double.IsNaN(curve[1]));
        Assert.Equal(runs.Average(r => Cifar100.AccuracyOf(r.BestAt(firstEnd)!.Value.Architecture).Validation), curve[2], 12);
        Assert.Equal(runs.Average(r => Cifar100.AccuracyOf(r.Returned.Architecture).Validation), curve[4], 12);
    }

    [Fact]
    public void TheDifferenceOfTwoMeansCarriesTheStandardErrorOfIndependentRuns()
    {
        var a = new MeanStd(91.20, 0.27, 50);
        var b = new MeanStd(91.19, 0.31, 500);
        var d = MeanDifference.Of(a, b);
        Assert.Equal(0.01, d.Difference, 12);
        Assert.Equal(Math.Sqrt(0.27 * 0.27 / 50 + 0.31 * 0.31 / 500), d.StandardError, 15);
        Assert.Equal("+0.01 ± 0.04 (s.e.)", d.ToString());
        Assert.Equal("−0.01 ± 0.04 (s.e.)", MeanDifference.Of(b, a).ToString());
        Assert.Throws<ArgumentException>(() => MeanDifference.Of(new MeanStd(1, double.NaN, 1), b));
    }
}
