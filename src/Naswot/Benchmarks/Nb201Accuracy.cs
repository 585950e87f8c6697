namespace Naswot.Benchmarks;

/// <summary>
/// One network's accuracies in percent, in the NASWOT paper's sense: <see cref="Validation"/> is what a search may
/// look at, <see cref="Test"/> is what it reports. <see cref="Train"/> is null where the table has none (12 epochs).
/// See <see cref="Nb201Benchmark"/> for the split behind each value.
/// </summary>
public readonly record struct Nb201Accuracy(double Validation, double Test, double? Train = null);
