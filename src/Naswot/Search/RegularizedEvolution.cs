namespace Naswot.Search;

/// <summary>
/// Regularised (aging) evolution, REA (Real et al. 2019), as NB201's own implementation runs it
/// (D-X-Y/AutoDL-Projects@233a829bd77032ba5421925df8af488343785a66:exps/algos/R_EA.py, <c>regularized_evolution</c>):
/// train a first population of architectures drawn at random; then, until the budget is spent, draw a tournament from
/// the population, mutate its best (<see cref="Spaces.ISearchSpace.Mutate"/>: for NB201 one edge gets a different op),
/// train the child, append it and remove the oldest member.
/// </summary>
public sealed class RegularizedEvolution : ISearchStrategy
{
    /// <summary>NB201's settings: population 10, tournament 3, drawn with replacement.</summary>
    /// <param name="tournamentWithReplacement">
    /// True: each tournament member drawn independently, as R_EA.py's <c>random.choice(list(population))</c>;
    /// false: distinct members, as the NASWOT paper's Algorithm 2 writes it.
    /// </param>
    /// <exception cref="NaswotException">A size is below 1, or a tournament without replacement exceeds the population.</exception>
    public RegularizedEvolution(int populationSize = 10, int tournamentSize = 3, bool tournamentWithReplacement = true)
    {
        if (populationSize < 1) throw new NaswotException($"REA population {populationSize}: expected 1 or more");
        if (tournamentSize < 1) throw new NaswotException($"REA tournament {tournamentSize}: expected 1 or more");
        if (!tournamentWithReplacement && tournamentSize > populationSize)
            throw new NaswotException($"REA tournament of {tournamentSize} distinct members: the population holds {populationSize}");
        PopulationSize = populationSize;
        TournamentSize = tournamentSize;
        TournamentWithReplacement = tournamentWithReplacement;
    }

    /// <summary>Members alive at once.</summary>
    public int PopulationSize { get; }

    /// <summary>Members drawn for each tournament.</summary>
    public int TournamentSize { get; }

    /// <summary>Whether a tournament may draw a member more than once.</summary>
    public bool TournamentWithReplacement { get; }

    /// <inheritdoc/>
    public string Name => "REA";

    /// <inheritdoc/>
    public string Settings =>
        $"population {PopulationSize}, tournament {TournamentSize} drawn {(TournamentWithReplacement ? "with replacement (NB201's R_EA.py)" : "without replacement (the paper's Algorithm 2)")}";

    /// <inheritdoc/>
    public bool NeedsProxy => false;

    /// <inheritdoc/>
    public SearchRun Run(SearchProblem problem, SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var budget = new TrainingBudget(problem);
        // Lazily: each founder is drawn just before it is trained, as R_EA.py does.
        var founders = Enumerable.Range(0, PopulationSize).Select(_ => problem.Space.Sample(random));
        return Evolve(problem, random, budget, founders, Name, []);
    }

    /// <summary>
    /// Trains <paramref name="founders"/> as the first population (in order: the first is the oldest), then evolves
    /// until the budget refuses a training.
    /// </summary>
    internal SearchRun Evolve(SearchProblem problem, SeededRandom random, TrainingBudget budget, IEnumerable<string> founders,
        string strategy, IReadOnlyList<Evaluation> scored)
    {
        // Positions in the budget's history, oldest first.
        var population = new Queue<int>(PopulationSize);
        foreach (string founder in founders)
        {
            if (!budget.TryTrain(founder, parent: null, out _)) return budget.Finish(strategy, scored);
            population.Enqueue(budget.History.Count - 1);
        }
        var members = new int[PopulationSize];
        while (true)
        {
            population.CopyTo(members, 0);
            int parent = Tournament(members.AsSpan(0, population.Count), budget.History, random);
            string child = problem.Space.Mutate(budget.History[parent].Architecture, random);
            if (!budget.TryTrain(child, parent, out _)) return budget.Finish(strategy, scored);
            population.Enqueue(budget.History.Count - 1);
            population.Dequeue();
        }
    }

    /// <summary>The best of a tournament drawn from <paramref name="members"/>; the first drawn of equals (Python's <c>max</c>).</summary>
    private int Tournament(Span<int> members, IReadOnlyList<TrainedArchitecture> history, SeededRandom random)
    {
        int best = -1;
        for (int i = 0; i < TournamentSize; i++)
        {
            int drawn;
            if (TournamentWithReplacement)
            {
                drawn = members[random.NextInt(members.Length)];
            }
            else
            {
                // Partial Fisher–Yates: the first i places hold the distinct members drawn so far.
                int j = i + random.NextInt(members.Length - i);
                (members[i], members[j]) = (members[j], members[i]);
                drawn = members[i];
            }
            if (best < 0 || history[drawn].Accuracy > history[best].Accuracy) best = drawn;
        }
        return best;
    }
}
