namespace Naswot.Search;

/// <summary>
/// Assisted regularised evolution, AREA (the NASWOT paper, Algorithm 2): draw M architectures, score them with the
/// training-free proxy, train the P best by score as REA's first population, then continue as REA. The scores cost
/// no simulated time; the run reports their real seconds apart (<see cref="SearchRun.ProxySeconds"/>).
/// </summary>
/// <remarks>
/// The M draws are with replacement (<see cref="NaswotSearch.SampleWithReplacement"/>), as REA's and the paper's
/// random draws; equal scores keep the order drawn, and the P founders are trained in the order drawn (the first
/// drawn is the oldest), so the order of scores decides only who is in, not who dies first.
/// </remarks>
public sealed class AssistedRegularizedEvolution : ISearchStrategy
{
    private readonly RegularizedEvolution _evolution;

    /// <param name="sampled">M, the architectures scored (the paper: 20).</param>
    /// <param name="evolution">The REA that continues (its population size is P); NB201's settings by default.</param>
    /// <exception cref="NaswotException">M is smaller than the population.</exception>
    public AssistedRegularizedEvolution(int sampled = 20, RegularizedEvolution? evolution = null)
    {
        _evolution = evolution ?? new RegularizedEvolution();
        if (sampled < _evolution.PopulationSize)
            throw new NaswotException($"AREA samples {sampled} architectures: expected at least the population, {_evolution.PopulationSize}");
        Sampled = sampled;
    }

    /// <summary>M: architectures drawn and scored.</summary>
    public int Sampled { get; }

    /// <inheritdoc/>
    public string Name => "AREA";

    /// <inheritdoc/>
    public string Settings => $"M = {Sampled} drawn and scored, the best {_evolution.PopulationSize} by score start REA: {_evolution.Settings}";

    /// <inheritdoc/>
    public bool NeedsProxy => true;

    /// <inheritdoc/>
    public SearchRun Run(SearchProblem problem, SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var budget = new TrainingBudget(problem);
        var proxy = problem.Proxy ?? throw new NaswotException("AREA needs a proxy to score its sample");
        string[] drawn = NaswotSearch.SampleWithReplacement(Sampled, problem.Space.Sample, random);
        var scored = proxy(drawn);
        if (scored.Count != drawn.Length) throw new InvalidOperationException($"the proxy returned {scored.Count} scores for {drawn.Length} architectures");
        // OrderByDescending is stable: equal scores keep the order drawn; unscored (−∞) rank last.
        var founders = Enumerable.Range(0, drawn.Length)
            .OrderByDescending(i => scored[i].RankingScore)
            .Take(_evolution.PopulationSize)
            .Order()
            .Select(i => drawn[i]);
        return _evolution.Evolve(problem, random, budget, founders, Name, scored);
    }
}
