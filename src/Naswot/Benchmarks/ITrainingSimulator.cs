using Naswot.Spaces;

namespace Naswot.Benchmarks;

/// <summary>
/// Simulated training, as a benchmark defines it: what training an architecture returns (a validation accuracy a
/// search may look at) and what it would have cost, read from the benchmark's tables instead of trained. Searches with
/// a training budget (random search, regularised evolution) see training only through this.
/// </summary>
public interface ITrainingSimulator
{
    /// <summary>The space whose architectures it trains.</summary>
    ISearchSpace Space { get; }

    /// <summary>The dataset it trains on, as <c>--dataset</c> names it.</summary>
    string Dataset { get; }

    /// <summary>Which schedule, split and timing each result comes from: printed beside every result that uses it.</summary>
    string Description { get; }

    /// <summary>Trains (simulated) a canonical architecture of <see cref="Space"/>.</summary>
    /// <exception cref="ArchitectureException">The benchmark did not train it.</exception>
    SimulatedTraining Train(string architecture);
}

/// <summary>What one simulated training returns.</summary>
/// <param name="Accuracy">Validation accuracy in percent: the fitness a search ranks by.</param>
/// <param name="Seconds">The simulated cost that training charges to a search's budget.</param>
public readonly record struct SimulatedTraining(double Accuracy, double Seconds);
