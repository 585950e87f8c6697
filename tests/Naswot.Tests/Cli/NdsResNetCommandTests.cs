using Naswot.Cli;
using Naswot.Spaces;

namespace Naswot.Tests.Cli;

/// <summary>The NDS ResNet-family spaces through the commands, on the bundled CIFAR-10 images, with a store of their own.</summary>
public sealed class NdsResNetCommandTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void ScorePrintsTheCanonicalArchitecture()
    {
        var (code, output, error) = _cli.Run("score", "--space", "nds-resnet", "--arch", "ws=16,32,64;ds=1,2,4", "--batch-size", "16");
        Assert.True(code == 0, error);
        Assert.Matches(@"^\d+\.\d{3}  ds=1,2,4;ws=16,32,64;block=res_basic_block\n", output);
        Assert.Contains("space nds-resnet, data cifar10", output);
    }

    [Fact]
    public void SampleDrawsMembersWithTheSeed()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = NaswotCli.Run(["sample", "--space", "nds-resnext-a", "--n", "2", "--sample-seed", "4"], output, error);
        Assert.True(code == 0, error.ToString());
        var random = new SeededRandom(4);
        Assert.Equal([NdsResNetSpace.ResNeXtA.Sample(random), NdsResNetSpace.ResNeXtA.Sample(random)], output.ToString().Trim().Split('\n'));
    }

    [Fact]
    public void SearchDrawsFromTheSpaceAndHasNoAccuracy()
    {
        var (code, output, error) = _cli.Run("search", "--space", "nds-resnext-b", "--n", "2", "--batch-size", "16");
        Assert.True(code == 0, error);
        Assert.Matches(@"run 1: ds=[\d,]+;ws=[\d,]+;bms=[\d.,]+;gws=[\d,]+;block=res_bottleneck_block\n  score \d+\.\d{3}\n", output);
        Assert.Contains("2 drawn with replacement from the nds-resnext-b space", output);
        Assert.Contains("accuracy: none; space nds-resnext-b has no benchmark on cifar10", output);
    }

    [Fact]
    public void CorrelateSaysInOneLineThatThereAreNoAccuracies()
    {
        var (code, _, error) = _cli.Run("correlate", "--space", "nds-resnet", "--sample", "3", "--batch-size", "16");
        Assert.Equal(2, code);
        Assert.Contains("space nds-resnet has no accuracies on cifar10", error);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Theory]
    [InlineData("nds-resnet", "ds=1,2;ws=16,32,64", "ds has 2 values, expected 3 (one per stage)")]
    [InlineData("nds-resnext-a", "ds=1,2,4;ws=16,32,64;bms=1,1,1;gws=1,1,1;block=basic", "unknown block type 'basic'")]
    [InlineData("nds-resnext-b", "ds=1,2,4;ws=64,64,2048;bms=1,1,1;gws=1,1,1", "ws 2048 (stage 3) is not one of 64,128,256,512,1024")]
    public void BadArchitecturesAreOneLineWithExitCode2(string space, string arch, string expected)
    {
        var (code, _, error) = _cli.Run("score", "--space", space, "--arch", arch, "--batch-size", "16");
        Assert.Equal(2, code);
        Assert.Contains(expected, error);
        Assert.Single(error.Trim().Split('\n'));
    }
}
