using System.Text.Json;
using Naswot.Spaces;

namespace Naswot.Tests.Cli;

/// <summary>The NATS-Bench size space through the commands, end to end on the bundled CIFAR-10 images, with a store of its own.</summary>
public sealed class NatsSssCommandTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    private (int Code, string Output, string Error) Run(params string[] args) => _cli.Run([.. args, "--batch-size", "16"]);

    [Fact]
    public void ScoreTakesWidthsAndStoresTheScore()
    {
        var (code, output, error) = Run("score", "--space", "nats-sss", "--arch", "8:16:24:32:40");
        Assert.True(code == 0, error);
        Assert.Matches(@"^\d+\.\d{3}  8:16:24:32:40\n", output);
        Assert.Contains("space nats-sss, data cifar10", output);

        (code, output, error) = Run("score", "--space", "nats-sss", "--arch", " 08:16:24:32:40", "--format", "json");
        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("8:16:24:32:40", json.RootElement.GetProperty("arch").GetString());
        Assert.True(json.RootElement.GetProperty("from_store").GetBoolean());
    }

    [Fact]
    public void SearchDrawsFromTheSpaceAndReportsNoAccuracy()
    {
        var (code, output, error) = Run("search", "--space", "nats-sss", "--n", "3");
        Assert.True(code == 0, error);
        Assert.Matches(@"run 1: \d+:\d+:\d+:\d+:\d+ \(NATS-SSS index \d+\)", output);
        Assert.Contains("3 drawn with replacement from the nats-sss space", output);
        Assert.Contains("space nats-sss has no benchmark on cifar10", output);
    }

    [Fact]
    public void SampleAndMutateFollowTheSpacesRules()
    {
        var (code, output, error) = CliRunner.RunWithoutStore("sample", "--space", "nats-sss", "--n", "3", "--sample-seed", "2");
        Assert.True(code == 0, error);
        var random = new SeededRandom(2);
        Assert.Equal(Enumerable.Range(0, 3).Select(_ => NatsSssSpace.Instance.Sample(random)), output.Trim().Split('\n'));

        (code, output, error) = CliRunner.RunWithoutStore("mutate", "--space", "nats-sss", "--arch", "8:16:24:32:40", "--n", "10", "--format", "json");
        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        int[] parent = [8, 16, 24, 32, 40];
        foreach (var child in json.RootElement.EnumerateArray())
        {
            int[] widths = NatsSssWidths.Parse(child.GetProperty("arch").GetString()!).ToArray();
            Assert.Equal(1, Enumerable.Range(0, 5).Count(l => widths[l] != parent[l]));
            Assert.StartsWith("NATS-SSS index ", child.GetProperty("id").GetString());
        }
    }

    [Theory]
    [InlineData("space nats-sss has no accuracies on cifar10 (benchmarks: none)", "correlate", "--space", "nats-sss", "--sample", "5")]
    [InlineData("space nats-sss has no accuracies on cifar100 (benchmarks: none)", "correlate", "--space", "nats-sss", "--all", "--dataset", "cifar100")]
    [InlineData("NATS-SSS architecture '8:16:24:32': expected 5 widths c0:c1:c2:c3:c4, found 4", "score", "--space", "nats-sss", "--arch", "8:16:24:32")]
    [InlineData("NATS-SSS architecture '8:16:24:32:41': width 4 is 41, not a multiple of 8", "score", "--space", "nats-sss", "--arch", "8:16:24:32:41")]
    public void BadInputIsOneLine(string expected, params string[] args)
    {
        var (code, _, error) = Run(args);
        Assert.Equal(2, code);
        Assert.Contains(expected, error);
        Assert.Single(error.Trim().Split('\n'));
    }
}
