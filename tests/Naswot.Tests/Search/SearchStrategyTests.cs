using Naswot.Benchmarks;
using Naswot.Search;
using Naswot.Spaces;
using Naswot.Store;

namespace Naswot.Tests.Search;

/// <summary>RS, REA and AREA against the rules NB201's R_EA.py and RANDOM.py and the paper's Algorithm 2 state.</summary>
public sealed class SearchStrategyTests
{
    /// <summary>
    /// Training where every NB201 cell has its own accuracy (a permutation of the indices, so no two are equal) and a
    /// cost of 100–149 s: a run's choices are all visible, with no ties to blur them.
    /// </summary>
    private sealed class DistinctTraining : ITrainingSimulator
    {
        public ISearchSpace Space => Nb201Space.Instance;
        public string Dataset => "cifar10";
        public string Description => "test";
        public SimulatedTraining Train(string architecture)
        {
            int index = Nb201Space.Instance.IndexOf(Nb201Cell.Parse(architecture));
            return new SimulatedTraining(index * 7919 % Nb201Cell.Count / 156.25, 100 + index % 50);
        }
    }

    private static readonly ITrainingSimulator Real = Nb201TrainingSimulator.On(Nb201Dataset.Cifar10);

    private static SearchProblem Problem(ITrainingSimulator training, double budget = 12_000) =>
        new(Nb201Space.Instance, training, budget) { Proxy = ProxyOfIndex };

    /// <summary>A deterministic stand-in for the NASWOT score: the cell's NB201 index, −∞ for every seventh.</summary>
    private static IReadOnlyList<Evaluation> ProxyOfIndex(IReadOnlyList<string> architectures) =>
    [
        .. architectures.Select(a =>
        {
            int index = Nb201Space.Instance.IndexOf(Nb201Cell.Parse(a));
            return index % 7 == 0
                ? new Evaluation(a, ScoreStatus.Singular, double.NegativeInfinity, null, 0.25, FromStore: true)
                : new Evaluation(a, ScoreStatus.Ok, index, null, 0.5, FromStore: true);
        }),
    ];

    private static readonly ISearchStrategy[] All = [new RandomSearch(), new RegularizedEvolution(), new AssistedRegularizedEvolution()];

    private static int EdgesApart(string a, string b)
    {
        var x = Nb201Cell.Parse(a);
        var y = Nb201Cell.Parse(b);
        return Enumerable.Range(0, Nb201Cell.Edges).Count(e => x[e] != y[e]);
    }

