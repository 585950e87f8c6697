using Naswot.Benchmarks;
using Naswot.Tests.Spaces;

namespace Naswot.Tests.Cli;

/// <summary>The NB101 space through the commands, end to end on the bundled CIFAR-10 images, with a store of its own.</summary>
public sealed class Nb101CommandTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    private (int Code, string Output, string Error) Run(params string[] args) => _cli.Run([.. args, "--batch-size", "16"]);

    [Fact]
    public void ScoreTakesACellInAnyOrderOrItsHash()
    {
        // vis[0] with its interior vertices listed in another order: the output shows NB101's stored order.
        var (code, output, error) = Run("score", "--space", "nb101", "--arch",
            "0110010000001000010000000101000001000000010000000:input,conv3x3,conv3x3,maxpool3x3,conv3x3,conv1x1,output");
        Assert.True(code == 0, error);
        Assert.Contains(Nb101CellTests.Vis0, output);
        Assert.Contains("space nb101 (stem-channels 16)", output);

        (code, output, error) = Run("score", "--space", "nb101", "--arch", "00005C142E6F48AC74FDCF73E3439874");
        Assert.True(code == 0, error);
        Assert.Contains(Nb101CellTests.Vis0, output);
        Assert.Contains("from store", output);
    }

    [Fact]
    public void CorrelateRanksBundledCells()
    {
        var (code, output, error) = Run("correlate", "--space", "nb101", "--sample", "6");
        Assert.True(code == 0, error);
        Assert.Contains("6 distinct architectures drawn uniformly from the benchmark's 1320", output);
        Assert.Contains("Kendall τ-b", output);
        Assert.Contains("NB101 CIFAR-10, 108 epochs", output);
    }

    [Fact]
    public void SearchPrintsTheCellItsHashAndItsValidationAccuracy()
    {
        var (code, output, error) = Run("search", "--space", "nb101", "--n", "3");
        Assert.True(code == 0, error);
        Assert.Matches(@"run 1: [01]+:input,[^ ]*,output \(NB101 hash [0-9a-f]{32}\)", output);
        Assert.Matches(@"cifar10 val \d+\.\d\d %", output);
        Assert.Contains($"3 drawn with replacement from the {Nb101Benchmark.Cifar10.Records.Count} architectures of the nb101 cifar10 benchmark", output);
    }

    [Fact]
    public void ExperimentReplaysTable2OnTheBundledCells()
    {
        var (code, output, error) = Run("experiment", "nb101", "--sample", "6", "--runs", "20");
        Assert.True(code == 0, error);
        Assert.Contains("NOT the paper's protocol", output);
        // Test accuracies exist for 30 cells only, so the table has no test column of ours.
        Assert.Matches(@"\| NASWOT \(N=100\) \| \d+\.\d\d ± \d+\.\d\d \| n/a \| n/a \| n/a \|", output);
    }

    [Fact]
    public void TheStemWidthIsAnOptionOfNb101Only()
    {
        var (code, output, error) = Run("score", "--space", "nb101", "--stem-channels", "128", "--arch", "0100:input,output");
        Assert.True(code == 0, error);
        Assert.Contains("space nb101 (stem-channels 128)", output);

        (code, _, error) = Run("score", "--space", "nb201", "--stem-channels", "128", "--arch",
            "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|");
        Assert.Equal(2, code);
        Assert.Contains("--stem-channels: a setting of space nb101, not of space nb201", error);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Theory]
    [InlineData("0110:input,output", "not upper-triangular")]
    [InlineData("0123456789abcdef0123456789abcdef", "not among the 1,320 bundled cells")]
    [InlineData("0000:input,output", "input is disconnected from output")]
    public void BadCellsAreOneLine(string arch, string expected)
    {
        var (code, _, error) = Run("score", "--space", "nb101", "--arch", arch);
        Assert.Equal(2, code);
        Assert.Contains(expected, error);
        Assert.Single(error.Trim().Split('\n'));
    }
}
