using Naswot.Data;
using Naswot.Networks;
using Naswot.Spaces;
using Onnx;

namespace Naswot.Tests.Networks;

public class LayerWeightsTests
{
    [Fact]
    public void Shared_weights_equal_a_fresh_draw_and_differ_between_layers_seeds_and_distributions()
    {
        var uniform = WeightDistribution.PyTorchUniform(32 * 9);
        // A cache of its own: the process's is shared with every test that builds networks, and may be full.
        var cache = new LayerWeightCache(1L << 20);
        var first = cache.Get(4, "stage1.cell2.edge13.conv", 32 * 32 * 9, uniform);
        Assert.Same(first, cache.Get(4, "stage1.cell2.edge13.conv", 32 * 32 * 9, uniform));
        Assert.Equal(first, LayerWeights.Get(4, "stage1.cell2.edge13.conv", 32 * 32 * 9, uniform));
        Assert.Equal(LayerWeights.Draw(4, "stage1.cell2.edge13.conv", 32 * 32 * 9, uniform), first);
        Assert.NotEqual(first, LayerWeights.Get(5, "stage1.cell2.edge13.conv", 32 * 32 * 9, uniform));
        Assert.NotEqual(first, LayerWeights.Get(4, "stage1.cell2.edge12.conv", 32 * 32 * 9, uniform));
        Assert.NotEqual(first, LayerWeights.Get(4, "stage1.cell2.edge13.conv", 32 * 32 * 9, WeightDistribution.PyTorchUniform(32)));
        Assert.NotEqual(first, LayerWeights.Get(4, "stage1.cell2.edge13.conv", 32 * 32 * 9, WeightDistribution.Gaussian(1 / MathF.Sqrt(32 * 9))));
        float bound = 1f / MathF.Sqrt(32 * 9);
        Assert.All(first, w => Assert.InRange(w, -bound, bound));
    }

    [Fact]
    public void A_full_cache_draws_the_same_values_afresh()
    {
        var cache = new LayerWeightCache(100);
        var uniform = WeightDistribution.PyTorchUniform(9);
        var kept = cache.Get(1, "small", 100, uniform);
        Assert.Same(kept, cache.Get(1, "small", 100, uniform));
        var afresh = cache.Get(1, "big", 50, uniform);
        Assert.NotSame(afresh, cache.Get(1, "big", 50, uniform));
        Assert.Equal(LayerWeights.Draw(1, "big", 50, uniform), afresh);
    }

    [Fact]
    public void A_layer_has_the_same_weights_in_every_architecture_that_has_it()
    {
        // Both cells have nor_conv_3x3 on edge 1→3 and differ elsewhere.
        var options = Nb201NetworkOptions.For(NetworkShape.Of(Datasets.Get("cifar10")));
        var a = Nb201Network.Build(Nb201Cell.Parse("|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|none~2|"), options, 4, 2);
        var b = Nb201Network.Build(Nb201Cell.Parse("|avg_pool_3x3~0|+|nor_conv_1x1~0|none~1|+|nor_conv_1x1~0|nor_conv_3x3~1|avg_pool_3x3~2|"), options, 4, 2);
        TensorProto Weight(NetworkGraph g) => g.Model.Graph.Initializer.Single(t => t.Name == "stage2.cell4.edge13.conv.weight");
        Assert.Equal(Weight(a).RawData, Weight(b).RawData);
    }
}
