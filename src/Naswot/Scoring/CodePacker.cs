using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Naswot.Runtime;

namespace Naswot.Scoring;

/// <summary>
/// Packs binary codes given as one byte per element (0 or 1, as ONNX bool tensors hold them) into
/// 64 elements per word, element k of a row in bit k%64 of word k/64. Padding bits stay zero, so they
/// never add to a Hamming distance.
/// </summary>
public static class CodePacker
{
    /// <summary>64-bit words of one packed code of <paramref name="elements"/> bits.</summary>
    public static int WordsFor(int elements) => (elements + 63) / 64;

    /// <summary>Packs <paramref name="rows"/> rows of <paramref name="elements"/> bytes into rows of <see cref="WordsFor"/> words.</summary>
    public static void Pack(ReadOnlySpan<byte> codes, int rows, int elements, Span<ulong> packed) =>
        Pack(codes, rows, elements, packed, KernelPaths.Default);

    /// <summary>As <see cref="Pack(ReadOnlySpan{byte}, int, int, Span{ulong})"/>, on the given kernel path.</summary>
    public static void Pack(ReadOnlySpan<byte> codes, int rows, int elements, Span<ulong> packed, KernelPath path)
    {
        int words = WordsFor(elements);
        if (codes.Length < (long)rows * elements) throw new ArgumentException("fewer codes than rows × elements", nameof(codes));
        if (packed.Length < (long)rows * words) throw new ArgumentException("packed buffer too small", nameof(packed));
        for (int r = 0; r < rows; r++)
        {
            var row = codes.Slice(r * elements, elements);
            var target = packed.Slice(r * words, words);
            if (path == KernelPath.Vector && Vector256.IsHardwareAccelerated) PackRowVector(row, target);
            else PackRowScalar(row, target);
        }
    }

    internal static void PackRowScalar(ReadOnlySpan<byte> row, Span<ulong> target)
    {
        target.Clear();
        for (int k = 0; k < row.Length; k++)
        {
            if (row[k] != 0) target[k >> 6] |= 1UL << (k & 63);
        }
    }

    private static void PackRowVector(ReadOnlySpan<byte> row, Span<ulong> target)
    {
        int full = row.Length / 64;
        ref byte source = ref MemoryMarshal.GetReference(row);
        for (int w = 0; w < full; w++)
        {
            var low = Vector256.LoadUnsafe(ref source, (nuint)(w * 64));
            var high = Vector256.LoadUnsafe(ref source, (nuint)(w * 64 + 32));
            // Any non-zero byte is a set bit: compare to zero, then gather the lanes' top bits.
            uint lowBits = ~Vector256.Equals(low, Vector256<byte>.Zero).ExtractMostSignificantBits();
            uint highBits = ~Vector256.Equals(high, Vector256<byte>.Zero).ExtractMostSignificantBits();
            target[w] = lowBits | ((ulong)highBits << 32);
        }
        if (full * 64 < row.Length) PackTail(row[(full * 64)..], ref target[full]);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void PackTail(ReadOnlySpan<byte> tail, ref ulong word)
    {
        word = 0;
        for (int k = 0; k < tail.Length; k++)
        {
            if (tail[k] != 0) word |= 1UL << k;
        }
    }
}
