using System.Collections.Concurrent;

namespace Naswot.Networks;

/// <summary>
/// PyTorch-default initial weights of a named layer, drawn once per process and shared by every network that has
/// the layer. Each layer draws from its own seeded stream, so the same layer of two architectures holds the same
/// weights, and a search that builds hundreds of networks draws each layer once instead of once per network.
/// </summary>
internal static class LayerWeights
{
    /// <summary>Weights kept at most (16 M floats, 64 MB); beyond it layers are drawn afresh each time. All of NB201 needs about 2 M per seed.</summary>
    private const long CapacityFloats = 16L << 20;

    private static readonly ConcurrentDictionary<(ulong Seed, string Layer, int Count, int FanIn), float[]> Cache = new();
    private static long _cached;

    /// <summary>U(−1/√fan_in, 1/√fan_in) from the layer's own stream. Callers must not write to the array.</summary>
    public static float[] Uniform(ulong seed, string layer, int count, int fanIn)
    {
        var key = (seed, layer, count, fanIn);
        if (Cache.TryGetValue(key, out var cached)) return cached;
        var weights = Draw(seed, layer, count, fanIn);
        if (Interlocked.Add(ref _cached, count) <= CapacityFloats) return Cache.GetOrAdd(key, weights);
        Interlocked.Add(ref _cached, -count);
        return weights;
    }

    internal static float[] Draw(ulong seed, string layer, int count, int fanIn)
    {
        var weights = new float[count];
        var random = SeededRandom.For(seed, StableHash(layer));
        float bound = 1f / MathF.Sqrt(fanIn);
        for (int i = 0; i < weights.Length; i++) weights[i] = (float)((random.NextDouble() * 2 - 1) * bound);
        return weights;
    }

    /// <summary>FNV-1a: a hash of a layer's name that never changes between runs or versions.</summary>
    private static ulong StableHash(string text)
    {
        ulong hash = 14695981039346656037UL;
        foreach (char c in text) hash = (hash ^ c) * 1099511628211UL;
        return hash;
    }
}
