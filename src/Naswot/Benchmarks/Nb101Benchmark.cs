using System.Globalization;
using System.IO.Compression;
using Naswot.Spaces;

namespace Naswot.Benchmarks;

/// <summary>Which shared file an NB101 row comes from; it decides what its accuracies are (see <see cref="Nb101Benchmark"/>).</summary>
public enum Nb101Source
{
    /// <summary>tiga1231/nasbench-vis <c>data-1k.json</c>: 1,000 cells, one training run's validation accuracy each.</summary>
    NasbenchVis,

    /// <summary>NASLib's <c>nb101_dummy</c> test asset: 30 full NB101 records, three runs each.</summary>
    NasLib30,

    /// <summary>NASLib's NAS-Bench-Suite-Zero sample: 292 cells, one randomly drawn run per row.</summary>
    NasLibZeroCost,
}

/// <summary>One bundled NB101 cell with what the sources say about it.</summary>
/// <param name="Hash">NB101's module hash, the key of every NB101 table.</param>
/// <param name="Cell">The cell in NB101's stored vertex order (canonical).</param>
/// <param name="TrainableParameters">NB101's count for the network it trained (stem 128, 10 classes); null where the source has none.</param>
/// <param name="Accuracy">108-epoch CIFAR-10 accuracies in percent, as <see cref="Nb101Benchmark"/> describes them.</param>
public sealed record Nb101Record(string Hash, Nb101Cell Cell, long? TrainableParameters, Accuracy Accuracy, Nb101Source Source);

/// <summary>
/// The NAS-Bench-101 CIFAR-10 accuracies we have: 1,320 of the space's 423,624 cells, from the three files of
/// <c>shared/data/nb101</c> (no full NB101 table could be had), bundled with the library as one gzip table written by
/// <c>tools/nb101_table</c>. Every value is at 108 epochs, in percent.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Validation: nasbench-vis cells, one training run each (every value is k/9984, so no mean of the three
/// runs NB101 trained); NASLib-30 cells, the mean of the three runs; NASLib zero-cost cells, the mean over the file's
/// rows of that cell, each one randomly drawn run. Where a cell is in several files the first of that list gives it.</item>
/// <item>Test: the mean of the three runs, for the 30 NASLib cells only; null for the others.</item>
/// </list>
/// </remarks>
public sealed class Nb101Benchmark : IBenchmark
{
    private readonly Lazy<Table> _table = new(Load);

    private Nb101Benchmark()
    {
    }

    /// <summary>The bundled CIFAR-10 table; read on first use.</summary>
    public static Nb101Benchmark Cifar10 { get; } = new();

    /// <summary>Every bundled cell, in hash order (the order of <see cref="Architectures"/>).</summary>
    public IReadOnlyList<Nb101Record> Records => _table.Value.Records;

    /// <summary>The bundled record of an NB101 hash (32 hex digits, any case); false where it is not bundled.</summary>
    public bool TryFind(string hash, out Nb101Record record)
    {
        ArgumentNullException.ThrowIfNull(hash);
        var table = _table.Value;
        if (table.ByHash.TryGetValue(hash.Trim().ToLowerInvariant(), out int index))
        {
            record = table.Records[index];
            return true;
        }
        record = null!;
        return false;
    }

    /// <inheritdoc/>
    public ISearchSpace Space => Nb101Space.Instance;

    /// <inheritdoc/>
    public string Dataset => "cifar10";

    /// <inheritdoc/>
    public string Description =>
        $"NB101 CIFAR-10, 108 epochs, {Records.Count:N0} bundled cells of {Nb101Space.CellCount:N0}; val = one run ({From(Nb101Source.NasbenchVis)} nasbench-vis cells), " +
        $"mean of 3 runs ({From(Nb101Source.NasLib30)} NASLib cells) or mean of one random run per row ({From(Nb101Source.NasLibZeroCost)} NASLib zero-cost cells); " +
        $"test = mean of 3 runs, for the {From(Nb101Source.NasLib30)} NASLib cells only";

