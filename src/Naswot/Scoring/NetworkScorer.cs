using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using Naswot.Data;
using Naswot.Networks;
using Naswot.Runtime;

namespace Naswot.Scoring;

/// <summary>
/// Scores networks with one proxy on one fixed batch: for proxies that need it, one forward pass (the network's
/// own ONNX Runtime session, the batch's pinned tensor), then the proxy's evaluator. One instance serves one thread
/// and owns the native resources shared by all its networks.
/// </summary>
public sealed class NetworkScorer : IDisposable
{
    private readonly InputTensor _input;
    private readonly SessionOptions _sessionOptions;
    private readonly IProxyEvaluator _evaluator;

    /// <summary>A scorer of networks with <paramref name="proxy"/> on <paramref name="batch"/>.</summary>
    public NetworkScorer(ImageBatch batch, IProxy proxy, RuntimeOptions runtime)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(proxy);
        ArgumentNullException.ThrowIfNull(runtime);
        Batch = batch;
        Proxy = proxy;
        _input = new InputTensor(batch.Pixels, batch.Count, batch.Channels, batch.Height, batch.Width);
        _sessionOptions = SessionOptionsFactory.Create(runtime);
        _evaluator = proxy.CreateEvaluator(batch.Count, runtime);
    }

    /// <summary>The images every network sees.</summary>
    public ImageBatch Batch { get; }

    /// <summary>The proxy every network is scored with.</summary>
    public IProxy Proxy { get; }

    /// <summary>The proxy's value for <paramref name="graph"/>, built for this batch's size.</summary>
    /// <exception cref="OnnxRuntimeException">ONNX Runtime could not load or run the network.</exception>
    public ScoreResult Score(NetworkGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var steps = new double[Proxy.Steps.Count];
        long start = Stopwatch.GetTimestamp();
        if (!Proxy.Needs.HasFlag(ProxyNeeds.SignTaps))
        {
            double value = _evaluator.Evaluate(graph, null, steps);
            return new ScoreResult(value, new PhaseTimes(0, 0, 0, Stopwatch.GetElapsedTime(start).TotalSeconds), steps);
        }
        using var session = new NetworkSession(graph, _sessionOptions);
        long created = Stopwatch.GetTimestamp();
        using var forward = session.Forward(_input);
        long ran = Stopwatch.GetTimestamp();
        double score = _evaluator.Evaluate(graph, forward, steps);
        var times = new PhaseTimes(0, Stopwatch.GetElapsedTime(start, created).TotalSeconds,
            Stopwatch.GetElapsedTime(created, ran).TotalSeconds, Stopwatch.GetElapsedTime(ran).TotalSeconds);
        return new ScoreResult(score, times, steps);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _input.Dispose();
        _sessionOptions.Dispose();
    }
}
