using System.Text.Json;
using Naswot.Cli;

namespace Naswot.Tests.Cli;

/// <summary>The commands end to end on a few cells of the bundled data, with a store of their own.</summary>
public sealed class CommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("naswot-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private (int Code, string Output, string Error) Run(params string[] args) =>
        args[0] is "sample" or "mutate" or "export" or "spaces" or "proxies" ? Bare(args) : Bare([.. args, "--batch-size", "16", "--store", Path.Combine(_folder, "scores.db")]);

    private static (int Code, string Output, string Error) Bare(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = NaswotCli.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void CorrelateReportsBothStatisticsWritesThePlotAndReusesTheStore()
    {
        string plot = Path.Combine(_folder, "c.png");
        var (code, output, error) = Run("correlate", "--sample", "5", "--format", "json", "--plot", plot);
        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(5, root.GetProperty("cells").GetInt32());
        Assert.InRange(root.GetProperty("kendall_tau_test").GetDouble(), -1, 1);
        Assert.InRange(root.GetProperty("spearman_rho_validation").GetDouble(), -1, 1);
        Assert.Equal(0, root.GetProperty("from_store").GetInt32());
        Assert.Contains("batch 16", root.GetProperty("settings").GetString());
        Assert.True(new FileInfo(plot).Length > 1000);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(plot)[..4]);

        (code, output, _) = Run("correlate", "--sample", "5");
        Assert.Equal(0, code);
        Assert.Contains("Kendall τ-b", output);
        Assert.Contains("5 scores: 5 from the store, 0 computed", output);
    }

    [Theory]
    [InlineData("nb201")]
    [InlineData("nb101")]
    public void BenchReportsEveryPhaseBothLayoutsAndItsSettings(string space)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = NaswotCli.Run(["bench", "--space", space, "--archs", "2", "--batch-size", "8", "--format", "json"], output, error);
        Assert.True(code == 0, error.ToString());
        using var json = JsonDocument.Parse(output.ToString());
        var root = json.RootElement;
        Assert.Contains("batch 8", root.GetProperty("settings").GetString());
        Assert.StartsWith($"space {space}", root.GetProperty("settings").GetString());
        Assert.Equal(SearchSpaces.Get(space).Space.Largest, root.GetProperty("largest_cell").GetString());
        Assert.True(root.GetProperty("sgemm_gflops").GetDouble() > 0);
        foreach (var phase in new[] { "build", "session", "forward", "proxy" })
            Assert.True(root.GetProperty("median").GetProperty(phase).GetDouble() > 0, phase);
        var steps = root.GetProperty("proxy_steps").EnumerateArray().ToList();
        Assert.Equal(["code packing", "Hamming kernel", "log-det"], steps.Select(s => s.GetProperty("name").GetString()));
        Assert.All(steps, s => Assert.True(s.GetProperty("seconds").GetDouble() > 0));
        var layouts = root.GetProperty("throughput").EnumerateArray().ToList();
        Assert.Contains(layouts, l => l.GetProperty("workers").GetInt32() == 1);
        Assert.All(layouts, l => Assert.Equal(
            l.GetProperty("scoring_seconds_per_cell").GetDouble() / l.GetProperty("bare_seconds_per_cell").GetDouble(), l.GetProperty("ratio").GetDouble(), 9));
        Assert.True(root.GetProperty("peak_memory_mebibytes").GetDouble() > 0);
    }

    [Fact]
    public void SearchReturnsTheBestOfN()
    {
        var (code, output, error) = Run("search", "--n", "4", "--runs", "2");
        Assert.True(code == 0, error);
        Assert.Contains("run 1: |", output);
        Assert.Contains("run 2: |", output);
        Assert.Contains("4 drawn with replacement from the nb201 space", output);
        Assert.Contains("mean ± std over 2 runs", output);
        Assert.Contains("wall-clock", output);
    }

    [Fact]
    public void ExperimentOnASubsetIsLabelledAndHasEveryRow()
    {
        var (code, output, error) = Run("experiment", "nb201", "--sample", "6", "--runs", "20", "--dataset", "cifar100");
        Assert.True(code == 0, error);
        Assert.Contains("NOT the paper's protocol", output);
        Assert.Contains("| NASWOT (N=100) |", output);
        Assert.Contains("| 69.35 ± 1.70 | 69.48 ± 1.70 |", output);
        Assert.Contains("| Optimal (N=10) |", output);
        Assert.Contains("| Random |", output);
    }

    [Fact]
    public void SampleAndMutateFollowTheSpacesRulesAndTheSeed()
    {
        var (code, output, error) = Run("sample", "--n", "5", "--sample-seed", "3");
        Assert.True(code == 0, error);
        string[] drawn = output.Trim().Split('\n');
        var random = new SeededRandom(3);
        Assert.Equal(Enumerable.Range(0, 5).Select(_ => Naswot.Spaces.Nb201Space.Instance.Sample(random)), drawn);

        (code, output, error) = Run("mutate", "--arch", drawn[0], "--n", "20", "--format", "json");
        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        var parent = Naswot.Spaces.Nb201Cell.Parse(drawn[0]);
        foreach (var child in json.RootElement.EnumerateArray())
        {
            var cell = Naswot.Spaces.Nb201Cell.Parse(child.GetProperty("arch").GetString()!);
            Assert.Equal(1, Enumerable.Range(0, Naswot.Spaces.Nb201Cell.Edges).Count(e => cell[e] != parent[e]));
            Assert.StartsWith("NB201 index ", child.GetProperty("id").GetString());
        }
    }

    [Fact]
    public void SpacesAndProxiesListTheRegistries()
    {
        var (code, output, error) = Run("spaces", "--format", "json");
        Assert.True(code == 0, error);
        using var spaces = JsonDocument.Parse(output);
        Assert.Equal(SearchSpaces.All.Select(s => s.Name), spaces.RootElement.EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        (code, output, error) = Run("proxies");
        Assert.True(code == 0, error);
        Assert.All(Naswot.Scoring.ProxyRegistry.All, p => Assert.Contains(p.Name + " v", output));
    }

    [Fact]
    public void ExportWritesAModelOnnxRuntimeLoadsWithAnyBatchSize()
    {
        string file = Path.Combine(_folder, "net.onnx");
        var (code, output, error) = Run("export", "--space", "nb101", "--arch", "010001000:input,conv3x3,output",
            "--classes", "7", "--out", file);
        Assert.True(code == 0, error);
        Assert.Contains("NB101 hash", output);
        Assert.Contains("batch×3×32×32", output);
        using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(file);
        var logits = Assert.Single(session.OutputMetadata);
        Assert.Equal([-1, 7], logits.Value.Dimensions);
        Assert.False(File.Exists(file + ".partial"));
    }

    [Theory]
    [InlineData("--out: give the ONNX file to write", "export", "--arch", "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|")]
    [InlineData("expected a .onnx file name", "export", "--arch", "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|", "--out", "x.txt")]
    [InlineData("--stem-channels: a setting of space nb101, not of space nb201", "export", "--arch", "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|", "--out", "x.onnx", "--stem-channels", "32")]
    [InlineData("--arch: give the architecture to mutate", "mutate")]
    [InlineData("--n 0: expected", "sample", "--n", "0")]
    [InlineData("unknown search space 'nb999'", "sample", "--space", "nb999")]
    [InlineData("give exactly one of --sample K or --all", "correlate")]
    [InlineData("--runs 0: expected 1 or more", "experiment", "nb201", "--sample", "3", "--runs", "0")]
    [InlineData("--plot", "correlate", "--sample", "3", "--plot", "/nonexistent-folder/x.png")]
    [InlineData("--format 'xml'", "correlate", "--sample", "3", "--format", "xml")]
    public void BadInputIsOneLine(string expected, params string[] args)
    {
        var (code, _, error) = Run(args);
        Assert.Equal(2, code);
        Assert.Contains(expected, error);
        Assert.Single(error.Trim().Split('\n'));
    }
}
