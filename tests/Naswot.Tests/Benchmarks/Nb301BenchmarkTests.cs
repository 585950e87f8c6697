using System.Globalization;
using Naswot.Benchmarks;
using Naswot.Spaces;
using Naswot.Tests.Spaces;

namespace Naswot.Tests.Benchmarks;

public class Nb301BenchmarkTests
{
    private static readonly Nb301Benchmark Table = Nb301Benchmark.Cifar10;

    [Fact]
    public void Every_distinct_genotype_is_bundled_once_at_nb301s_width_and_depth()
    {
        Assert.Equal(1218, Table.Records.Count);
        Assert.Equal(7, Table.Records.Count(r => r.Predictions == 2));
        Assert.Equal(Table.Records.Select(r => r.Architecture.Genotype).Order(StringComparer.Ordinal), Table.Records.Select(r => r.Architecture.Genotype));
        Assert.Equal(Table.Records.Count, Table.Architectures.Distinct().Count());
        Assert.All(Table.Records, r => Assert.Equal((32, 8), (r.Architecture.Width, r.Architecture.Depth)));
        Assert.All(Table.Architectures, a => Assert.Equal(a, NdsSpace.Darts.Canonicalize(a)));
        // NB301's space is DARTS's without 'none'.
        Assert.DoesNotContain(Table.Records, r => r.Architecture.Normal.Edges.Concat(r.Architecture.Reduce.Edges).Any(e => e.Op == NdsOp.None));
        Assert.All(Table.Records, r => Assert.InRange(r.PredictedValidation, 80, 96));
        Assert.Same(Table, SearchSpaces.Get("nds-darts").BenchmarkOn("cifar10"));
        Assert.All(NdsSpace.All.Skip(1), s => Assert.Empty(SearchSpaces.Get(s.Name).Benchmarks));
    }

    [Fact]
    public void The_description_says_the_values_are_surrogate_predictions()
    {
        Assert.Contains("SURROGATE PREDICTIONS", Table.Description);
        Assert.Contains("not trained accuracies", Table.Description);
        Assert.Contains("width 32, 8 cells", Table.Description);
        Assert.Null(Table.AccuracyOf(Table.Architectures[0]).Test);
    }

    [Fact]
    public void A_genotype_is_found_in_any_spelling_at_width_32_and_depth_8_only()
    {
        var record = Table.Records[17];
        string genotype = record.Architecture.Genotype;
        Assert.Equal(17, Table.IndexOf(record.Architecture.ToString()));
        Assert.Equal(17, Table.IndexOf(genotype));
        Assert.Equal(17, Table.IndexOf(genotype.Replace('\'', '"') + ";depth=8"));
        Assert.Equal(-1, Table.IndexOf(genotype + ";width=16"));
        Assert.Equal(-1, Table.IndexOf(NdsGenotypes.DartsV2));
        Assert.Equal(-1, Table.IndexOf("not a genotype"));
        Assert.True(Table.TryGetAccuracy(genotype, out var accuracy));
        Assert.Equal(record.PredictedValidation, accuracy.Validation);
        Assert.False(Table.TryGetAccuracy(genotype + ";depth=20", out _));
    }

    [Fact]
    public void Samples_are_bundled_genotypes_drawn_uniformly()
    {
        var random = new SeededRandom(6);
        var counts = new int[Table.Architectures.Count];
        for (int i = 0; i < 12_180; i++) counts[Table.IndexOf(Table.Sample(random))]++;
        Assert.InRange(counts.Average(), 9.99, 10.01);
        Assert.True(counts.Count(c => c == 0) < 20, "nearly every genotype is drawn in ten draws per genotype");
    }

    [Nb301DataFact]
    public void Values_are_the_means_of_the_shared_files_predictions()
    {
        var rows = File.ReadLines(SharedData.Path("data", "nb301", "nb301_surrogate_samples.csv")).Skip(1).Select(line =>
        {
            // commit,index,"compact","genotype",accuracy,flops,params: the quoted fields hold commas but no double quote.
            string[] parts = line.Split('"');
            string[] tail = parts[4].Split(',');
            return (Genotype: parts[3], Accuracy: double.Parse(tail[1], CultureInfo.InvariantCulture), Params: double.Parse(tail[3], CultureInfo.InvariantCulture));
        }).ToList();
        Assert.Equal(1225, rows.Count);
        foreach (var group in rows.GroupBy(r => r.Genotype))
        {
            var record = Table.Records[Table.IndexOf(group.Key)];
            Assert.Equal(group.Key, record.Architecture.Genotype);
            Assert.Equal(group.Count(), record.Predictions);
            Assert.Equal(group.Sum(r => r.Accuracy) / group.Count(), record.PredictedValidation);
            Assert.All(group, r => Assert.Equal(record.NasLibParameters, (long)Math.Round(r.Params * 1e6)));
        }
    }
}
