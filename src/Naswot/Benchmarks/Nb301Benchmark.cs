using System.Globalization;
using System.IO.Compression;
using Naswot.Spaces;

namespace Naswot.Benchmarks;

/// <summary>One bundled DARTS genotype with what NASLib's NAS-Bench-301 data says about it.</summary>
/// <param name="Architecture">The genotype at NB301's width and depth (<see cref="Nb301Benchmark.Width"/>, <see cref="Nb301Benchmark.Depth"/>).</param>
/// <param name="PredictedValidation">NB301's surrogate prediction of its CIFAR-10 validation accuracy, percent: the mean of <paramref name="Predictions"/> predictions.</param>
/// <param name="Predictions">How many rows of the source predicted it (1, or 2 for the genotypes drawn twice).</param>
/// <param name="NasLibParameters">NASLib's parameter count of its own network for the genotype: NB301's, with the cell ops' BatchNorms not affine.</param>
public sealed record Nb301Record(NdsArchitecture Architecture, double PredictedValidation, int Predictions, long NasLibParameters);

/// <summary>
/// NAS-Bench-301's <em>surrogate predictions</em> of CIFAR-10 validation accuracy for 1,218 DARTS-space genotypes,
/// the ones NASLib's NAS-Bench-Suite-Zero data holds for NB301 (shared/data/nb301; automl/NASLib@6639fd1579010457885c641553c55b0c153045aa
/// and @22280f711aa782fe9157d1b4e5ce4f83f47ab908, naslib/data/zc_nasbench301.json), bundled by <c>tools/nb301_table</c>.
/// These are a model's predictions, not trained accuracies: no NDS or NB301 training data could be had.
/// </summary>
/// <remarks>
/// The architectures carry the width and depth of the network NB301 trained to fit its surrogate, 32 initial channels
/// and 8 cells (automl/nasbench301@bef57c04542ed7b181e16f6fe8b666b67194f352:nasbench301/data_generation/configs/config_0.json:
/// <c>init_channels</c> 32, <c>layers</c> 8, 100 epochs). NB301 has no test split; <see cref="Accuracy.Test"/> is null.
/// </remarks>
public sealed class Nb301Benchmark : IBenchmark
{
    /// <summary>NB301's training network's initial channels.</summary>
    public const int Width = 32;

    /// <summary>NB301's training network's cells.</summary>
    public const int Depth = 8;

    private static readonly SettingValues Nb301Network = SettingValues.Of(NdsSpace.Darts.ArchitectureSettings, new Dictionary<string, string>
    {
        [NdsSpace.WidthSetting] = Width.ToString(CultureInfo.InvariantCulture),
        [NdsSpace.DepthSetting] = Depth.ToString(CultureInfo.InvariantCulture),
    });

    private readonly Lazy<Table> _table = new(Load);

    private Nb301Benchmark()
    {
    }

    /// <summary>The bundled table; read on first use.</summary>
    public static Nb301Benchmark Cifar10 { get; } = new();

    /// <summary>Every bundled genotype, in the order of <see cref="Architectures"/> (their genotype texts' order).</summary>
    public IReadOnlyList<Nb301Record> Records => _table.Value.Records;

    /// <inheritdoc/>
    public ISearchSpace Space => NdsSpace.Darts;

    /// <inheritdoc/>
    public string Dataset => "cifar10";

    /// <inheritdoc/>
    public string Description =>
        $"NAS-Bench-301 SURROGATE PREDICTIONS of CIFAR-10 validation accuracy, not trained accuracies: {Records.Count:N0} DARTS genotypes " +
        $"from NASLib's NB301 data, for NB301's network (width {Width}, {Depth} cells, 100 epochs); no test accuracy";

    /// <summary>The bundled genotypes, canonical (at width 32, depth 8), in genotype-text order.</summary>
    public IReadOnlyList<string> Architectures => _table.Value.Architectures;

    /// <inheritdoc/>
    public int IndexOf(string architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        var table = _table.Value;
        if (table.ByArchitecture.TryGetValue(architecture, out int index)) return index;
        // Not canonical text: another spelling of a bundled genotype finds it too, taken at NB301's width and depth where it leaves them out.
        return NdsSpace.Darts.TryParse(architecture, Nb301Network, out var parsed, out _) && table.ByArchitecture.TryGetValue(parsed.ToString(), out index) ? index : -1;
    }

    /// <inheritdoc/>
    public bool TryGetAccuracy(string architecture, out Accuracy accuracy)
    {
        int index = IndexOf(architecture);
        accuracy = index < 0 ? default : new Accuracy(Records[index].PredictedValidation);
        return index >= 0;
    }

    /// <summary>One of the bundled genotypes, each with the same chance.</summary>
    public string Sample(SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return Architectures[random.NextInt(Architectures.Count)];
    }

    internal sealed record Table(Nb301Record[] Records, string[] Architectures, Dictionary<string, int> ByArchitecture);

    private static readonly string[] Columns = ["genotype", "val_accuracy", "predictions", "naslib_params"];

    /// <summary>Reads the table tools/nb301_table writes: tab-separated text with a header, rows in genotype order, gzip.</summary>
    private static Table Load()
    {
        const string Resource = "Naswot.Benchmarks.nb301_surrogate_cifar10.tsv.gz";
        using var stream = typeof(Nb301Benchmark).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"embedded NB301 table {Resource} missing");
        return Parse(stream, Resource);
    }

    /// <summary>The table in <paramref name="compressed"/> (the embedded resource's gzip bytes), named <paramref name="name"/> in messages.</summary>
    /// <exception cref="InvalidDataException">The bytes are damaged, cut short or not such a table.</exception>
    internal static Table Parse(Stream compressed, string name) => EmbeddedTable.ReadText(compressed, "NB301", name, reader => Read(reader, name));

    private static Table Read(StreamReader reader, string name)
    {
        if (reader.ReadLine() != string.Join('\t', Columns)) throw new InvalidOperationException($"embedded NB301 table {name}: unexpected header");
        var records = new List<Nb301Record>();
        while (reader.ReadLine() is { } line)
        {
            string[] f = line.Split('\t');
            if (f.Length != Columns.Length) throw new InvalidOperationException($"embedded NB301 table {name}: {f.Length} fields in row {records.Count + 1}");
            // The table holds Python reprs, which parse to exactly the doubles written.
            records.Add(new Nb301Record(NdsSpace.Darts.Parse(f[0], Nb301Network), double.Parse(f[1], NumberStyles.Float, CultureInfo.InvariantCulture),
                int.Parse(f[2], CultureInfo.InvariantCulture), long.Parse(f[3], CultureInfo.InvariantCulture)));
        }
        string[] architectures = [.. records.Select(r => r.Architecture.ToString())];
        return new Table([.. records], architectures, architectures.Select((a, i) => (a, i)).ToDictionary(x => x.a, x => x.i, StringComparer.Ordinal));
    }
}