    [Fact]
    public void Nb201MutationIsAValidDifferentCellOneEdgeAway()
    {
        var random = new SeededRandom(5);
        var changed = new int[Nb201Cell.Edges];
        for (int i = 0; i < 5000; i++)
        {
            string parent = Nb201Space.Instance.Sample(random);
            string child = Nb201Space.Instance.Mutate(parent, random);
            Assert.Equal(child, Nb201Space.Instance.Canonicalize(child));
            Assert.Equal(1, EdgesApart(parent, child));
            var p = Nb201Cell.Parse(parent);
            var c = Nb201Cell.Parse(child);
            changed[Enumerable.Range(0, Nb201Cell.Edges).Single(e => p[e] != c[e])]++;
        }
        // Every edge is mutated, each about a sixth of the time.
        Assert.All(changed, n => Assert.InRange(n, 700, 970));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void EveryReaChildIsOneEdgeFromItsParent(bool withReplacement)
    {
        var rea = new RegularizedEvolution(tournamentWithReplacement: withReplacement);
        for (int run = 0; run < 20; run++)
        {
            var history = SearchExperiment.Run(rea, Problem(Real), 3, run).History;
            Assert.All(history.Take(10), h => Assert.Null(h.Parent));
            Assert.All(history.Skip(10), h => Assert.Equal(1, EdgesApart(history[h.Parent!.Value].Architecture, h.Architecture)));
        }
    }

    [Fact]
    public void ThePopulationAgesOutItsOldestMember()
    {
        var rea = new RegularizedEvolution();
        bool oldestChosen = false;
        for (int run = 0; run < 50; run++)
        {
            var history = SearchExperiment.Run(rea, Problem(new DistinctTraining()), 1, run).History;
            for (int k = 10; k < history.Count; k++)
            {
                // The population before child k is the last ten trained: its parent is one of them, never an older one.
                int parent = history[k].Parent!.Value;
                Assert.InRange(parent, k - 10, k - 1);
                oldestChosen |= parent == k - 10;
            }
            // Whoever is best in the end has died: the history's best is not a parent once ten newer ones exist.
            int best = history.Select((h, i) => (h.Accuracy, i)).Max().i;
            Assert.DoesNotContain(history.Skip(best + 11), h => h.Parent == best);
        }
        Assert.True(oldestChosen, "the oldest member alive should still win some tournaments");
    }

    [Fact]
    public void ATournamentOfTheWholePopulationWithoutReplacementAlwaysPicksItsBest()
    {
        var distinct = new RegularizedEvolution(populationSize: 5, tournamentSize: 5, tournamentWithReplacement: false);
        var history = SearchExperiment.Run(distinct, Problem(new DistinctTraining()), 2, 0).History;
        // (A cell trained twice has the same accuracy twice: compare accuracies, not positions.)
        for (int k = 5; k < history.Count; k++)
            Assert.Equal(Enumerable.Range(k - 5, 5).Max(i => history[i].Accuracy), history[history[k].Parent!.Value].Accuracy);
        // With replacement, five draws of five miss the best now and then.
        var repeated = new RegularizedEvolution(populationSize: 5, tournamentSize: 5, tournamentWithReplacement: true);
        var other = SearchExperiment.Run(repeated, Problem(new DistinctTraining()), 2, 0).History;
        Assert.Contains(Enumerable.Range(5, other.Count - 5), k => other[other[k].Parent!.Value].Accuracy < Enumerable.Range(k - 5, 5).Max(i => other[i].Accuracy));
    }

    [Fact]
    public void NoStrategyChargesMoreThanTheBudget()
    {
        foreach (var strategy in All)
        {
            foreach (double budget in new[] { 250.0, 1234.5, 5000, 12_000 })
            {
                for (int run = 0; run < 10; run++)
                {
                    var searched = SearchExperiment.Run(strategy, Problem(Real, budget), 4, run);
                    Assert.InRange(searched.SimulatedSeconds, 0, budget);
                    double spent = 0;
                    foreach (var trained in searched.History)
                    {
                        Assert.Equal(Real.Train(trained.Architecture), new SimulatedTraining(trained.Accuracy, trained.Seconds));
                        spent += trained.Seconds;
                        Assert.Equal(spent, trained.Elapsed);
                    }
                }
            }
        }
    }

    [Fact]
    public void ATrainingThatFitsExactlyIsChargedAndTheFirstThatOverrunsEndsTheSearch()
    {
        foreach (var strategy in All)
        {
            var full = SearchExperiment.Run(strategy, Problem(Real), 6, 0).History;
            foreach (int k in new[] { 1, 10, 11, 40 })
            {
                // A budget of exactly the first k trainings: those k are charged, the next would overrun it.
                var cut = SearchExperiment.Run(strategy, Problem(Real, full[k - 1].Elapsed), 6, 0).History;
                Assert.Equal(full.Take(k), cut);
                // A hair less, and the k-th is refused (the first refused is a run with nothing to return).
                var less = Problem(Real, Math.BitDecrement(full[k - 1].Elapsed));
                if (k == 1) Assert.Throws<NaswotException>(() => SearchExperiment.Run(strategy, less, 6, 0));
                else Assert.Equal(full.Take(k - 1), SearchExperiment.Run(strategy, less, 6, 0).History);
            }
        }
    }

    [Fact]
    public void ABudgetBelowOneTrainingIsAOneLineError()
    {
        foreach (var strategy in All)
        {
            var error = Assert.Throws<NaswotException>(() => SearchExperiment.Run(strategy, Problem(Real, 1), 1, 0));
            Assert.Contains("too small for a single simulated training", error.Message);
        }
        Assert.Throws<NaswotException>(() => new SearchProblem(Nb201Space.Instance, Real, 0).Validated());
        Assert.Throws<NaswotException>(() => new SearchProblem(Nb201Space.Instance, Real, double.NaN).Validated());
        Assert.Throws<NaswotException>(() => new SearchProblem(Nb101Space.Instance, Real, 100).Validated());
    }

    [Fact]
    public void RandomSearchTrainsIndependentDrawsOfTheSpace()
    {
        var history = SearchExperiment.Run(new RandomSearch(), Problem(Real), 8, 0).History;
        Assert.All(history, h => Assert.Null(h.Parent));
        // The draws are the space's sampler on the run's stream.
        var random = SeededRandom.For(8, "RS run 0");
        Assert.All(history, h => Assert.Equal(Nb201Space.Instance.Sample(random), h.Architecture));
        Assert.InRange(history.Count, 80, 140); // 12,000 s at about 113 s a training
    }

    [Fact]
    public void TheReturnedArchitectureIsTheFirstBestOfTheWholeHistory()
    {
        foreach (var strategy in All)
        {
            var searched = SearchExperiment.Run(strategy, Problem(Real), 9, 1);
            double best = searched.History.Max(h => h.Accuracy);
            Assert.Equal(searched.History.First(h => h.Accuracy == best), searched.Returned);
            Assert.Equal(searched.Returned, searched.BestAt(searched.SimulatedSeconds));
            Assert.Null(searched.BestAt(Math.BitDecrement(searched.History[0].Elapsed)));
            Assert.Equal(searched.History[0], searched.BestAt(searched.History[0].Elapsed));
        }
    }

    [Fact]
    public void AreaTrainsTheBestScoredOfItsSampleInTheOrderDrawnThenEvolves()
    {
        var area = new AssistedRegularizedEvolution();
        for (int run = 0; run < 20; run++)
        {
            var searched = SearchExperiment.Run(area, Problem(Real), 10, run);
            Assert.Equal(20, searched.Scored.Count);
            var ranked = searched.Scored.Select((e, i) => (e.RankingScore, i)).OrderByDescending(x => x.RankingScore).Take(10).Select(x => x.i).Order();
            Assert.Equal(ranked.Select(i => searched.Scored[i].Architecture), searched.History.Take(10).Select(h => h.Architecture));
            Assert.All(searched.History.Take(10), h => Assert.Null(h.Parent));
            Assert.All(searched.History.Skip(10), h => Assert.NotNull(h.Parent));
            Assert.Equal(searched.Scored.Sum(e => e.Seconds), searched.ProxySeconds);
            // The draws are the space's sampler on the run's stream, with replacement.
            var random = SeededRandom.For(10, $"AREA run {run}");
            Assert.All(searched.Scored, e => Assert.Equal(Nb201Space.Instance.Sample(random), e.Architecture));
        }
    }

    [Fact]
    public void AreaNeedsAProxyAndASampleAsLargeAsItsPopulation()
    {
        var error = Assert.Throws<NaswotException>(() =>
            SearchExperiment.Run(new AssistedRegularizedEvolution(), new SearchProblem(Nb201Space.Instance, Real, 12_000), 1, 0));
        Assert.Contains("proxy", error.Message);
        Assert.Throws<NaswotException>(() => new AssistedRegularizedEvolution(sampled: 9));
        Assert.Equal(10, new AssistedRegularizedEvolution(sampled: 10).Sampled);
    }

    [Fact]
    public void BadReaSettingsAreOneLineErrors()
    {
        Assert.Throws<NaswotException>(() => new RegularizedEvolution(populationSize: 0));
        Assert.Throws<NaswotException>(() => new RegularizedEvolution(tournamentSize: 0));
        Assert.Throws<NaswotException>(() => new RegularizedEvolution(populationSize: 3, tournamentSize: 4, tournamentWithReplacement: false));
        Assert.Equal(4, new RegularizedEvolution(populationSize: 3, tournamentSize: 4).TournamentSize);
    }
}
