using Naswot.Runtime;
using Naswot.Scoring;

namespace Naswot.Tests.Scoring;

public class HammingKernelTests
{
    /// <summary>K from its definition: Σ_k c_ik·c_jk + (1−c_ik)(1−c_jk), on unpacked codes.</summary>
    private static long[] NaiveKernel(byte[] codes, int rows, int elements, long weight)
    {
        var k = new long[rows * rows];
        for (int i = 0; i < rows; i++)
        {
            for (int j = i; j < rows; j++)
            {
                long sum = 0;
                for (int e = 0; e < elements; e++)
                {
                    int a = codes[i * elements + e], b = codes[j * elements + e];
                    sum += a * b + (1 - a) * (1 - b);
                }
                k[i * rows + j] = weight * sum;
            }
        }
        return k;
    }

    private static byte[] RandomCodes(int count, ulong seed, double density = 0.5)
    {
        var random = new SeededRandom(seed);
        var codes = new byte[count];
        for (int i = 0; i < count; i++) codes[i] = random.NextDouble() < density ? (byte)1 : (byte)0;
        return codes;
    }

    public static TheoryData<int, int> Sizes()
    {
        var data = new TheoryData<int, int>();
        foreach (int rows in new[] { 1, 2, 5, 8, 13 })
            foreach (int elements in new[] { 0, 1, 63, 64, 65, 127, 128, 129, 1000 })
                data.Add(rows, elements);
        return data;
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Packed_popcount_kernel_equals_the_definition(int rows, int elements)
    {
        byte[] codes = RandomCodes(rows * elements, (ulong)(rows * 1000 + elements));
        int words = CodePacker.WordsFor(elements);
        foreach (var path in Enum.GetValues<KernelPath>())
        {
            var packed = new ulong[rows * words];
            CodePacker.Pack(codes, rows, elements, packed, path);
            var kernel = new long[rows * rows];
            HammingKernel.Accumulate(packed, rows, words, elements, 3, kernel, path);
            Assert.Equal(NaiveKernel(codes, rows, elements, 3), kernel);
        }
    }

    [Fact]
    public void Vector_packing_equals_scalar_packing_for_skewed_codes()
    {
        foreach (double density in new[] { 0.0, 0.02, 0.98, 1.0 })
        {
            byte[] codes = RandomCodes(4 * 4099, 5, density);
            var vector = new ulong[4 * CodePacker.WordsFor(4099)];
            var scalar = new ulong[vector.Length];
            CodePacker.Pack(codes, 4, 4099, vector, KernelPath.Vector);
            CodePacker.Pack(codes, 4, 4099, scalar, KernelPath.Scalar);
            Assert.Equal(scalar, vector);
        }
    }

    [Fact]
    public void Kernel_accumulates_across_taps_with_their_weights()
    {
        const int Rows = 9;
        byte[] first = RandomCodes(Rows * 70, 1), second = RandomCodes(Rows * 200, 2);
        var kernel = new long[Rows * Rows];
        foreach (var (codes, elements, weight) in new[] { (first, 70, 2L), (second, 200, 1L) })
        {
            var packed = new ulong[Rows * CodePacker.WordsFor(elements)];
            CodePacker.Pack(codes, Rows, elements, packed);
            HammingKernel.Accumulate(packed, Rows, CodePacker.WordsFor(elements), elements, weight, kernel);
        }
        var expected = NaiveKernel(first, Rows, 70, 2).Zip(NaiveKernel(second, Rows, 200, 1), (a, b) => a + b);
        Assert.Equal(expected, kernel);
        for (int i = 0; i < Rows; i++) Assert.Equal(2 * 70 + 200, kernel[i * Rows + i]);
    }
}
