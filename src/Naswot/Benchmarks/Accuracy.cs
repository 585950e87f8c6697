namespace Naswot.Benchmarks;

/// <summary>
/// A trained network's accuracies in percent, in the NASWOT paper's sense: <see cref="Validation"/> is what a search
/// may look at, <see cref="Test"/> is what it reports. Null where the benchmark's table has no such value; each
/// benchmark's <see cref="IBenchmark.Description"/> says which model and split each value is.
/// </summary>
/// <param name="RetrainedTest">
/// Test accuracy of the same architecture retrained on the training and validation images together, where the
/// benchmark has it (NB201 CIFAR-10: the <c>cifar10</c> model on <c>ori-test</c>, the column papers report as
/// CIFAR-10 test); <see cref="Test"/> is then the model that <see cref="Validation"/> comes from.
/// </param>
public readonly record struct Accuracy(double Validation, double? Test = null, double? Train = null, double? RetrainedTest = null);
