using Naswot.Cli;
using Naswot.Spaces;
using Naswot.Tests.Spaces;

namespace Naswot.Tests.Cli;

/// <summary>The NDS cell spaces through the commands, end to end on the bundled CIFAR-10 images, with a store of their own.</summary>
public sealed class NdsCommandTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    private (int Code, string Output, string Error) Run(params string[] args) => _cli.Run([.. args, "--batch-size", "16"]);

    [Fact]
    public void Score_takes_width_and_depth_as_options_or_from_the_texts_suffix_which_wins()
    {
        var (code, output, error) = Run("score", "--space", "nds-darts", "--arch", NdsGenotypes.DartsV2, "--width", "16", "--depth", "8");
        Assert.True(code == 0, error);
        Assert.Contains(NdsGenotypes.DartsV2 + ";width=16;depth=8", output);
        Assert.DoesNotContain("from store", output);

        // The same network written with its suffix, which wins over the options: the stored score.
        (code, output, error) = Run("score", "--space", "nds-darts", "--arch", NdsGenotypes.DartsV2 + ";width=16;depth=8", "--width", "24");
        Assert.True(code == 0, error);
        Assert.Contains(NdsGenotypes.DartsV2 + ";width=16;depth=8", output);
        Assert.Contains("from store", output);
    }

    [Fact]
    public void Sample_and_mutate_follow_the_spaces_rules()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        Assert.True(NaswotCli.Run(["sample", "--space", "nds-enas", "--n", "2", "--sample-seed", "3"], output, error) == 0, error.ToString());
        string[] lines = output.ToString().Trim().Split('\n');
        var random = new SeededRandom(3);
        Assert.Equal([NdsSpace.Enas.Sample(random), NdsSpace.Enas.Sample(random)], lines);
        Assert.All(lines, line => Assert.Matches(@"^Genotype\(normal=\[.*\);width=(16|24|32);depth=(4|8|12|16|20)$", line));

        output = new StringWriter();
        Assert.True(NaswotCli.Run(["mutate", "--space", "nds-darts", "--arch", NdsGenotypes.DartsV2, "--n", "3"], output, error) == 0, error.ToString());
        Assert.All(output.ToString().Trim().Split('\n'), line => Assert.NotEqual(NdsGenotypes.DartsV2 + ";width=32;depth=8", NdsSpace.Darts.Canonicalize(line)));
    }

    [Fact]
    public void Correlate_ranks_nb301_genotypes_against_their_surrogate_predictions()
    {
        var (code, output, error) = Run("correlate", "--space", "nds-darts", "--sample", "4");
        Assert.True(code == 0, error);
        Assert.Contains("4 distinct architectures drawn uniformly from the benchmark's 1218", output);
        Assert.Contains("Kendall τ-b", output);
        Assert.Contains("NAS-Bench-301 SURROGATE PREDICTIONS", output);
    }

    [Theory]
    [InlineData("Genotype(normal=[('sep_conv_3x3', 0)])", "field 'normal_concat' missing")]
    [InlineData("sep_conv_3x3", "malformed genotype at character 1: expected 'Genotype'")]
    [InlineData(NdsGenotypes.NasNet, "normal has 10 ops; nds-darts cells have 8 (4 nodes of 2 ops)")]
    [InlineData(NdsGenotypes.DartsV2 + ";width=1000", "width=1000: expected an integer 1..512")]
    public void Bad_architectures_are_one_line_and_exit_2(string arch, string expected)
    {
        var (code, _, error) = Run("score", "--space", "nds-darts", "--arch", arch);
        Assert.Equal(2, code);
        Assert.Contains(expected, error);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public void A_width_option_out_of_range_is_one_line_and_exit_2()
    {
        var (code, _, error) = Run("score", "--space", "nds-darts", "--arch", NdsGenotypes.DartsV2, "--depth", "0");
        Assert.Equal(2, code);
        Assert.Contains("depth '0': expected an integer 1..100", error);
        Assert.Single(error.Trim().Split('\n'));
    }
}
