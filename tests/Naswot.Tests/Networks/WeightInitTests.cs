using Naswot.Networks;
using static Naswot.Tests.Networks.NaiveTensorOps;

namespace Naswot.Tests.Networks;

/// <summary>
/// NextGaussian and the inits, checked statistically on many draws and large layers from fixed seeds (so the outcomes are fixed;
/// the tolerances are several standard errors wide).
/// </summary>
public class WeightInitTests
{
    [Fact]
    public void NextGaussian_draws_standard_normals_reproducibly()
    {
        var random = new SeededRandom(7);
        double[] draws = [.. Enumerable.Range(0, 1_000_000).Select(_ => random.NextGaussian())];
        var (mean, std) = MeanStd(draws);
        Assert.InRange(mean, -0.005, 0.005);
        Assert.InRange(std, 0.995, 1.005);
        // The shape as well as the scale: Φ(1) − Φ(−1) = 0.6827, Φ(2) − Φ(−2) = 0.9545.
        Assert.InRange(draws.Count(d => Math.Abs(d) < 1) / 1e6, 0.6807, 0.6847);
        Assert.InRange(draws.Count(d => Math.Abs(d) < 2) / 1e6, 0.9530, 0.9560);
        var again = new SeededRandom(7);
        Assert.Equal(draws.Take(5), Enumerable.Range(0, 5).Select(_ => again.NextGaussian()));
    }

    [Fact]
    public void PyTorch_default_conv_is_uniform_within_one_over_root_fan_in()
    {
        var graph = Conv(128, 256, 3, groups: 1, bias: false, WeightInit.PyTorchDefault);
        float[] weight = Initializer(graph, "c.weight");
        float bound = 1 / MathF.Sqrt(128 * 9);
        Assert.All(weight, w => Assert.InRange(w, -bound, bound));
        Assert.True(weight.Max(MathF.Abs) > 0.999 * bound);
        Assert.InRange(MeanStd(weight).Std, 0.99 * bound / Math.Sqrt(3), 1.01 * bound / Math.Sqrt(3));
    }

    [Fact]
    public void PyTorch_default_bias_of_a_grouped_conv_uses_the_fan_in_of_one_group()
    {
        // Depthwise: fan_in = 1·3·3, so weight and bias lie within ±1/3.
        var graph = Conv(4096, 4096, 3, groups: 4096, bias: true, WeightInit.PyTorchDefault);
        foreach (string name in new[] { "c.weight", "c.bias" })
        {
            float[] values = Initializer(graph, name);
            Assert.All(values, v => Assert.InRange(v, -1f / 3, 1f / 3));
            Assert.True(values.Max(MathF.Abs) > 0.99f / 3);
        }
    }

    [Theory]
    [InlineData(64, 256, 1)]
    [InlineData(4096, 4096, 4096)]
    public void Kaiming_normal_fan_out_has_std_root_two_over_out_channels_times_kernel_and_zero_bias(int channels, int outChannels, int groups)
    {
        // torch counts fan_out = out_channels·k·k from the weight's shape, whatever the groups.
        var graph = Conv(channels, outChannels, 3, groups, bias: true, WeightInit.KaimingNormalFanOut);
        var (mean, std) = MeanStd(Initializer(graph, "c.weight"));
        double expected = Math.Sqrt(2.0 / (outChannels * 9));
        Assert.InRange(mean, -0.05 * expected, 0.05 * expected);
        Assert.InRange(std, 0.98 * expected, 1.02 * expected);
        Assert.All(Initializer(graph, "c.bias"), b => Assert.Equal(0f, b));
    }

    [Fact]
    public void Normal_linear_has_the_given_std_and_zero_bias()
    {
        var g = new OnnxGraphBuilder(seed: 2);
        string x = g.GlobalAveragePool(g.Input(1, 512, 3, 3));
        var graph = g.Build(g.Linear(x, 1000, "fc", WeightInit.Normal(0.01)));
        Assert.InRange(MeanStd(Initializer(graph, "fc.weight")).Std, 0.0099, 0.0101);
        Assert.All(Initializer(graph, "fc.bias"), b => Assert.Equal(0f, b));
    }

    [Fact]
    public void Inits_are_values_with_readable_names()
    {
        Assert.Equal(WeightInit.Normal(0.01), WeightInit.Normal(0.01));
        Assert.NotEqual(WeightInit.Normal(0.01), WeightInit.Normal(0.02));
        Assert.NotEqual(WeightInit.KaimingNormalFanOut, WeightInit.PyTorchDefault);
        Assert.Equal("normal(0.01)", WeightInit.Normal(0.01).ToString());
        Assert.Throws<ArgumentOutOfRangeException>(() => WeightInit.Normal(0));
    }

    private static NetworkGraph Conv(int channels, int outChannels, int kernel, int groups, bool bias, WeightInit init)
    {
        var g = new OnnxGraphBuilder(seed: 2);
        string x = g.Input(1, channels, 3, 3);
        return g.Build(g.Conv(x, outChannels, kernel, 1, kernel / 2, "c", groups: groups, bias: bias, init: init));
    }

    private static (double Mean, double Std) MeanStd(IReadOnlyCollection<double> values)
    {
        double mean = values.Average();
        return (mean, Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Count));
    }

    private static (double Mean, double Std) MeanStd(float[] values) => MeanStd([.. values.Select(v => (double)v)]);
}
