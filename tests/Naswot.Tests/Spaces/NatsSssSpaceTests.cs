using Naswot.Spaces;

namespace Naswot.Tests.Spaces;

public class NatsSssSpaceTests
{
    private static readonly NatsSssSpace Space = NatsSssSpace.Instance;

    /// <summary>
    /// NATS-Bench's own enumeration, re-derived: widths nested with the first layer outermost, each 8..64 by 8
    /// (<c>traverse_net</c>, D-X-Y/AutoDL-Projects@f46486e2:exps/NATS-Bench/main-sss.py), numbered in that order.
    /// </summary>
    private static IEnumerable<string> TraverseNet()
    {
        IEnumerable<string> nets = [""];
        for (int layer = 0; layer < 5; layer++)
        {
            var previous = nets.ToList();
            nets = previous.SelectMany(net => Enumerable.Range(1, 8).Select(i => net.Length == 0 ? $"{8 * i}" : $"{net}:{8 * i}"));
        }
        return nets;
    }

    [Fact]
    public void Every_architecture_round_trips_through_its_text_and_the_benchmarks_index()
    {
        string[] expected = [.. TraverseNet()];
        Assert.Equal(32_768, expected.Length);
        Assert.Equal(expected.Length, Space.Size);
        Assert.True(Space.IsEnumerable);
        Assert.Equal(expected, Space.Enumerate());
        for (int index = 0; index < expected.Length; index++)
        {
            var widths = NatsSssWidths.Parse(expected[index]);
            Assert.Equal(index, widths.Index);
            Assert.Equal(expected[index], NatsSssWidths.FromIndex(index).ToString());
            Assert.Equal(expected[index], Space.Canonicalize(expected[index]));
            Assert.Equal($"NATS-SSS index {index}", Space.Identify(expected[index]));
        }
    }

    [Theory]
    [InlineData("8:8:8:8:8", 0)]
    [InlineData("8:8:8:16:32", 11)]
    [InlineData("8:8:40:32:40", 284)]
    [InlineData("64:64:64:64:64", 32_767)]
    public void Indices_of_the_benchmarks_published_checkpoints(string text, int index)
    {
        // The three architectures NATS-Bench ships as examples (D-X-Y/NATS-Bench@1d4a304a:fake_torch_dir/NATS-sss-v1_0-50262-simple/000000, 000011, 000284).
        Assert.Equal(index, NatsSssWidths.Parse(text).Index);
        Assert.Equal([.. text.Split(':').Select(int.Parse)], NatsSssWidths.FromIndex(index).ToArray());
    }

    [Theory]
    [InlineData(" 8:16:24:32:40 ", "8:16:24:32:40")]
    [InlineData("08:16: 24 :32:40", "8:16:24:32:40")]
    public void Canonical_text_drops_spaces_and_leading_zeros(string text, string canonical) =>
        Assert.Equal(canonical, Space.Canonicalize(text));

    [Theory]
    [InlineData("8:16:24:32", "expected 5 widths c0:c1:c2:c3:c4, found 4")]
    [InlineData("8:16:24:32:40:48", "expected 5 widths c0:c1:c2:c3:c4, found 6")]
    [InlineData("", "expected 5 widths c0:c1:c2:c3:c4, found 1")]
    [InlineData("8:16:24:32:41", "width 4 is 41, not a multiple of 8")]
    [InlineData("12:16:24:32:40", "width 0 is 12, not a multiple of 8")]
    [InlineData("8:16:24:72:40", "width 3 is 72, outside 8..64")]
    [InlineData("0:16:24:32:40", "width 0 is 0, outside 8..64")]
    [InlineData("8:x:24:32:40", "width 1 'x' is not a number")]
    [InlineData("8:-8:24:32:40", "width 1 '-8' is not a number")]
    [InlineData("8:16:24.0:32:40", "width 2 '24.0' is not a number")]
    [InlineData("8:16::32:40", "width 2 '' is not a number")]
    public void Bad_text_is_one_line_naming_the_problem(string text, string problem)
    {
        var error = Assert.Throws<ArchitectureException>(() => Space.Canonicalize(text));
        Assert.Equal($"NATS-SSS architecture '{text.Trim()}': {problem}", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Out_of_range_indices_and_widths_are_rejected()
    {
        Assert.Throws<ArchitectureException>(() => NatsSssWidths.FromIndex(-1));
        Assert.Throws<ArchitectureException>(() => NatsSssWidths.FromIndex(32_768));
        Assert.Throws<ArgumentException>(() => NatsSssWidths.FromWidths([8, 8, 8, 8]));
        Assert.Throws<ArgumentException>(() => NatsSssWidths.FromWidths([8, 8, 8, 8, 20]));
    }

    [Fact]
    public void A_mutation_changes_exactly_one_width_to_another_allowed_one()
    {
        var random = new SeededRandom(3);
        var neighbours = new HashSet<string>();
        var parent = NatsSssWidths.Parse("8:16:24:32:64");
        for (int i = 0; i < 2000; i++)
        {
            var child = Space.MutateWidths(parent, random);
            int[] a = parent.ToArray(), b = child.ToArray();
            int[] changed = [.. Enumerable.Range(0, 5).Where(l => a[l] != b[l])];
            Assert.Single(changed);
            Assert.Contains(b[changed[0]], new[] { 8, 16, 24, 32, 40, 48, 56, 64 });
            neighbours.Add(child.ToString());
        }
        // Five layers, each to any of its seven other widths: every one of the 35 neighbours comes up.
        Assert.Equal(35, neighbours.Count);
        string text = Space.Mutate("64:64:64:64:64", new SeededRandom(1));
        Assert.Equal(4, text.Split(':').Count(w => w == "64"));
    }

    [Fact]
    public void Samples_are_uniform_over_each_width()
    {
        var random = new SeededRandom(5);
        var counts = new int[5, 8];
        const int Draws = 16_000;
        for (int i = 0; i < Draws; i++)
        {
            int[] widths = NatsSssWidths.Parse(Space.Sample(random)).ToArray();
            for (int l = 0; l < 5; l++) counts[l, widths[l] / 8 - 1]++;
        }
        // 2,000 expected per cell; a binomial standard deviation is 42, so ±200 is more than 4.7σ.
        for (int l = 0; l < 5; l++)
            for (int w = 0; w < 8; w++)
                Assert.InRange(counts[l, w], 1800, 2200);
    }

    [Fact]
    public void The_space_is_registered_without_a_benchmark()
    {
        var registered = SearchSpaces.Get("nats-sss");
        Assert.Same(Space, registered.Space);
        Assert.Empty(registered.Benchmarks);
        Assert.Empty(registered.Settings);
        Assert.Equal("64:64:64:64:64", Space.Largest);
        Assert.Equal("|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|", NatsSssSpace.Cell.ToString());
    }
}
