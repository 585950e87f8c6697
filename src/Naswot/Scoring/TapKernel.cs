using System.Buffers;
using System.Diagnostics;
using Naswot.Networks;
using Naswot.Runtime;
using Naswot.Scoring.Proxies;

namespace Naswot.Scoring;

/// <summary>The Hamming kernel of every tap of a forward pass: what NASWOT's K and the linear-region count share.</summary>
internal static class TapKernel
{
    /// <summary>
    /// Packs each tap's signs and adds weight · (N_A − Hamming) into <paramref name="kernel"/> (upper triangle, see
    /// <see cref="HammingKernel"/>), the weight being the tap's under <paramref name="counting"/>, or 1 for every tap.
    /// </summary>
    /// <returns>Seconds spent packing codes and accumulating the kernel.</returns>
    public static (double Packing, double Kernel) Accumulate(NetworkGraph graph, ForwardPass forward, int rows, ReluCount? counting, Span<long> kernel, KernelPath path)
    {
        double packing = 0, accumulating = 0;
        for (int t = 0; t < graph.Taps.Count; t++)
        {
            var tap = graph.Taps[t];
            int words = CodePacker.WordsFor(tap.ElementsPerImage);
            ulong[] packed = ArrayPool<ulong>.Shared.Rent(rows * words);
            try
            {
                long t0 = Stopwatch.GetTimestamp();
                CodePacker.Pack(forward.Signs(t), rows, tap.ElementsPerImage, packed, path);
                long t1 = Stopwatch.GetTimestamp();
                HammingKernel.Accumulate(packed, rows, words, tap.ElementsPerImage, counting is { } mode ? NaswotProxy.Weight(tap, mode) : 1, kernel, path);
                packing += Stopwatch.GetElapsedTime(t0, t1).TotalSeconds;
                accumulating += Stopwatch.GetElapsedTime(t1).TotalSeconds;
            }
            finally
            {
                ArrayPool<ulong>.Shared.Return(packed);
            }
        }
        return (packing, accumulating);
    }
}
