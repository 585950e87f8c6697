using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
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
    private readonly IReadOnlyList<IProxy> _proxies;
    private readonly RuntimeOptions _runtime;
    private readonly int _workers;

    /// <param name="workers">Forward passes at once; each uses <see cref="RuntimeOptions.IntraOpThreads"/> threads.</param>
    public ScoringPipeline(ImageBatch batch, IProxy proxy, RuntimeOptions runtime, int workers) : this(batch, [proxy], runtime, workers)
    {
    }

    /// <summary>A pipeline scoring each network with every one of <paramref name="proxies"/>, from one forward pass per input kind.</summary>
    /// <param name="workers">Forward passes at once; each uses <see cref="RuntimeOptions.IntraOpThreads"/> threads.</param>
    public ScoringPipeline(ImageBatch batch, IReadOnlyList<IProxy> proxies, RuntimeOptions runtime, int workers)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(proxies);
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(workers);
        if (proxies.Count == 0) throw new ArgumentException("no proxy to score with", nameof(proxies));
        _batch = batch;
        _proxies = proxies;
        _runtime = runtime;
        _workers = workers;
    }

    /// <summary>
    /// Scores every item. <paramref name="completed"/> and <paramref name="failed"/> run on the calling thread, in
    /// the order items finish. A network ONNX Runtime rejects, and memory running out, is that item's failure (see
    /// <see cref="ScoringFailure"/>); any other exception (a bug, or one thrown by a callback) stops the run and is
    /// rethrown here. Cancelling stops taking new items; items already reported stay reported.
    /// </summary>
    /// <param name="build">The item's network, built for the batch's size.</param>
    public void Run<T>(IEnumerable<T> items, Func<T, NetworkGraph> build, Action<T, ScoreResult> completed,
        Action<T, ScoringFailure, double> failed, CancellationToken cancel = default) =>
        RunAll(items, build, (item, results) => completed(item, results[0]), failed, cancel);

    /// <summary>As <see cref="Run"/>, with every proxy's result of an item, in the order the pipeline was given them.</summary>
    public void RunAll<T>(IEnumerable<T> items, Func<T, NetworkGraph> build, Action<T, IReadOnlyList<ScoreResult>> completed,
        Action<T, ScoringFailure, double> failed, CancellationToken cancel = default)
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
                using var scorer = new NetworkScorer(_batch, _proxies, runtime);
                while (TryNext(out var item))
                {
                    long start = Stopwatch.GetTimestamp();
                    Outcome<T> outcome;
                    try
                    {
                        var graph = build(item);
                        double buildSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
                        var results = scorer.ScoreAll(graph);
                        outcome = new(item, [.. results.Select(r => r with { Times = r.Times.WithBuild(buildSeconds) })], 0, null);
                    }
                    catch (Exception e) when (ScoringFailure.From(e) is { } failure)
                    {
                        outcome = new(item, null, Stopwatch.GetElapsedTime(start).TotalSeconds, failure);
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

    /// <summary>One scored item on its way to the calling thread: its result, or why it could not be scored.</summary>
    private readonly record struct Outcome<T>(T Item, IReadOnlyList<ScoreResult>? Result, double Seconds, ScoringFailure? Error);

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

/// <summary>
/// Why one network could not be scored. <see cref="Transient"/> failures (memory ran out) say nothing about the
/// network and are never stored as its result; the others (ONNX Runtime rejected the graph) are final for it.
/// </summary>
public sealed record ScoringFailure(string Message, bool Transient)
{
    /// <summary>The failure an exception of scoring one network stands for; null for a bug, which must stop the run.</summary>
    public static ScoringFailure? From(Exception exception) => exception switch
    {
        OutOfMemoryException or InsufficientMemoryException => new($"out of memory: {OneLine(exception.Message)}", Transient: true),
        // ONNX Runtime reports an allocation that failed as a runtime error like any other; only its text tells.
        Microsoft.ML.OnnxRuntime.OnnxRuntimeException e => new(OneLine(e.Message), Transient: e.Message.Contains("alloc", StringComparison.OrdinalIgnoreCase)),
        _ => null,
    };

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
