using Naswot.Benchmarks;
using Naswot.Spaces;
using Naswot.Tests.Spaces;

namespace Naswot.Tests.Benchmarks;

public class Nb101BenchmarkTests
{
    private static readonly Nb101Benchmark Table = Nb101Benchmark.Cifar10;

    [Fact]
    public void Every_distinct_cell_of_the_three_files_is_bundled_once_in_hash_order()
    {
        Assert.Equal(1320, Table.Records.Count);
        Assert.Equal(1000, Table.Records.Count(r => r.Source == Nb101Source.NasbenchVis));
        Assert.Equal(30, Table.Records.Count(r => r.Source == Nb101Source.NasLib30));
        // 292 distinct cells in the zero-cost sample; one is a nasbench-vis cell and one a NASLib-30 cell.
        Assert.Equal(290, Table.Records.Count(r => r.Source == Nb101Source.NasLibZeroCost));
        Assert.Equal(Table.Records.Select(r => r.Hash).Order(StringComparer.Ordinal), Table.Records.Select(r => r.Hash));
        Assert.Equal(Table.Records.Select(r => r.Cell.ToString()), Table.Architectures);
        Assert.All(Table.Records, r => Assert.Equal(r.Source != Nb101Source.NasLibZeroCost, r.TrainableParameters is not null));
        Assert.All(Table.Records, r => Assert.Equal(r.Source == Nb101Source.NasLib30, r.Accuracy.Test is not null));
        Assert.Same(Table, SearchSpaces.Get("nb101").BenchmarkOn("cifar10"));
    }

    [Nb101DataFact]
    public void Accuracies_are_the_files_values()
    {
        foreach (var cell in Nb101SharedCells.Vis())
        {
            var record = Find(cell.Hash);
            Assert.Equal(Nb101Source.NasbenchVis, record.Source);
            Assert.Equal(new Accuracy(cell.Validation[0]), record.Accuracy);
        }
        foreach (var cell in Nb101SharedCells.NasLib30())
        {
            var record = Find(cell.Hash);
            Assert.Equal(3, cell.Validation.Length);
            Assert.Equal(new Accuracy(cell.Validation.Sum() / 3 * 100, cell.Test.Sum() / 3 * 100), record.Accuracy);
        }
        foreach (var rows in Nb101SharedCells.ZeroCostRows().GroupBy(r => r.Hash))
        {
            var record = Find(rows.Key);
            if (record.Source == Nb101Source.NasLibZeroCost)
                Assert.Equal(new Accuracy(rows.Sum(r => r.Validation[0]) / rows.Count()), record.Accuracy);
        }
    }

    [Fact]
    public void Any_form_of_a_bundled_cell_finds_its_row()
    {
        var record = Table.Records[^1];
        int index = Table.Records.Count - 1;
        Assert.Equal(index, Table.IndexOf(record.Cell.ToString()));
        Assert.Equal(index, Table.IndexOf(record.Hash.ToUpperInvariant()));
        Assert.True(Table.TryGetAccuracy(record.Hash, out var accuracy));
        Assert.Equal(record.Accuracy, accuracy);
        // Another vertex order of the order-dependent cell.
        Assert.True(Table.IndexOf("010010001100000001000001000001000000:input,conv1x1,conv1x1,conv1x1,conv1x1,output") >= 0);
        Assert.Equal(-1, Table.IndexOf("0111000001100000010000000100000001000000010000000:input,maxpool3x3,maxpool3x3,maxpool3x3,maxpool3x3,maxpool3x3,output"));
        Assert.Equal(-1, Table.IndexOf("not a cell"));
        Assert.False(Table.TryFind("ffffffffffffffffffffffffffffffff", out _));
    }

    [Fact]
    public void Description_says_what_each_value_is()
    {
        Assert.Equal(
            "NB101 CIFAR-10, 108 epochs, 1,320 bundled cells of 423,624; val = one run (1,000 nasbench-vis cells), mean of 3 runs (30 NASLib cells) " +
            "or mean of one random run per row (290 NASLib zero-cost cells); test = mean of 3 runs, for the 30 NASLib cells only",
            Table.Description);
    }

    [Fact]
    public void Sampling_is_seeded_and_uniform_over_the_bundled_cells()
    {
        var a = new SeededRandom(4);
        var b = new SeededRandom(4);
        for (int i = 0; i < 100; i++) Assert.Equal(Table.Sample(a), Table.Sample(b));

        // Ten bins of table rows (hash order): each should get about a tenth (chi-square, 9 dof, p≈0.001 bound 27.9).
        var counts = new int[10];
        var random = new SeededRandom(12);
        const int Draws = 20_000;
        for (int i = 0; i < Draws; i++) counts[Table.IndexOf(Table.Sample(random)) * 10 / Table.Records.Count]++;
        double expected = Draws / 10.0;
        double chiSquare = counts.Sum(c => (c - expected) * (c - expected) / expected);
        Assert.True(chiSquare < 27.9, $"chi-square {chiSquare}");
    }

    private static Nb101Record Find(string hash) => Table.TryFind(hash, out var record) ? record : throw new Xunit.Sdk.XunitException($"{hash} not bundled");
}