    /// <summary>The bundled cells, canonical, in hash order.</summary>
    public IReadOnlyList<string> Architectures => _table.Value.Architectures;

    /// <inheritdoc/>
    public int IndexOf(string architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        var table = _table.Value;
        if (table.ByArchitecture.TryGetValue(architecture, out int index)) return index;
        // Not canonical text: any other form of a bundled cell (an NB101 hash, another vertex order) finds it too.
        return Nb101Space.Instance.TryParse(architecture, out var cell, out _) && table.ByArchitecture.TryGetValue(cell.ToString(), out index) ? index : -1;
    }

    /// <inheritdoc/>
    public bool TryGetAccuracy(string architecture, out Accuracy accuracy)
    {
        int index = IndexOf(architecture);
        accuracy = index < 0 ? default : Records[index].Accuracy;
        return index >= 0;
    }

    /// <summary>One of the bundled cells, each with the same chance.</summary>
    public string Sample(SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return Architectures[random.NextInt(Architectures.Count)];
    }

    private string From(Nb101Source source) => Records.Count(r => r.Source == source).ToString("N0", CultureInfo.InvariantCulture);

    internal sealed record Table(Nb101Record[] Records, string[] Architectures, Dictionary<string, int> ByHash, Dictionary<string, int> ByArchitecture);

    private static readonly string[] Columns = ["hash", "bits", "ops", "trainable_parameters", "validation", "test", "source"];

    /// <summary>Reads the table tools/nb101_table writes: tab-separated text with a header, rows in hash order, gzip.</summary>
    private static Table Load()
    {
        const string Resource = "Naswot.Benchmarks.nb101_cifar10.tsv.gz";
        using var stream = typeof(Nb101Benchmark).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"embedded NB101 table {Resource} missing");
        return Parse(stream, Resource);
    }

    /// <summary>The table in <paramref name="compressed"/> (the embedded resource's gzip bytes), named <paramref name="name"/> in messages.</summary>
    /// <exception cref="InvalidDataException">The bytes are damaged, cut short or not such a table.</exception>
    internal static Table Parse(Stream compressed, string name) => EmbeddedTable.ReadText(compressed, "NB101", name, reader => Read(reader, name));

    private static Table Read(StreamReader reader, string name)
    {
        if (reader.ReadLine() != string.Join('\t', Columns)) throw new InvalidOperationException($"embedded NB101 table {name}: unexpected header");
        var records = new List<Nb101Record>();
        while (reader.ReadLine() is { } line)
        {
            string[] f = line.Split('\t');
            if (f.Length != Columns.Length) throw new InvalidOperationException($"embedded NB101 table {name}: {f.Length} fields in row {records.Count + 1}");
            var accuracy = new Accuracy(Number(f[4]), f[5].Length == 0 ? null : Number(f[5]));
            long? parameters = f[3].Length == 0 ? null : long.Parse(f[3], CultureInfo.InvariantCulture);
            records.Add(new Nb101Record(f[0], Nb101Cell.Parse(f[1] + ":" + f[2]), parameters, accuracy, SourceOf(f[6])));
        }
        string[] architectures = [.. records.Select(r => r.Cell.ToString())];
        return new Table([.. records], architectures,
            records.Select((r, i) => (r.Hash, i)).ToDictionary(x => x.Hash, x => x.i, StringComparer.Ordinal),
            architectures.Select((a, i) => (a, i)).ToDictionary(x => x.a, x => x.i, StringComparer.Ordinal));
    }

    // The table holds Python reprs, which parse to exactly the doubles written.
    private static double Number(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static Nb101Source SourceOf(string name) => name switch
    {
        "vis1k" => Nb101Source.NasbenchVis,
        "naslib30" => Nb101Source.NasLib30,
        "naslib-zc500" => Nb101Source.NasLibZeroCost,
        _ => throw new InvalidOperationException($"embedded NB101 table: unknown source '{name}'"),
    };
}
