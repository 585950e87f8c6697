using BenchmarkDotNet.Attributes;
using Naswot.Scoring;

namespace Naswot.Bench;

/// <summary>
/// The Hamming kernel on one tap of the largest NB201 stage (128 images × 16×32×32 codes): the popcount
/// kernel against its scalar twin and against a float matrix product of the unpacked codes.
/// </summary>
[MemoryDiagnoser]
public class KernelBenchmarks
{
    private const int Images = 128;
    private const int Elements = 16 * 32 * 32;
    private byte[] _codes = [];
    private ulong[] _packed = [];
    private readonly long[] _kernel = new long[Images * Images];
    private float[] _unpacked = [];
    private readonly float[] _product = new float[Images * Images];

    [GlobalSetup]
    public void Setup()
    {
        var random = new SeededRandom(1);
        _codes = new byte[Images * Elements];
        for (int i = 0; i < _codes.Length; i++) _codes[i] = (byte)(random.NextUInt64() & 1);
        _packed = new ulong[Images * CodePacker.WordsFor(Elements)];
        CodePacker.Pack(_codes, Images, Elements, _packed);
        _unpacked = Array.ConvertAll(_codes, b => (float)b);
    }

    [Benchmark]
    public void Pack() => CodePacker.Pack(_codes, Images, Elements, _packed);

    [Benchmark(Baseline = true)]
    public void PopcountKernel() => HammingKernel.Accumulate(_packed, Images, CodePacker.WordsFor(Elements), Elements, 2, _kernel);

    [Benchmark]
    public void ScalarKernel() => HammingKernel.AccumulateScalar(_packed, Images, CodePacker.WordsFor(Elements), Elements, 2, _kernel);

    /// <summary>c·cᵀ alone as floats, the reference code's way: half of what K needs, for scale.</summary>
    [Benchmark]
    public void FloatGramMatrix()
    {
        for (int i = 0; i < Images; i++)
        {
            var a = _unpacked.AsSpan(i * Elements, Elements);
            for (int j = i; j < Images; j++)
                _product[i * Images + j] = System.Numerics.Tensors.TensorPrimitives.Dot(a, _unpacked.AsSpan(j * Elements, Elements));
        }
    }
}
