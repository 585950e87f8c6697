using Naswot.Spaces;

namespace Naswot.Benchmarks;

/// <summary>
/// The trained accuracies that one benchmark holds for architectures of one search space on one dataset, looked up
/// by canonical architecture. Searches, correlations and experiments see benchmarks only through this.
/// </summary>
public interface IBenchmark
{
    /// <summary>The space whose architectures the benchmark trained.</summary>
    ISearchSpace Space { get; }

    /// <summary>The dataset's name as <c>--dataset</c> takes it, e.g. <c>cifar10</c>.</summary>
    string Dataset { get; }

    /// <summary>Which trained model, split and training length each value is: printed beside every result that uses them.</summary>
    string Description { get; }

    /// <summary>Every architecture the benchmark has, canonical, in its own order (e.g. NB201 index order).</summary>
    IReadOnlyList<string> Architectures { get; }

    /// <summary>The position of a canonical architecture in <see cref="Architectures"/>; −1 when the benchmark did not train it.</summary>
    int IndexOf(string architecture);

    /// <summary>The accuracies of a canonical architecture; false when the benchmark did not train it.</summary>
    bool TryGetAccuracy(string architecture, out Accuracy accuracy);

    /// <summary>One of <see cref="Architectures"/> drawn uniformly.</summary>
    string Sample(SeededRandom random);

    /// <summary>
    /// Simulated training on this benchmark's dataset, where its tables define one (a short schedule's accuracies and
    /// training times); null for most benchmarks.
    /// </summary>
    ITrainingSimulator? Training => null;
}

/// <summary>Look-ups every benchmark offers in terms of the interface.</summary>
public static class BenchmarkExtensions
{
    /// <summary>The accuracies of a canonical architecture the benchmark has.</summary>
    /// <exception cref="ArchitectureException">The benchmark did not train it.</exception>
    public static Accuracy AccuracyOf(this IBenchmark benchmark, string architecture)
    {
        ArgumentNullException.ThrowIfNull(benchmark);
        if (benchmark.TryGetAccuracy(architecture, out var accuracy)) return accuracy;
        throw new ArchitectureException($"{architecture}: not in the {benchmark.Space.Name} {benchmark.Dataset} benchmark ({benchmark.Architectures.Count} architectures)");
    }
}
