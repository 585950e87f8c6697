using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Microsoft.ML.OnnxRuntime;
using Naswot.Data;
using Naswot.Networks;
using Naswot.Runtime;

namespace Naswot.Scoring;

/// <summary>
/// Scores a stream of architectures on <c>workers</c> threads, each scoring its architectures start to finish
/// (graph, session, forward pass, kernel), and reports every result on the calling thread.
/// </summary>
/// <remarks>
/// Several single-threaded forward passes at once use 2 cores better than one forward pass on both
/// (`naswot bench`), and session creation and the kernel of one architecture then run beside another's forward pass.
/// Running those stages on threads of their own, ahead of a single forward pass, gained 2% on 2 cores and was
/// left out. At most <c>workers</c> results wait for the calling thread, so memory stays bounded.
/// </remarks>
public sealed class ScoringPipeline
{
    private readonly ImageBatch _batch;
    private readonly ScoreOptions _options;
    private readonly RuntimeOptions _runtime;
    private readonly int _workers;

    /// <param name="workers">Forward passes at once; each uses <see cref="RuntimeOptions.IntraOpThreads"/> threads.</param>
    public ScoringPipeline(ImageBatch batch, ScoreOptions options, RuntimeOptions runtime, int workers)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(workers);
        _batch = batch;
        _options = options;
        _runtime = runtime;
        _workers = workers;
    }

    /// <summary>
    /// Scores every item. <paramref name="completed"/> and <paramref name="failed"/> run on the calling thread, in
    /// the order items finish. A network ONNX Runtime rejects is that item's failure; any other exception (a bug,
    /// or one thrown by a callback) stops the run and is rethrown here. Cancelling stops taking new items; items
    /// already reported stay reported.
    /// </summary>
    public void Run<T>(IEnumerable<T> items, Func<T, NetworkGraph> build, Action<T, ScoreResult> completed,
        Action<T, OnnxRuntimeException, double> failed, CancellationToken cancel = default)
    {
        // Fewer architectures than workers: the idle workers' threads go to the busy ones, so scoring one
        // architecture still uses every core the run was given (scores do not depend on the thread count).
        int workers = items is IReadOnlyCollection<T> { Count: > 0 } known ? Math.Min(_workers, known.Count) : _workers;
        var runtime = workers < _workers && _runtime.IntraOpThreads > 0
            ? _runtime with { IntraOpThreads = _runtime.IntraOpThreads * _workers / workers }
            : _runtime;
        using var run = new RunState(cancel);
        using var done = new BlockingCollection<Outcome<T>>(workers);
        using var source = items.GetEnumerator();
        int running = workers;

        bool TryNext(out T item)
        {
            lock (source)
            {
                bool more = !run.Stopped && source.MoveNext();
                item = more ? source.Current : default!;
                return more;
            }
        }

        var threads = Enumerable.Range(0, workers).Select(i => run.Start($"naswot worker {i}", () =>
        {
            try
            {
                using var scorer = new NaswotScorer(_batch, _options, runtime);
                while (TryNext(out var item))
                {
                    long start = Stopwatch.GetTimestamp();
                    var graph = build(item);
                    double buildSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
                    Outcome<T> outcome;
                    try
                    {
                        var result = scorer.Score(graph);
                        outcome = new(item, result with { Times = result.Times.WithBuild(buildSeconds) }, 0, null);
                    }
                    catch (OnnxRuntimeException e)
                    {
                        outcome = new(item, null, Stopwatch.GetElapsedTime(start).TotalSeconds, e);
                    }
                    done.Add(outcome, run.Token);
                }
            }
            finally
            {
                if (Interlocked.Decrement(ref running) == 0) done.CompleteAdding();
            }
        })).ToArray();

        try
        {
            run.Guarded(() =>
            {
                foreach (var outcome in done.GetConsumingEnumerable(run.Token))
                {
                    if (outcome.Result is null) failed(outcome.Item, outcome.Error!, outcome.Seconds);
                    else completed(outcome.Item, outcome.Result);
                }
            });
        }
        finally
        {
            run.StopAndJoin(threads);
        }
        run.ThrowIfFailed();
    }

    /// <summary>One scored item on its way to the calling thread: its result, or why ONNX Runtime rejected it.</summary>
    private readonly record struct Outcome<T>(T Item, ScoreResult? Result, double Seconds, OnnxRuntimeException? Error);

    /// <summary>
    /// The threads of one run and how it ends: the first exception that is not an ONNX Runtime rejection (a bug, or
    /// one thrown by a callback) stops every thread and is rethrown on the calling thread; otherwise a cancelled run
    /// throws <see cref="OperationCanceledException"/>.
    /// </summary>
    private sealed class RunState(CancellationToken cancel) : IDisposable
    {
        private readonly CancellationTokenSource _stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        private ExceptionDispatchInfo? _fault;

        public CancellationToken Token => _stop.Token;

        public bool Stopped => _stop.IsCancellationRequested;

        public Thread Start(string name, Action body)
        {
            var thread = new Thread(() => Guarded(body)) { Name = name, IsBackground = true };
            thread.Start();
            return thread;
        }

        public void Guarded(Action body)
        {
            try
            {
                body();
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref _fault, ExceptionDispatchInfo.Capture(e), null);
                _stop.Cancel();
            }
        }

        public void StopAndJoin(params Thread[] threads)
        {
            _stop.Cancel();
            foreach (var thread in threads) thread.Join();
        }

        public void ThrowIfFailed()
        {
            _fault?.Throw();
            cancel.ThrowIfCancellationRequested();
        }

        public void Dispose() => _stop.Dispose();
    }
}
