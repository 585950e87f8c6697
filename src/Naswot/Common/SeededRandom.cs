using System.Numerics;

namespace Naswot;

/// <summary>
/// xoshiro256** seeded through SplitMix64: a small, fully specified generator, so a seed gives the same
/// weights, batches and samples on every .NET version and machine (System.Random promises neither).
/// </summary>
public sealed class SeededRandom
{
    private ulong _s0, _s1, _s2, _s3;
    private double _spareGaussian = double.NaN;

    /// <summary>A generator whose whole stream is fixed by <paramref name="seed"/>.</summary>
    public SeededRandom(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    /// <summary>An independent stream for one named part (a layer, a run): stable however many other streams exist.</summary>
    public static SeededRandom For(ulong seed, ulong stream) => new(Mix(seed ^ Mix(stream + 0x632BE59BD9B4E019UL)));

    /// <summary>An independent stream for a part named by text (a layer, a search's run): the name's FNV-1a hash, which never changes between runs or versions.</summary>
    public static SeededRandom For(ulong seed, string stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ulong hash = 14695981039346656037UL;
        foreach (char c in stream) hash = (hash ^ c) * 1099511628211UL;
        return For(seed, hash);
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        ulong result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>
    /// Standard normal N(0, 1) by Marsaglia's polar method: each accepted pair of uniforms gives two independent
    /// normals, the second kept for the next call. Needs only Sqrt (exact in IEEE) and Log, not the trigonometry
    /// of Box–Muller, so the values vary between platforms at most where their Log rounds differently.
    /// </summary>
    public double NextGaussian()
    {
        if (!double.IsNaN(_spareGaussian))
        {
            double spare = _spareGaussian;
            _spareGaussian = double.NaN;
            return spare;
        }
        double u, v, s;
        do
        {
            u = NextDouble() * 2 - 1;
            v = NextDouble() * 2 - 1;
            s = u * u + v * v;
        }
        while (s >= 1 || s == 0);
        double factor = Math.Sqrt(-2 * Math.Log(s) / s);
        _spareGaussian = v * factor;
        return u * factor;
    }

    /// <summary>Uniform integer in [0, bound) without modulo bias (Lemire's method).</summary>
    public int NextInt(int bound)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bound);
        ulong threshold = (ulong)(-(long)bound) % (ulong)bound;
        while (true)
        {
            ulong product = Math.BigMul(NextUInt64(), (ulong)bound, out ulong low);
            if (low >= threshold) return (int)product;
        }
    }

    private static ulong SplitMix(ref ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        return Mix(x);
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
