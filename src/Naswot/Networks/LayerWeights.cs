using System.Collections.Concurrent;

namespace Naswot.Networks;

/// <summary>How a conv or linear layer of <see cref="OnnxGraphBuilder"/> draws its weights and bias.</summary>
/// <remarks>
/// fan_in = in_channels/groups·kh·kw (in_features for linear), fan_out = out_channels·kh·kw (out_features), as
/// torch.nn.init computes them from the weight's shape: fan_out is not divided by the groups.
/// </remarks>
public sealed record WeightInit
{
    private enum Scheme { PyTorchDefault, KaimingNormalFanOut, Normal }

    private readonly Scheme _scheme;
    private readonly double _std;

    private WeightInit(Scheme scheme, double std)
    {
        _scheme = scheme;
        _std = std;
    }

    /// <summary>
    /// What torch.nn.Conv2d and torch.nn.Linear do on construction: weight kaiming_uniform_(a=√5), which is
    /// U(−1/√fan_in, 1/√fan_in), and bias U(−1/√fan_in, 1/√fan_in).
    /// </summary>
    public static WeightInit PyTorchDefault { get; } = new(Scheme.PyTorchDefault, 0);

    /// <summary>
    /// He init for ReLU networks, kaiming_normal_(mode='fan_out', nonlinearity='relu'): weight N(0, 2/fan_out),
    /// bias 0. The PyTorch NAS-Bench-101 networks that NASWOT scores initialise every conv so.
    /// </summary>
    public static WeightInit KaimingNormalFanOut { get; } = new(Scheme.KaimingNormalFanOut, 0);

    /// <summary>weight.normal_(0, std), bias 0: the NAS-Bench-101 networks' classifier, with std 0.01.</summary>
    public static WeightInit Normal(double std)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(std);
        return new(Scheme.Normal, std);
    }

    /// <inheritdoc/>
    public override string ToString() => _scheme switch
    {
        Scheme.PyTorchDefault => "pytorch-default",
        Scheme.KaimingNormalFanOut => "kaiming-normal-fan-out",
        _ => FormattableString.Invariant($"normal({_std})"),
    };

    internal WeightDistribution Weight(int fanIn, int fanOut) => _scheme switch
    {
        Scheme.PyTorchDefault => WeightDistribution.PyTorchUniform(fanIn),
        Scheme.KaimingNormalFanOut => WeightDistribution.Gaussian(Math.Sqrt(2.0 / fanOut)),
        _ => WeightDistribution.Gaussian(_std),
    };

    /// <summary>The bias's distribution; null: zeros.</summary>
    internal WeightDistribution? Bias(int fanIn) => _scheme == Scheme.PyTorchDefault ? WeightDistribution.PyTorchUniform(fanIn) : null;
}

/// <summary>What a layer's values are drawn from: U(−Scale, Scale), or N(0, Scale²) when <paramref name="Normal"/>.</summary>
internal readonly record struct WeightDistribution(bool Normal, double Scale)
{
    /// <summary>U(−1/√fan_in, 1/√fan_in), the bound rounded to float first as the weights always were.</summary>
    public static WeightDistribution PyTorchUniform(int fanIn) => new(false, 1f / MathF.Sqrt(fanIn));

    public static WeightDistribution Gaussian(double std) => new(true, std);
}

/// <summary>
/// Initial weights of a named layer, drawn once per process and shared by every network that has the layer.
/// Each layer draws from its own seeded stream, so the same layer of two architectures holds the same
/// weights, and a search that builds hundreds of networks draws each layer once instead of once per network.
/// </summary>
internal static class LayerWeights
{
    /// <summary>The process's cache: 16 M floats (64 MB). All of NB201 needs about 2 M per seed.</summary>
    private static readonly LayerWeightCache Shared = new(16L << 20);

    /// <summary>The layer's values from its own stream, through the process's cache. Callers must not write to the array.</summary>
    public static float[] Get(ulong seed, string layer, int count, WeightDistribution distribution) => Shared.Get(seed, layer, count, distribution);

    internal static float[] Draw(ulong seed, string layer, int count, WeightDistribution distribution)
    {
        var weights = new float[count];
        var random = SeededRandom.For(seed, layer);
        double scale = distribution.Scale;
        if (distribution.Normal)
            for (int i = 0; i < weights.Length; i++) weights[i] = (float)(random.NextGaussian() * scale);
        else
            for (int i = 0; i < weights.Length; i++) weights[i] = (float)((random.NextDouble() * 2 - 1) * scale);
        return weights;
    }
}

/// <summary>
/// Drawn layers kept by key up to a capacity; beyond it layers are drawn afresh each time (the same values, only slower).
/// An instance of its own lets a test see the cache's behaviour whatever else the process has built.
/// </summary>
internal sealed class LayerWeightCache(long capacityFloats)
{
    // The distribution is part of the key: one layer name may be drawn under two inits (or fans) in one process.
    private readonly ConcurrentDictionary<(ulong Seed, string Layer, int Count, WeightDistribution Distribution), float[]> _cache = new();
    private long _cached;

    /// <summary>The layer's values from its own stream. Callers must not write to the array.</summary>
    public float[] Get(ulong seed, string layer, int count, WeightDistribution distribution)
    {
        var key = (seed, layer, count, distribution);
        if (_cache.TryGetValue(key, out var cached)) return cached;
        var weights = LayerWeights.Draw(seed, layer, count, distribution);
        if (Interlocked.Add(ref _cached, count) <= capacityFloats) return _cache.GetOrAdd(key, weights);
        Interlocked.Add(ref _cached, -count);
        return weights;
    }
}
