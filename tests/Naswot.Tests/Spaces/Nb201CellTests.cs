using Naswot.Spaces;

namespace Naswot.Tests.Spaces;

public class Nb201CellTests
{
    private const string Example = "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|";

    [Fact]
    public void Parses_the_benchmark_string_edge_by_edge()
    {
        var cell = Nb201Cell.Parse(Example);
        Assert.Equal(Nb201Op.NorConv3x3, cell.Op(0, 1));
        Assert.Equal(Nb201Op.NorConv3x3, cell.Op(0, 2));
        Assert.Equal(Nb201Op.AvgPool3x3, cell.Op(1, 2));
        Assert.Equal(Nb201Op.SkipConnect, cell.Op(0, 3));
        Assert.Equal(Nb201Op.NorConv3x3, cell.Op(1, 3));
        Assert.Equal(Nb201Op.SkipConnect, cell.Op(2, 3));
        Assert.Equal(Example, cell.ToString());
    }

    [Fact]
    public void Every_cell_round_trips_through_its_string_and_ordinal()
    {
        var seen = new HashSet<string>();
        Span<Nb201Op> ops = stackalloc Nb201Op[Nb201Cell.Edges];
        for (int ordinal = 0; ordinal < Nb201Cell.Count; ordinal++)
        {
            var cell = Nb201Cell.FromOrdinal(ordinal);
            string text = cell.ToString();
            Assert.True(seen.Add(text));
            Assert.Equal(cell, Nb201Cell.Parse(text));
            for (int e = 0; e < Nb201Cell.Edges; e++) ops[e] = cell[e];
            Assert.Equal(cell, Nb201Cell.FromOps(ops));
        }
        Assert.Equal(15_625, seen.Count);
    }

    [Theory]
    [InlineData("", "starting and ending with '|'")]
    [InlineData("|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|", "found 2 group(s)")]
    [InlineData("|conv_5x5~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|", "unknown op 'conv_5x5' (valid: none, skip_connect")]
    [InlineData("|nor_conv_3x3~1|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|", "must read 'op~0'")]
    [InlineData("|nor_conv_3x3~0|+|nor_conv_3x3~0|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|", "node 2 needs 2 input edge(s)")]
    public void Malformed_strings_get_one_line_naming_the_problem(string text, string expected)
    {
        var error = Assert.Throws<ArchitectureException>(() => Nb201Cell.Parse(text));
        Assert.Contains(expected, error.Message);
        Assert.Contains($"'{text}'", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }
}
