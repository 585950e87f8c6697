namespace Naswot.Benchmarks;

/// <summary>
/// A trained network's accuracies in percent, in the NASWOT paper's sense: <see cref="Validation"/> is what a search
/// may look at, <see cref="Test"/> is what it reports. Null where the benchmark's table has no such value; each
/// benchmark's <see cref="IBenchmark.Description"/> says which model and split each value is.
/// </summary>
public readonly record struct Accuracy(double Validation, double? Test = null, double? Train = null);
