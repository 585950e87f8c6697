namespace Naswot.Tests.Cli;

/// <summary>`naswot experiment nb201-search` end to end: a few short searches, AREA scoring the bundled images at batch 16.</summary>
public sealed class SearchExperimentCommandTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    /// <summary>Three searches of 1,500 simulated seconds each, unless the arguments say otherwise.</summary>
    private (int Code, string Output, string Error) Run(params string[] args)
    {
        string[] defaults = [.. new[] { ("--runs", "3"), ("--budget", "1500") }.Where(d => !args.Contains(d.Item1)).SelectMany(d => new[] { d.Item1, d.Item2 })];
        return _cli.Run(["experiment", "nb201-search", "--batch-size", "16", .. defaults, .. args]);
    }

    private static string[] TableLines(string output) => [.. output.Split('\n').Where(l => l.StartsWith("| ", StringComparison.Ordinal))];

    [Fact]
    public void PrintsTheSearchRowsBesideThePapersWritesThePlotAndReproducesItself()
    {
        string plot = Path.Combine(_cli.Folder, "search.png");
        var (code, output, error) = Run("--plot", plot);
        Assert.True(code == 0, error);
        string[] table = TableLines(output);
        Assert.Equal("| Method | Val (ours) | Test (ours) | Test train+valid (ours) | Val (paper) | Test (paper) |", table[0]);
        Assert.Matches(@"^\| RS \| \d+\.\d\d ± \d+\.\d\d \| \d+\.\d\d ± \d+\.\d\d \| \d+\.\d\d ± \d+\.\d\d \| 90\.93 ± 0\.36 \| 93\.70 ± 0\.36 \|$", table[1]);
        Assert.StartsWith("| REA |", table[2]);
        Assert.EndsWith("| 91.20 ± 0.27 | n/a |", table[3]);
        Assert.Contains("Protocol: searched and reported on cifar10", output);
        Assert.Contains("- Budget: 1,500 simulated seconds per search", output);
        Assert.Contains("AREA − REA at equal budget: val ", output);
        Assert.Contains("60 scores: 0 from the store, 60 computed", output);
        Assert.Contains("batch 16", output);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(plot)[..4]);

        // Again: the same table bit for bit, every score from the store.
        var (again, secondOutput, secondError) = Run();
        Assert.True(again == 0, secondError);
        Assert.Equal(table, TableLines(secondOutput));
        Assert.Contains("60 scores: 60 from the store, 0 computed", secondOutput);
    }

    [Fact]
    public void ThePapersProtocolReportsTheCifar10SearchOnAnotherDatasetAndPerDatasetSearchIsAnOption()
    {
        var (code, output, error) = Run("--algorithms", "rea,rs", "--dataset", "imagenet16-120");
        Assert.True(code == 0, error);
        Assert.Contains("Protocol: the paper's. Searched on cifar10", output);
        string[] table = TableLines(output);
        Assert.Equal("| Method | Val (ours) | Test (ours) | Val (paper) | Test (paper) |", table[0]);
        Assert.EndsWith("| 45.15 ± 0.89 | 45.54 ± 1.03 |", table[1]); // the rows in the order asked for
        Assert.StartsWith("| RS |", table[2]);
        Assert.Equal(3, table.Length);
        Assert.DoesNotContain("AREA − REA", output);
        Assert.DoesNotContain("proxy scores", output);

        (code, output, error) = Run("--algorithms", "rs", "--dataset", "cifar100", "--search-dataset", "cifar100");
        Assert.True(code == 0, error);
        Assert.Contains("searched and reported on cifar100", output);
        Assert.Contains("the paper searches on cifar10", output);
        Assert.Contains("accuracy = cifar100 x-valid", output);
    }

    [Theory]
    [InlineData("--algorithms", "rs,bogus", "unknown search algorithm 'bogus' (valid: rs, rea, area)")]
    [InlineData("--algorithms", "rea,rea", "rea is given twice")]
    [InlineData("--budget", "10", "too small for a single simulated training")]
    [InlineData("--runs", "1", "expected 2 or more")]
    [InlineData("--area-sample", "5", "AREA samples 5 architectures")]
    [InlineData("--search-dataset", "mnist", "unknown dataset 'mnist'")]
    [InlineData("--proxy", "naswot,flops", "AREA ranks its first draws by one proxy")]
    public void BadOptionsAreOneLineErrors(string option, string value, string message)
    {
        var (code, _, error) = Run(option, value);
        Assert.Equal(2, code);
        Assert.Contains(message, error);
        Assert.Single(error.Trim().Split('\n'));
    }
}
