using System.Globalization;
using Naswot.Networks;
using Naswot.Spaces;

namespace Naswot.Tests.Networks;

public class Nb201NetworkTests
{
    private static IEnumerable<(Nb201Cell Cell, double Parameters)> BenchmarkParameterCounts() =>
        File.ReadLines(SharedData.Path("data", "nb201", "nb201_params.csv")).Skip(1).Select(line =>
        {
            string[] f = line.Split(',');
            return (Nb201Cell.Parse(f[1]), double.Parse(f[2], CultureInfo.InvariantCulture) * 1e6);
        });

    /// <summary>
    /// Rows of the benchmark's parameter table that are no network's count: 199 are fractional and 5 are
    /// whole numbers no NB201 network has. They are means over records of differing networks in the source
    /// table, so no builder can match them; every other row must match exactly.
    /// </summary>
    private const int InconsistentBenchmarkRows = 204;

    [Nb201DataFact]
    public void Parameter_count_of_every_network_equals_the_benchmarks()
    {
        var options = new Nb201NetworkOptions();
        long[] counts = [.. Nb201Space.Instance.All().Select(c => Nb201Network.CountParameters(c, options))];
        var attainable = counts.ToHashSet();
        int matched = 0, inconsistent = 0;
        foreach (var (cell, benchmark) in BenchmarkParameterCounts())
        {
            long ours = counts[Nb201Space.Instance.IndexOf(cell)];
            if (ours == benchmark)
            {
                matched++;
                continue;
            }
            bool noNetworkHasIt = benchmark != Math.Round(benchmark) || !attainable.Contains((long)benchmark);
            Assert.True(noNetworkHasIt, $"{cell}: ours {ours}, benchmark {benchmark}");
            inconsistent++;
        }
        Assert.Equal(Nb201Cell.Count - InconsistentBenchmarkRows, matched);
        Assert.Equal(InconsistentBenchmarkRows, inconsistent);
    }

    [Fact]
    public void Built_graphs_hold_exactly_the_counted_parameters()
    {
        // The count-only path must describe the real graph: sum the float initialisers of built models.
        foreach (var cell in Nb201Space.Instance.All().Where((_, i) => i % 1000 == 0))
        {
            var graph = Nb201Network.Build(cell, new Nb201NetworkOptions(), 2, 1);
            long inGraph = graph.Model.Graph.Initializer
                .Where(t => t.Name.EndsWith(".weight", StringComparison.Ordinal) || t.Name.EndsWith(".bias", StringComparison.Ordinal))
                .Sum(t => t.Dims.Aggregate(1L, (a, b) => a * b));
            Assert.Equal(Nb201Network.CountParameters(cell, new Nb201NetworkOptions()), inGraph + PrunedParameters(cell));
        }
    }

    /// <summary>Parameters of conv ops whose result only feeds `none` edges, which the builder leaves out of the graph.</summary>
    private static long PrunedParameters(Nb201Cell cell)
    {
        static long PerStage(int c, int k) => (long)c * c * k * k + 2L * c;
        long total = 0;
        foreach (var (_, _, kernel) in PrunedConvEdges(cell))
            foreach (int c in new[] { 16, 32, 64 }) total += 5 * PerStage(c, kernel);
        return total;
    }

    private static IEnumerable<(int From, int To, int Kernel)> PrunedConvEdges(Nb201Cell cell)
    {
        // Node 3 always matters; node j < 3 matters when a non-none edge takes it to a node that matters.
        bool[] live = [false, false, false, true];
        for (int j = 2; j >= 1; j--)
            for (int k = j + 1; k < 4; k++) live[j] |= cell.Op(j, k) != Nb201Op.None && live[k];
        for (int to = 1; to < 4; to++)
            for (int from = 0; from < to; from++)
                if (cell.Op(from, to).IsConvolution() && !live[to]) yield return (from, to, cell.Op(from, to) == Nb201Op.NorConv1x1 ? 1 : 3);
    }

    [Fact]
    public void Every_relu_input_is_tapped_with_its_wrappers()
    {
        // All-conv cell: every node 0..2 feeds 3−j convolutions; two reduction blocks add 2 wrapped taps each; BN+ReLU adds one.
        var cell = Nb201Cell.Parse("|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|");
        var graph = Nb201Network.Build(cell, new Nb201NetworkOptions(), 2, 1);
        int relus = graph.Taps.Sum(t => t.Relus);
        int wrappers = graph.Taps.Sum(t => t.Wrappers);
        Assert.Equal(15 * 6 + 4 + 1, relus);
        Assert.Equal(15 * 6 + 4, wrappers);
        Assert.Equal(15 * 3 + 4 + 1, graph.Taps.Count);
    }

    /// <summary>
    /// SHA-256 of the ONNX bytes of NB201 networks (batch 128, init seed 1) as commit 83c6e4f, the last release before
    /// the engine redesign, built them: a change here changes NB201 scores, which must bump the naswot proxy's version.
    /// The whole space (all 15,625 cells on both image sizes) was compared when this was written.
    /// </summary>
    [Theory]
    [InlineData(0, 10, "C173C44672E9D743D36EF1821AE828FBEA6B9F43160E5D0DC46CCD8A02FDFE8C")]
    [InlineData(1, 10, "B819C03CB8B40939CD1D6AA5F98B8ABE82EAC7A3F3F70652D6384F29A542EAF8")]
    [InlineData(2222, 10, "8E99A63DC66F0D00E4500D56CC881FA80FCBCFC4F1704BB6BA40BA94FA3DC12E")]
    [InlineData(9930, 10, "F729ADA56A071551C63E2D8FE1C0459174949BFB1256C9760A76696B9FEA8244")]
    [InlineData(15624, 10, "80766F287534E2D889E0861E99D69AC7EFB1B0E2D41A3B90662986C9ECBC4645")]
    [InlineData(0, 120, "D3682854A92DD5A06B73182B241B8B5C641F60F67DB59A713EFEBD251E19E8A8")]
    [InlineData(5000, 120, "081BAEB4CC15D23160EDDC880F3B68FC7199F0CDC04C271E5309D8791A0BA1F6")]
    [InlineData(15624, 120, "833FC0DBB7F5FA9A188B11EC204F39895D241C6706DA3AE5D7E2A178156E242D")]
    public void Graphs_are_byte_identical_to_the_last_release_before_the_engine(int index, int classes, string sha256)
    {
        var options = new Nb201NetworkOptions { Classes = classes, ImageSize = classes == 120 ? 16 : 32 };
        var graph = Nb201Network.Build(Nb201Space.Instance.CellAt(index), options, 128, 1);
        Assert.Equal(sha256, Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(graph.ToOnnxBytes())));
    }
}
