using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Naswot.Runtime;

namespace Naswot.Scoring;

/// <summary>
/// The NASWOT kernel from packed codes: K[i,j] += weight · (N_A − Hamming(c_i, c_j)), which equals
/// c_i·c_j + (1−c_i)·(1−c_j). Integers throughout, so the result is exact; only the upper triangle
/// (j ≥ i) of the row-major B×B matrix is written.
/// </summary>
public static class HammingKernel
{
    /// <param name="packed">B rows of <paramref name="words"/> words (see <see cref="CodePacker"/>).</param>
    /// <param name="elements">N_A: the code length in bits, without padding.</param>
    /// <param name="weight">How many times this ReLU input counts.</param>
    /// <param name="kernel">B×B, row-major; accumulated into.</param>
    public static void Accumulate(ReadOnlySpan<ulong> packed, int rows, int words, int elements, long weight, Span<long> kernel) =>
        Accumulate(packed, rows, words, elements, weight, kernel, KernelPaths.Default);

    /// <summary>As <see cref="Accumulate(ReadOnlySpan{ulong}, int, int, int, long, Span{long})"/>, on the given kernel path.</summary>
    public static void Accumulate(ReadOnlySpan<ulong> packed, int rows, int words, int elements, long weight, Span<long> kernel, KernelPath path)
    {
        if (packed.Length < (long)rows * words) throw new ArgumentException("packed holds fewer than rows × words", nameof(packed));
        if (kernel.Length < (long)rows * rows) throw new ArgumentException("kernel must be rows × rows", nameof(kernel));
        // Blocking the scalar loop over several partner rows measured no faster (BenchmarkDotNet), so it is the one fallback.
        if (path == KernelPath.Vector && Avx512BW.IsSupported && words >= 8) AccumulateAvx512(packed, rows, words, elements, weight, kernel);
        else AccumulateScalar(packed, rows, words, elements, weight, kernel);
    }

    /// <summary>The plain definition (BitOperations.PopCount is one popcnt instruction where the CPU has it): the fallback, the test oracle and the benchmark's baseline.</summary>
    internal static void AccumulateScalar(ReadOnlySpan<ulong> packed, int rows, int words, int elements, long weight, Span<long> kernel)
    {
        for (int i = 0; i < rows; i++)
        {
            var a = packed.Slice(i * words, words);
            for (int j = i; j < rows; j++)
            {
                var b = packed.Slice(j * words, words);
                long distance = 0;
                for (int w = 0; w < words; w++) distance += BitOperations.PopCount(a[w] ^ b[w]);
                kernel[i * rows + j] += weight * (elements - distance);
            }
        }
    }

    /// <summary>
    /// AVX-512 has no 64-bit popcount in .NET, so bytes are counted with a 16-entry nibble table (vpshufb) and
    /// summed into 64-bit lanes with vpsadbw: about one instruction per word instead of three. Two partner rows
    /// per pass reuse each load of row i.
    /// </summary>
    private static void AccumulateAvx512(ReadOnlySpan<ulong> packed, int rows, int words, int elements, long weight, Span<long> kernel)
    {
        var table = Vector512.Create((byte)0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4, 0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4,
            0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4, 0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4);
        var nibble = Vector512.Create((byte)0x0F);
        int vectors = words / 8;
        ref ulong p = ref MemoryMarshal.GetReference(packed);
        for (int i = 0; i < rows; i++)
        {
            ref ulong a = ref Unsafe.Add(ref p, i * words);
            int j = i;
            for (; j + 1 < rows; j += 2)
            {
                ref ulong b0 = ref Unsafe.Add(ref p, j * words);
                ref ulong b1 = ref Unsafe.Add(ref b0, words);
                var sum0 = Vector512<ulong>.Zero;
                var sum1 = Vector512<ulong>.Zero;
                for (int v = 0; v < vectors; v++)
                {
                    var x = Vector512.LoadUnsafe(ref a, (nuint)(v * 8));
                    sum0 += CountBytes(x ^ Vector512.LoadUnsafe(ref b0, (nuint)(v * 8)), table, nibble);
                    sum1 += CountBytes(x ^ Vector512.LoadUnsafe(ref b1, (nuint)(v * 8)), table, nibble);
                }
                long d0 = (long)Vector512.Sum(sum0), d1 = (long)Vector512.Sum(sum1);
                for (int w = vectors * 8; w < words; w++)
                {
                    d0 += (long)ulong.PopCount(Unsafe.Add(ref a, w) ^ Unsafe.Add(ref b0, w));
                    d1 += (long)ulong.PopCount(Unsafe.Add(ref a, w) ^ Unsafe.Add(ref b1, w));
                }
                kernel[i * rows + j] += weight * (elements - d0);
                kernel[i * rows + j + 1] += weight * (elements - d1);
            }
            for (; j < rows; j++)
            {
                ref ulong b = ref Unsafe.Add(ref p, j * words);
                long d = 0;
                for (int w = 0; w < words; w++) d += (long)ulong.PopCount(Unsafe.Add(ref a, w) ^ Unsafe.Add(ref b, w));
                kernel[i * rows + j] += weight * (elements - d);
            }
        }
    }

    /// <summary>Set bits of each 64-bit lane: per-byte counts from the nibble table, summed by vpsadbw.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> CountBytes(Vector512<ulong> x, Vector512<byte> table, Vector512<byte> nibble)
    {
        var bytes = x.AsByte();
        var low = Avx512BW.Shuffle(table, bytes & nibble);
        var high = Avx512BW.Shuffle(table, Avx512BW.ShiftRightLogical(x.AsUInt16(), 4).AsByte() & nibble);
        return Avx512BW.SumAbsoluteDifferences(low + high, Vector512<byte>.Zero).AsUInt64();
    }
}
