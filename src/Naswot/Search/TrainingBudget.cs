using Naswot.Benchmarks;

namespace Naswot.Search;

/// <summary>
/// Simulated trainings charged to a search's budget, under one rule for every strategy: a training whose cost would
/// take the total past the budget is neither charged nor recorded, and ends the search; one that fits exactly is
/// charged. This is the rule of NB201's baselines (D-X-Y/AutoDL-Projects@233a829bd77032ba5421925df8af488343785a66:
/// exps/algos/R_EA.py and RANDOM.py, <c>if total_time_cost + time_cost &gt; time_budget</c>), applied here to
/// REA's first population too, which R_EA.py charges unchecked (at a budget of 12,000 s ten trainings always fit).
/// R_EA.py also charges the wall-clock time of choosing a parent; that is left out, so runs are reproducible.
/// </summary>
public sealed class TrainingBudget
{
    private readonly ITrainingSimulator _training;
    private readonly List<TrainedArchitecture> _history = [];

    /// <summary>An unspent budget of the problem's simulated seconds.</summary>
    public TrainingBudget(SearchProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        problem.Validated();
        _training = problem.Training;
        Seconds = problem.BudgetSeconds;
    }

    /// <summary>The budget in simulated seconds.</summary>
    public double Seconds { get; }

    /// <summary>Simulated seconds charged so far.</summary>
    public double Spent { get; private set; }

    /// <summary>Whether a training was refused: the search is over.</summary>
    public bool Exhausted { get; private set; }

    /// <summary>The trainings charged, in order.</summary>
    public IReadOnlyList<TrainedArchitecture> History => _history;

    /// <summary>
    /// Trains <paramref name="architecture"/> and charges it if its cost fits what is left; otherwise charges nothing,
    /// records nothing and marks the budget exhausted.
    /// </summary>
    /// <param name="parent">Position in <see cref="History"/> of the architecture it mutates, if any.</param>
    /// <exception cref="InvalidOperationException">The budget is already exhausted.</exception>
    public bool TryTrain(string architecture, int? parent, out TrainedArchitecture trained)
    {
        if (Exhausted) throw new InvalidOperationException("the training budget is exhausted: the search is over");
        var result = _training.Train(architecture);
        if (Spent + result.Seconds > Seconds)
        {
            Exhausted = true;
            trained = default;
            return false;
        }
        Spent += result.Seconds;
        trained = new TrainedArchitecture(architecture, result.Accuracy, result.Seconds, Spent, parent);
        _history.Add(trained);
        return true;
    }

    /// <summary>The run these trainings make.</summary>
    /// <exception cref="NaswotException">Nothing was trained: the budget does not cover the first training.</exception>
    public SearchRun Finish(string strategy, IReadOnlyList<Evaluation> scored)
    {
        if (_history.Count == 0)
            throw new NaswotException($"search budget {Seconds} s: too small for a single simulated training");
        return new SearchRun(strategy, [.. _history], scored);
    }
}
