using System.Globalization;
using System.IO.Compression;
using System.Text.RegularExpressions;
using Naswot.Benchmarks;
using Naswot.Search;
using Naswot.Store;

namespace Naswot.Tests.Search;

/// <summary>
/// The published NB201 results (docs/results) still follow from the published scores: replaying Table 2 and drawing
/// the correlation's 1,000 cells through today's search, sampling and benchmark code gives the figures printed there.
/// </summary>
public sealed partial class PublishedResultsTests
{
    [Theory]
    [InlineData("cifar10")]
    [InlineData("cifar100")]
    [InlineData("imagenet16-120")]
    public void Table2_replayed_on_the_published_scores_is_the_published_table(string dataset)
    {
        var table = PublishedScores(dataset);
        var rows = Table2Replay.Run(table, "nb201", dataset, runs: 500, seed: 1);
        var published = File.ReadLines(Docs($"table2-{dataset}.md")).Where(l => l.StartsWith("| ", StringComparison.Ordinal)).Skip(1)
            .Select(l => l.Split('|', StringSplitOptions.TrimEntries)).ToList();
        Assert.Equal(published.Select(r => r[1]), rows.Select(r => r.Method));
        foreach (var (row, line) in rows.Zip(published))
        {
            Assert.Equal(line[2], row.Validation.ToString());
            Assert.Equal(line[3], row.Test.ToString());
            Assert.Equal(line[4], row.Paper!.Validation.ToString());
            Assert.Equal(line[5], row.Paper.Test.ToString());
        }
    }

    [Theory]
    [InlineData("cifar10")]
    [InlineData("cifar100")]
    [InlineData("imagenet16-120")]
    public void The_published_correlation_follows_from_the_same_1000_cells(string dataset)
    {
        var byArchitecture = PublishedScores(dataset).ToDictionary(c => c.Architecture);
        var benchmark = SearchSpaces.Get("nb201").BenchmarkOn(dataset)!;
        string[] drawn = NaswotSearch.SampleDistinct(1000, benchmark.Architectures.Count, benchmark.Sample, new SeededRandom(1));
        var correlation = ScoreCorrelation.Of([.. drawn.Select(a => byArchitecture[a])]);

        string text = File.ReadAllText(Docs($"correlation-{dataset}.txt"));
        var validation = Statistics().Match(text[text.IndexOf("validation", StringComparison.Ordinal)..]);
        var test = Statistics().Match(text[text.IndexOf("  test", StringComparison.Ordinal)..]);
        Assert.Equal(validation.Groups[1].Value, F(correlation.TauValidation));
        Assert.Equal(validation.Groups[2].Value, F(correlation.RhoValidation));
        Assert.Equal(test.Groups[1].Value, F(correlation.TauTest!.Value));
        Assert.Equal(test.Groups[2].Value, F(correlation.RhoTest!.Value));
    }

    [GeneratedRegex(@"(-?\d\.\d{3})\s+(-?\d\.\d{3})")]
    private static partial Regex Statistics();

    private static string F(double value) => value.ToString("F3", CultureInfo.InvariantCulture);

    /// <summary>Every cell's published score (three decimals, NB201 index order) with today's benchmark accuracies.</summary>
    private static List<ScoredArchitecture> PublishedScores(string dataset)
    {
        var benchmark = SearchSpaces.Get("nb201").BenchmarkOn(dataset)!;
        using var gzip = new GZipStream(File.OpenRead(Docs($"scores-{dataset}.csv.gz")), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        var table = new List<ScoredArchitecture>();
        reader.ReadLine();
        while (reader.ReadLine() is { } line)
        {
            string[] f = line.Split(',');
            Assert.Equal(benchmark.Architectures[table.Count], f[0]);
            double score = f[1] == "-inf" ? double.NegativeInfinity : double.Parse(f[1], CultureInfo.InvariantCulture);
            var status = f[2] == "ok" ? ScoreStatus.Ok : ScoreStatus.Singular;
            table.Add(new ScoredArchitecture(f[0], score, benchmark.AccuracyOf(f[0]), status, FromStore: true));
        }
        Assert.Equal(15_625, table.Count);
        return table;
    }

    private static string Docs(string file) => RepositoryFile.Find(Path.Combine("docs", "results", file));
}
