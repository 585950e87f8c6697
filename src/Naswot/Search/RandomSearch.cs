namespace Naswot.Search;

/// <summary>
/// Random search (RS) as NB201's baseline runs it (D-X-Y/AutoDL-Projects@233a829bd77032ba5421925df8af488343785a66:
/// exps/algos/RANDOM.py): draw an architecture from the space, train it (simulated), until the budget is spent;
/// return the best trained by simulated-training accuracy.
/// </summary>
public sealed class RandomSearch : ISearchStrategy
{
    /// <inheritdoc/>
    public string Name => "RS";

    /// <inheritdoc/>
    public string Settings => "architectures drawn with replacement from the space's sampler";

    /// <inheritdoc/>
    public bool NeedsProxy => false;

    /// <inheritdoc/>
    public SearchRun Run(SearchProblem problem, SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var budget = new TrainingBudget(problem);
        while (budget.TryTrain(problem.Space.Sample(random), parent: null, out _))
        {
        }
        return budget.Finish(Name, []);
    }
}
