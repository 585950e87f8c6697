using System.Globalization;

namespace Naswot.Tests.Cli;

public class ScoreCommandTests
{
    private const string Conv3x3 = "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|";
    private const string Singular = "|none~0|+|skip_connect~0|avg_pool_3x3~1|+|none~0|skip_connect~1|none~2|";

    /// <summary>The original implementation's scores (PyTorch, three init seeds) on the same 128 images.</summary>
    private static IEnumerable<(string Arch, double Reference, double Once)> ReferenceScores() =>
        File.ReadLines(SharedData.Path("reference", "nb201_reference_scores.csv")).Skip(1).Select(line =>
        {
            string[] f = line.Split(',');
            return (f[0], ParseScore(f[2]), ParseScore(f[3]));
        });

    private static double ParseScore(string text) => text == "-inf" ? double.NegativeInfinity : double.Parse(text, CultureInfo.InvariantCulture);

    [Nb201DataFact]
    public void Scores_match_the_original_implementation_within_its_seed_spread()
    {
        // Our weights come from another generator, so only the level can match: the reference moves up to ~20 between seeds.
        var references = ReferenceScores().GroupBy(r => r.Arch).ToList();
        using var cli = new CliRunner();
        string file = Path.Combine(cli.Folder, "archs.txt");
        File.WriteAllLines(file, references.Select(g => g.Key));
        foreach (string mode in new[] { "reference", "once" })
        {
            var (code, output, error) = cli.Run("score", "--archs-file", file, "--relu-count", mode);
            Assert.True(code == 0, error);
            var rows = output.Trim().Split('\n').Skip(1).Select(l => l.Split(',')).ToList();
            Assert.Equal(references.Select(g => g.Key), rows.Select(r => r[0]));
            foreach (var (group, row) in references.Zip(rows))
            {
                var expected = group.Select(r => mode == "reference" ? r.Reference : r.Once).ToList();
                if (double.IsNegativeInfinity(expected[0]))
                {
                    Assert.Equal("-inf", row[1]);
                    Assert.Equal("singular", row[2]);
                    continue;
                }
                double ours = double.Parse(row[1], CultureInfo.InvariantCulture);
                Assert.InRange(ours, expected.Min() - 20, expected.Max() + 20);
            }
        }
    }

    [Fact]
    public void Init_seed_moves_scores_far_less_than_the_architecture_does()
    {
        using var cli = new CliRunner();
        double Score(string arch, int seed)
        {
            var (code, output, error) = cli.Run("score", "--arch", arch, "--seed", seed.ToString(CultureInfo.InvariantCulture), "--batch-size", "64", "--format", "csv");
            Assert.True(code == 0, error);
            return double.Parse(output.Split('\n')[1].Split(',')[1], CultureInfo.InvariantCulture);
        }
        const string Skips = "|skip_connect~0|+|skip_connect~0|skip_connect~1|+|skip_connect~0|skip_connect~1|skip_connect~2|";
        double[] conv = [Score(Conv3x3, 1), Score(Conv3x3, 2), Score(Conv3x3, 3)];
        double[] skip = [Score(Skips, 1), Score(Skips, 2), Score(Skips, 3)];
        double acrossCells = conv.Average() - skip.Average();
        Assert.True(acrossCells > 5 * (conv.Max() - conv.Min()), $"conv {string.Join(' ', conv)}");
        Assert.True(acrossCells > 5 * (skip.Max() - skip.Min()), $"skip {string.Join(' ', skip)}");
    }

    [Fact]
    public void Text_output_carries_the_settings_and_singular_kernels_print_minus_infinity()
    {
        using var cli = new CliRunner();
        var (code, output, _) = cli.Run("score", "--arch", Singular, "--batch-size", "32", "--seed", "4");
        Assert.Equal(0, code);
        Assert.StartsWith("-inf  " + Singular, output);
        Assert.Contains("space nb201, data cifar10 data_batch_1_first1024.bin first 32, batch 32, init seed 4, proxy naswot v1 (relu-count reference)", output);

        var again = cli.Run("score", "--arch", Singular, "--batch-size", "32", "--seed", "4", "--format", "json");
        Assert.Contains("\"status\": \"singular\"", again.Output);
        Assert.Contains("\"from_store\": true", again.Output);
    }

    [Theory]
    [InlineData("unknown op 'conv_9x9'", "score", "--arch", "|conv_9x9~0|+|none~0|none~1|+|none~0|none~1|none~2|")]
    [InlineData("expected 3 node groups", "score", "--arch", "|none~0|")]
    [InlineData("no such file or folder", "score", "--arch", Singular, "--data", "/no/such/file.bin")]
    [InlineData("unknown search space 'nb999'", "score", "--space", "nb999", "--arch", Singular)]
    [InlineData("--relu-count 'twice': expected reference or once", "score", "--arch", Singular, "--relu-count", "twice")]
    [InlineData("give exactly one of --arch or --archs-file", "score")]
    public void Bad_input_gets_one_line_and_a_nonzero_exit(string expected, params string[] args)
    {
        using var cli = new CliRunner();
        var (code, output, error) = cli.Run(args);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains(expected, error);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public void Truncated_data_file_is_named_in_the_error()
    {
        using var cli = new CliRunner();
        string truncated = Path.Combine(cli.Folder, "data_batch_1.bin");
        File.WriteAllBytes(truncated, new byte[3073 * 10 + 100]);
        var (code, _, error) = cli.Run("score", "--arch", Singular, "--data", truncated);
        Assert.Equal(2, code);
        Assert.Contains(truncated, error);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public void Archs_file_keeps_input_order_and_names_bad_lines()
    {
        using var cli = new CliRunner();
        string file = Path.Combine(cli.Folder, "archs.txt");
        File.WriteAllLines(file, [Singular, "# a comment", Conv3x3.Replace("nor_conv_3x3", "skip_connect"), Singular]);
        var (code, output, error) = cli.Run("score", "--archs-file", file, "--batch-size", "16");
        Assert.True(code == 0, error);
        var archs = output.Trim().Split('\n').Skip(1).Select(l => l.Split(',')[0]).ToList();
        Assert.Equal([Singular, Conv3x3.Replace("nor_conv_3x3", "skip_connect"), Singular], archs);

        File.WriteAllLines(file, [Singular, "|bad~0|"]);
        var bad = cli.Run("score", "--archs-file", file);
        Assert.Equal(2, bad.Code);
        Assert.Contains("line 2", bad.Error);
    }
}
