using System.Buffers;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Naswot.Data;
using Naswot.Networks;
using Naswot.Runtime;

namespace Naswot.Scoring;

/// <summary>
/// Scores networks on one fixed batch: one forward pass, the taps' signs packed to bits, the Hamming kernel
/// accumulated in integers, then log|det K|. Holds the batch and session options for all architectures.
/// </summary>
public sealed class NaswotScorer : IDisposable
{
    private readonly InputTensor _input;
    private readonly SessionOptions _sessionOptions;
    private readonly int _batchSize;
    private readonly long[] _kernel;
    private readonly double[] _factors;

    public NaswotScorer(ImageBatch batch, ScoreOptions options, RuntimeOptions runtime)
    {
        Options = options;
        Batch = batch;
        int batchSize = batch.Count;
        _batchSize = batchSize;
        _input = new InputTensor(batch.Pixels, batchSize, batch.Channels, batch.Height, batch.Width);
        _sessionOptions = SessionOptionsFactory.Create(runtime);
        _kernel = new long[batchSize * batchSize];
        _factors = new double[batchSize * batchSize];
    }

    public ScoreOptions Options { get; }

    public ImageBatch Batch { get; }

    /// <summary>How many times a tap enters the kernel under the chosen counting rule.</summary>
    public static int Weight(Tap tap, ReluCount mode) => mode == ReluCount.Reference ? tap.Relus + tap.Wrappers : tap.Relus;

    public ScoreResult Score(NetworkGraph graph)
    {
        long start = Stopwatch.GetTimestamp();
        using var session = new NetworkSession(graph, _sessionOptions);
        long created = Stopwatch.GetTimestamp();
        using var outputs = session.Run(_input);
        long ran = Stopwatch.GetTimestamp();

        Array.Clear(_kernel);
        double codes = 0, kernel = 0;
        for (int t = 0; t < graph.Taps.Count; t++)
        {
            var tap = graph.Taps[t];
            int words = CodePacker.WordsFor(tap.ElementsPerImage);
            ulong[] packed = ArrayPool<ulong>.Shared.Rent(_batchSize * words);
            try
            {
                long t0 = Stopwatch.GetTimestamp();
                var signs = MemoryMarshal.AsBytes(outputs[t].GetTensorDataAsSpan<bool>());
                CodePacker.Pack(signs, _batchSize, tap.ElementsPerImage, packed);
                long t1 = Stopwatch.GetTimestamp();
                HammingKernel.Accumulate(packed, _batchSize, words, tap.ElementsPerImage, Weight(tap, Options.ReluCount), _kernel);
                long t2 = Stopwatch.GetTimestamp();
                codes += Stopwatch.GetElapsedTime(t0, t1).TotalSeconds;
                kernel += Stopwatch.GetElapsedTime(t1, t2).TotalSeconds;
            }
            finally
            {
                ArrayPool<ulong>.Shared.Return(packed);
            }
        }
        long kernelDone = Stopwatch.GetTimestamp();
        double score = LogDeterminant.OfSymmetric(_kernel, _batchSize, _factors);
        long end = Stopwatch.GetTimestamp();
        var times = new PhaseTimes(0, Stopwatch.GetElapsedTime(start, created).TotalSeconds, Stopwatch.GetElapsedTime(created, ran).TotalSeconds,
            codes, kernel, Stopwatch.GetElapsedTime(kernelDone, end).TotalSeconds);
        return new ScoreResult(score, times);
    }

    public void Dispose()
    {
        _input.Dispose();
        _sessionOptions.Dispose();
    }
}
