using Naswot.Benchmarks;
using Naswot.Spaces;

namespace Naswot.Search;

/// <summary>
/// A search that trains architectures (simulated) within a budget of simulated seconds and returns one: random
/// search, regularised evolution, AREA. An algorithm is one small class; runs, tables and plots are built around it.
/// </summary>
public interface ISearchStrategy
{
    /// <summary>Short name, as tables and <c>--algorithms</c> write it, e.g. <c>REA</c>.</summary>
    string Name { get; }

    /// <summary>Its settings in one line (e.g. population and tournament sizes), printed beside its results.</summary>
    string Settings { get; }

    /// <summary>Whether it needs <see cref="SearchProblem.Proxy"/>.</summary>
    bool NeedsProxy { get; }

    /// <summary>
    /// One search: a pure function of the problem and the random stream, so a run is reproduced bit for bit by
    /// running it again (the proxy's scores come from a store or are deterministic).
    /// </summary>
    /// <exception cref="NaswotException">The problem lacks what the strategy needs, e.g. a proxy.</exception>
    SearchRun Run(SearchProblem problem, SeededRandom random);
}

/// <summary>What a search is given: the space it explores, how training is simulated, and its budget.</summary>
/// <param name="BudgetSeconds">Simulated seconds of training the search may spend (the paper: 12,000).</param>
public sealed record SearchProblem(ISearchSpace Space, ITrainingSimulator Training, double BudgetSeconds)
{
    /// <summary>
    /// A training-free score of architectures, for strategies that use one (AREA): evaluations in input order, stored
    /// scores reused (e.g. <see cref="ArchitectureEvaluator.Evaluate"/> with a store). Its time is not charged to the budget.
    /// </summary>
    public Func<IReadOnlyList<string>, IReadOnlyList<Evaluation>>? Proxy { get; init; }

    /// <summary>The problem, checked: a positive finite budget, and training on the space searched.</summary>
    /// <exception cref="NaswotException">It is not.</exception>
    public SearchProblem Validated()
    {
        ArgumentNullException.ThrowIfNull(Space);
        ArgumentNullException.ThrowIfNull(Training);
        if (!double.IsFinite(BudgetSeconds) || BudgetSeconds <= 0)
            throw new NaswotException($"search budget {BudgetSeconds} s: expected a positive number of simulated seconds");
        if (Training.Space.Name != Space.Name)
            throw new NaswotException($"search on space {Space.Name} with training simulated for space {Training.Space.Name}");
        return this;
    }
}

/// <summary>One architecture a search trained (simulated), in the order it was trained.</summary>
/// <param name="Architecture">Canonical form.</param>
/// <param name="Accuracy">What training returned: the fitness the search ranks by.</param>
/// <param name="Seconds">The simulated cost of this training.</param>
/// <param name="Elapsed">Simulated seconds spent when this training ended, this one included.</param>
/// <param name="Parent">Position in the history of the architecture this one mutates; null for one drawn at random or chosen by score.</param>
public readonly record struct TrainedArchitecture(string Architecture, double Accuracy, double Seconds, double Elapsed, int? Parent);

/// <summary>The outcome of one search.</summary>
/// <param name="Strategy">The strategy's name.</param>
/// <param name="History">Every architecture trained, in order; never empty.</param>
/// <param name="Scored">The architectures the proxy scored, in the order drawn; empty for a search without one.</param>
public sealed record SearchRun(string Strategy, IReadOnlyList<TrainedArchitecture> History, IReadOnlyList<Evaluation> Scored)
{
    /// <summary>
    /// The architecture the search returns: the best of the whole history by simulated-training accuracy, the first
    /// trained of equals (Python's <c>max</c> in NB201's R_EA.py and the strict <c>&lt;</c> of its RANDOM.py).
    /// </summary>
    public TrainedArchitecture Returned => BestAt(double.PositiveInfinity)!.Value;

    /// <summary>Simulated seconds the search spent; at most its budget.</summary>
    public double SimulatedSeconds => History[^1].Elapsed;

    /// <summary>Real seconds of the proxy's scores (each as long as its computation took, also when read from the store).</summary>
    public double ProxySeconds => Scored.Sum(e => e.Seconds);

    /// <summary>The architecture the search would have returned had it stopped at <paramref name="seconds"/>; null before its first training ends.</summary>
    public TrainedArchitecture? BestAt(double seconds)
    {
        TrainedArchitecture? best = null;
        foreach (var trained in History)
        {
            if (trained.Elapsed > seconds) break;
            if (best is null || trained.Accuracy > best.Value.Accuracy) best = trained;
        }
        return best;
    }
}
