using System.Globalization;
using System.Text.Json;

namespace Naswot.Tests.Cli;

/// <summary>Several proxies on the command line: one column each, one stored row each, the rank ensemble on request.</summary>
public class ProxyCommandTests
{
    private const string Conv = "|nor_conv_3x3~0|+|nor_conv_1x1~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|none~2|";
    private const string Skips = "|skip_connect~0|+|skip_connect~0|skip_connect~1|+|skip_connect~0|skip_connect~1|skip_connect~2|";

    [Fact]
    public void Score_writes_one_column_per_proxy_each_as_it_scores_alone_and_reuses_stored_ones()
    {
        using var cli = new CliRunner();
        string file = Path.Combine(cli.Folder, "archs.txt");
        File.WriteAllLines(file, [Conv, Skips]);
        var (code, output, error) = cli.Run("score", "--archs-file", file, "--batch-size", "16", "--proxy", "naswot,swap,layers", "--combine", "rank");
        Assert.True(code == 0, error);
        var lines = output.Trim().Split('\n');
        Assert.StartsWith("arch,naswot,swap,layers,ensemble,", lines[0]);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(["53", "8"], rows.Select(r => r[3]));
        foreach (var (proxy, column) in new[] { ("naswot", 1), ("swap", 2) })
        {
            var (aloneCode, alone, aloneError) = cli.Run("score", "--archs-file", file, "--batch-size", "16", "--proxy", proxy);
            Assert.True(aloneCode == 0, aloneError);
            var aloneRows = alone.Trim().Split('\n').Skip(1).Select(l => l.Split(',')).ToList();
            Assert.Equal(rows.Select(r => r[column]), aloneRows.Select(r => r[1]));
            Assert.All(aloneRows, r => Assert.Equal("1", r[4]));
        }
        // The conv cell beats the skips on all three: ensemble 0, the skips log(1/2) three times.
        Assert.Equal(0, double.Parse(rows[0][4], CultureInfo.InvariantCulture), 3);
        Assert.Equal(3 * Math.Log(0.5), double.Parse(rows[1][4], CultureInfo.InvariantCulture), 3);
    }

    [Fact]
    public void Correlate_reports_each_proxy_and_the_ensemble_and_the_ensemble_name_expands_to_the_recommended_set()
    {
        using var cli = new CliRunner();
        var (code, output, error) = cli.Run("correlate", "--sample", "8", "--batch-size", "16", "--proxy", "ensemble", "--format", "json");
        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        var proxies = json.RootElement.GetProperty("proxies").EnumerateArray().Select(p => p.GetProperty("proxy").GetString()).ToList();
        Assert.Equal([.. Naswot.Scoring.RankEnsemble.Recommended, "ensemble"], proxies);
        Assert.Equal("rank", json.RootElement.GetProperty("combine").GetString());
    }

    [Fact]
    public void Combining_one_proxy_or_naming_an_unknown_one_is_a_one_line_error()
    {
        using var cli = new CliRunner();
        var (code, _, error) = cli.Run("score", "--arch", Conv, "--batch-size", "16", "--combine", "rank");
        Assert.Equal(2, code);
        Assert.Contains("two or more proxies", error);
        (code, _, error) = cli.Run("score", "--arch", Conv, "--batch-size", "16", "--proxy", "naswot,nope");
        Assert.Equal(2, code);
        Assert.Contains("nope", error);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public void Search_reports_each_proxys_pick_and_the_ensembles()
    {
        using var cli = new CliRunner();
        var (code, output, error) = cli.Run("search", "--n", "4", "--batch-size", "16", "--proxy", "flops,layers", "--combine", "rank");
        Assert.True(code == 0, error);
        var picks = output.Split('\n').Where(l => l.StartsWith("  ", StringComparison.Ordinal) && l.Contains(", score ", StringComparison.Ordinal)).ToList();
        Assert.Equal(["flops", "layers", "ensemble"], picks.Select(l => l.Trim().Split(' ')[0]));
    }
}
