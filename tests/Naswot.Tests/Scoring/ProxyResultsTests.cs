using System.Text.RegularExpressions;

namespace Naswot.Tests.Scoring;

/// <summary>
/// docs/results/proxies.md against its sources: each published figure against issue #13's text, and each measured
/// τ / ρ against the raw `naswot correlate` output saved beside it, so the table can drift from neither.
/// </summary>
public sealed partial class ProxyResultsTests
{
    /// <summary>
    /// Figures issue #13 quotes: MeCo ρ ≈ 0.89 on NATS-TSS CIFAR-10; SWAP ≈ 0.90 on CIFAR-100 against NASWOT's 0.80;
    /// trainable layers τ 0.63, FLOPs τ 0.62 and NASWOT τ 0.57 on CIFAR-10 (VKDNW, CVPR 2025, Table 1); AZ-NAS ρ ≈ 0.91.
    /// </summary>
    private static readonly (string Row, string[] Figures)[] Issue13 =
    [
        ("| MeCo |", ["ρ 0.89"]),
        ("| SWAP |", ["ρ 0.90", "NASWOT 0.80"]),
        ("| number of trainable layers |", ["τ 0.63"]),
        ("| FLOPs |", ["τ 0.62"]),
        ("| NASWOT |", ["τ 0.57"]),
        ("| AZ-NAS", ["ρ 0.91"]),
    ];

    /// <summary>The measured table's columns and the raw output each comes from, with the column of τ in it (test or validation).</summary>
    private static readonly (string File, bool Test)[] Columns =
    [
        ("proxies-c10.txt", true), ("proxies-c100.txt", true), ("proxies-in16.txt", true), ("proxies-nb101.txt", false), ("proxies-darts.txt", false),
    ];

    [Fact]
    public void Each_published_figure_is_the_one_issue_13_quotes()
    {
        string[] lines = File.ReadAllLines(Docs("proxies.md"));
        foreach (var (row, figures) in Issue13)
        {
            string line = Assert.Single(lines, l => l.StartsWith(row, StringComparison.Ordinal));
            foreach (string figure in figures) Assert.Contains(figure, line, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Each_measured_figure_is_the_saved_correlate_output()
    {
        string[] table = File.ReadAllLines(Docs("proxies.md"));
        string[] proxies = ["naswot", "params", "flops", "layers", "swap", "zen", "az-expressivity", "az-progressivity", "meco-opt", "meco"];
        for (int column = 0; column < Columns.Length; column++)
        {
            var measured = Measured(File.ReadAllLines(Docs(Columns[column].File)), Columns[column].Test);
            foreach (string proxy in proxies)
            {
                string row = Assert.Single(table, l => l.StartsWith($"| `{proxy}` |", StringComparison.Ordinal) && l.Count(c => c == '|') == Columns.Length + 2);
                string cell = row.Split('|')[column + 2].Trim().Replace("**", "", StringComparison.Ordinal);
                Assert.Equal(measured[proxy], cell);
            }
        }
    }

    /// <summary>Each proxy's "τ / ρ" in the first table of a `correlate` output (the all-proxies run).</summary>
    private static Dictionary<string, string> Measured(string[] output, bool test)
    {
        var figures = new Dictionary<string, string>();
        foreach (string line in output)
        {
            var m = Row().Match(line);
            if (m.Success && !figures.ContainsKey(m.Groups[1].Value))
                figures[m.Groups[1].Value] = test ? $"{m.Groups[4].Value} / {m.Groups[5].Value}" : $"{m.Groups[2].Value} / {m.Groups[3].Value}";
        }
        return figures;
    }

    private static string Docs(string file) => RepositoryFile.Find(Path.Combine("docs", "results", file));

    [GeneratedRegex(@"^  ([a-z-]+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+\d+$")]
    private static partial Regex Row();
}
