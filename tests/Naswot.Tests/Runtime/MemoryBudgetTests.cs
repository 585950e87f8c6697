using System.Globalization;
using CsCheck;
using Naswot.Data;
using Naswot.Networks;
using Naswot.Runtime;

namespace Naswot.Tests.Runtime;

/// <summary>A network's memory is estimated before it runs, from its graph, and one that does not fit is refused with a batch size that does.</summary>
public sealed class MemoryBudgetTests
{
    [Fact]
    public void Peak_activations_follow_the_tensors_alive_at_once()
    {
        var g = new OnnxGraphBuilder(1);
        string x = g.Input(4, 3, 8, 8);
        string c = g.Conv(x, 16, 3, 1, 1, "c");
        g.Tap(c, inWrapper: false);
        string r = g.Relu(c);
        string d = g.Conv(r, 16, 3, 1, 1, "d");
        string sum = g.Add(d, c);
        var graph = g.Build(g.Linear(g.GlobalAveragePool(sum), 10, "fc"));

        // By hand, in bytes: the input (4·3·8·8 floats) stays; c (4·16·8·8 floats) and its signs (as many bools)
        // live until the Add; r lives until d is made. The most alive at once is input + c + signs + r + d.
        const long input = 4 * 3 * 8 * 8 * 4, tensor = 4 * 16 * 8 * 8 * 4, signs = 4 * 16 * 8 * 8;
        Assert.Equal(input + tensor + signs + tensor + tensor, graph.PeakActivationBytes);
        Assert.Equal(graph.PeakActivationBytes + graph.PeakActivationBytes / 4 + 3 * graph.WeightBytes + (32L << 20), graph.EstimatedBytes);
        // Two convs, the linear layer, and the 0 the sign node compares with.
        Assert.Equal(4L * (16 * 3 * 9 + 16 * 16 * 9 + 16 * 10 + 10 + 1), graph.WeightBytes);
    }

    [Fact]
    public void Activations_grow_with_the_batch_and_weights_do_not()
    {
        var space = SearchSpaces.Get("nb201");
        NetworkGraph At(int batch) => space.Networks.Build(space.Space.Largest,
            new NetworkSpec(NetworkShape.Of(Datasets.Get("cifar10")), batch, 1, space.NetworkSettings(SettingValues.None)));
        var (small, large) = (At(32), At(64));
        Assert.Equal(2.0, (double)large.PeakActivationBytes / small.PeakActivationBytes, 2);
        Assert.Equal(small.WeightBytes, large.WeightBytes);
    }

    [Fact]
    public void A_network_past_its_share_is_refused_with_a_batch_size_that_fits()
    {
        var space = SearchSpaces.Get("nds-darts");
        NetworkGraph At(int batch) => space.Networks.Build(space.Space.Largest,
            new NetworkSpec(NetworkShape.Of(Datasets.Get("cifar10")), batch, 1, space.NetworkSettings(SettingValues.None)));
        var graph = At(128);
        long limit = graph.EstimatedBytes; // room for one such network, not two
        MemoryBudget.Check(graph, 128, 1, limit, "the network");
        var error = Assert.Throws<NaswotException>(() => MemoryBudget.Check(graph, 128, 2, limit, "the network"));
        Assert.StartsWith($"the network needs about {MemoryBudget.Format(graph.EstimatedBytes)} at batch 128", error.Message);
        Assert.Contains("(one of 2 networks scored at once)", error.Message);
        int fits = int.Parse(error.Message.Split("use --batch-size ")[1].Split(' ')[0], CultureInfo.InvariantCulture);
        Assert.InRange(fits, 2, 127);
        MemoryBudget.Check(At(fits), fits, 2, limit, "the network");
        Assert.Contains("does not fit at any batch size", Assert.Throws<NaswotException>(() => MemoryBudget.Check(graph, 128, 1, 1 << 20, "x")).Message);
    }

    [Theory]
    [InlineData("8G", 8L << 30)]
    [InlineData("512m", 512L << 20)]
    [InlineData("1.5GiB", 3L << 29)]
    [InlineData(" 64 KB ", 64L << 10)]
    [InlineData("1048576", 1L << 20)]
    [InlineData("2T", 2L << 40)]
    public void Sizes_are_read_as_people_write_them(string text, long bytes)
    {
        Assert.True(MemoryBudget.TryParse(text, out long parsed));
        Assert.Equal(bytes, parsed);
    }

    [Fact]
    public void Sizes_agree_with_a_naive_reading_of_any_text()
    {
        string[] units = ["", "k", "K", "KB", "KiB", "m", "M", "MB", "MiB", "g", "G", "GB", "GiB", "t", "T", "TB", "TiB", "B", "b", "X", "kk", "-", " G"];
        Gen.Select(Gen.String[Gen.Char["0123456789."], 0, 12], Gen.Int[0, units.Length - 1]).Sample((number, u) =>
        {
            string text = number + units[u];
            bool ok = MemoryBudget.TryParse(text, out long bytes);
            // Naively: a plain decimal (digits, at most one point inside), a known unit, a whole byte count of 1 or more that fits a long.
            // The unit's power of 1024 is the place of its first letter in "BKMGT", with nothing, "B", "iB" or "B" after a prefix.
            string unit = units[u].Trim().ToUpperInvariant();
            int power = unit.Length == 0 ? 0 : "BKMGT".IndexOf(unit[0], StringComparison.Ordinal);
            if (power > 0 && unit[1..] is not ("" or "B" or "IB")) power = -1;
            if (power == 0 && unit.Length > 1) power = -1;
            bool plain = number.Length > 0 && number.Count(ch => ch == '.') <= 1 && number[0] != '.' && number[^1] != '.';
            decimal? expected = null;
            if (power >= 0 && plain && decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal value))
            {
                decimal scaled = Math.Floor(value * (decimal)Math.Pow(1024, power));
                if (scaled >= 1 && scaled <= long.MaxValue) expected = scaled;
            }
            Assert.Equal(expected is not null, ok);
            if (ok) Assert.Equal(expected, bytes);
        }, iter: 5000);
    }

    [Fact]
    public void Sizes_print_in_the_largest_whole_unit()
    {
        Assert.Equal("512 B", MemoryBudget.Format(512));
        Assert.Equal("1.5 GiB", MemoryBudget.Format(3L << 29));
        Assert.Equal("96 MiB", MemoryBudget.Format(96L << 20));
        Assert.True(MemoryBudget.Default > 0);
    }
}
