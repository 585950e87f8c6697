using System.Globalization;
using System.IO.Compression;
using System.Text.RegularExpressions;
using Naswot.Benchmarks;
using Naswot.Search;
using Naswot.Spaces;
using Naswot.Store;

namespace Naswot.Tests.Search;

/// <summary>
/// The published NB201 results (docs/results) still follow from the published scores: replaying Table 2, running the
/// searches with simulated training (AREA on the published CIFAR-10 scores) and drawing the correlation's 1,000 cells
/// through today's search, sampling and benchmark code gives the figures printed there.
/// </summary>
public sealed partial class PublishedResultsTests
{
    [Theory]
    [InlineData("cifar10")]
    [InlineData("cifar100")]
    [InlineData("imagenet16-120")]
    public void Table2_replayed_on_the_published_scores_is_the_published_table(string dataset)
    {
        // The paper's protocol: every search scores CIFAR-10 images, and is reported on the dataset.
        var table = PublishedScores("cifar10", dataset);
        var rows = Table2Replay.Run(table, "nb201", dataset, runs: 500, seed: 1);
        var section = Section(dataset, "Table 2, ours beside the paper's");
        Assert.Contains(section, l => l.StartsWith($"- Protocol: scored on cifar10 images, reported on {dataset}: the paper's", StringComparison.Ordinal));
        // CIFAR-10's tables carry the train+valid model's test accuracy, the paper's CIFAR-10 test, in every row.
        Assert.Equal(dataset == "cifar10", section[2].Contains("| Test train+valid (ours) |", StringComparison.Ordinal));
        AssertTable(section, rows);
    }

    [Theory]
    [InlineData("cifar100")]
    [InlineData("imagenet16-120")]
    public void Table2_searched_on_each_datasets_own_images_is_the_published_one(string dataset)
    {
        var rows = Table2Replay.Run(PublishedScores(dataset), "nb201", dataset, runs: 500, seed: 1);
        var section = Section(dataset, $"Table 2 searched on {dataset}'s own images");
        Assert.Contains(section, l => l.StartsWith($"- Protocol: scored on {dataset} images, reported on {dataset}", StringComparison.Ordinal));
        AssertTable(section, rows);
    }

    [Theory]
    [InlineData("cifar10")]
    [InlineData("cifar100")]
    [InlineData("imagenet16-120")]
    public void The_published_search_rows_follow_from_the_published_cifar10_scores(string dataset)
    {
        var section = Section(dataset, "searches with simulated training");
        string notes = string.Join('\n', section);
        // The paper's protocol: searched on CIFAR-10, AREA on CIFAR-10 scores, reported on the dataset.
        Assert.Contains(dataset == "cifar10" ? "searched and reported on cifar10" : "Protocol: the paper's. Searched on cifar10", notes);
        Assert.Contains("- Budget: 12,000 simulated seconds per search", notes);
        var runs = Regex.Match(notes, @"- Runs: (\d+) per algorithm, each on its own random stream of seed (\d+)");
        int runCount = int.Parse(runs.Groups[1].Value, CultureInfo.InvariantCulture);
        ulong seed = ulong.Parse(runs.Groups[2].Value, CultureInfo.InvariantCulture);
        Assert.True(runCount >= 100, $"{runCount} runs: the tables publish 100 or more");

        var scores = PublishedScores("cifar10", "cifar10").ToDictionary(c => c.Architecture);
        var problem = new SearchProblem(Nb201Space.Instance, Nb201TrainingSimulator.On(Nb201Dataset.Cifar10), 12_000)
        {
            Proxy = architectures => [.. architectures.Select(a => new Evaluation(a, scores[a].Status, scores[a].Score, null, 0, FromStore: true))],
        };
        ISearchStrategy[] strategies = [new RandomSearch(), new RegularizedEvolution(), new AssistedRegularizedEvolution()];
        var report = SearchSpaces.Get("nb201").BenchmarkOn(dataset)!;
        var rows = strategies.Select(s => SearchExperiment.Row([.. Enumerable.Range(0, runCount).Select(run => SearchExperiment.Run(s, problem, seed, run))], report)).ToList();
        Assert.Equal(dataset == "cifar10", section[2].Contains("| Test train+valid (ours) |", StringComparison.Ordinal));
        AssertTable(section, rows);
        string difference = $"- AREA − REA at equal budget: val {MeanDifference.Of(rows[2].Validation, rows[1].Validation)}, test {MeanDifference.Of(rows[2].Test!.Value, rows[1].Test!.Value)}";
        Assert.Contains(difference, notes);
    }

    /// <summary>The published table's rows are <paramref name="rows"/>: every column by its header, "n/a" where a row has no figure.</summary>
    private static void AssertTable(IReadOnlyList<string> section, IReadOnlyList<ExperimentRow> rows)
    {
        var lines = section.Where(l => l.StartsWith("| ", StringComparison.Ordinal)).Select(l => l.Split('|', StringSplitOptions.TrimEntries)[1..^1]).ToList();
        string[] header = lines[0];
        Assert.Equal(rows.Select(r => r.Method), lines.Skip(1).Select(l => l[0]));
        foreach (var (row, line) in rows.Zip(lines.Skip(1)))
        {
            for (int column = 1; column < header.Length; column++)
            {
                string expected = header[column] switch
                {
                    "Val (ours)" => row.Validation.ToString(),
                    "Test (ours)" => row.Test?.ToString() ?? "n/a",
                    "Test train+valid (ours)" => row.RetrainedTest?.ToString() ?? "n/a",
                    "Val (paper)" => row.Paper?.Validation.ToString() ?? "n/a",
                    "Test (paper)" => row.Paper?.Test?.ToString() ?? "n/a",
                    var other => throw new InvalidOperationException($"unknown column '{other}'"),
                };
                Assert.True(expected == line[column], $"{row.Method}, {header[column]}: published {line[column]}, replayed {expected}");
            }
        }
    }

    /// <summary>The lines of the section of docs/results/table2-<paramref name="dataset"/>.md whose heading contains <paramref name="heading"/>.</summary>
    private static List<string> Section(string dataset, string heading)
    {
        var lines = File.ReadLines(Docs($"table2-{dataset}.md")).ToList();
        int start = lines.FindIndex(l => l.StartsWith("## ", StringComparison.Ordinal) && l.Contains(heading, StringComparison.Ordinal));
        Assert.True(start >= 0, $"table2-{dataset}.md has no section '{heading}'");
        int end = lines.FindIndex(start + 1, l => l.StartsWith("## ", StringComparison.Ordinal));
        return lines[start..(end < 0 ? lines.Count : end)];
    }

    [Theory]
    [InlineData("cifar10")]
    [InlineData("cifar100")]
    [InlineData("imagenet16-120")]
    public void The_published_correlation_follows_from_the_same_1000_cells(string dataset)
    {
        var byArchitecture = PublishedScores(dataset, dataset).ToDictionary(c => c.Architecture);
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
    private static List<ScoredArchitecture> PublishedScores(string dataset) => PublishedScores(dataset, dataset);

    /// <summary>Every cell's published score on <paramref name="scoredOn"/>'s images, with its accuracies on <paramref name="reportedOn"/>.</summary>
    private static List<ScoredArchitecture> PublishedScores(string scoredOn, string reportedOn)
    {
        var benchmark = SearchSpaces.Get("nb201").BenchmarkOn(reportedOn)!;
        using var gzip = new GZipStream(File.OpenRead(Docs($"scores-{scoredOn}.csv.gz")), CompressionMode.Decompress);
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
