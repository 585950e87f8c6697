using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using Naswot.Data;
using Naswot.Networks;
using Naswot.Runtime;

namespace Naswot.Scoring;

/// <summary>
/// Scores networks with one or more proxies on one fixed batch: one forward pass per input kind that the proxies need
/// (the batch, with every output any of them reads; Gaussian noise and its perturbed twin for Zen-NAS), each network
/// in its own ONNX Runtime session, then each proxy's evaluator. One instance serves one thread and owns the native
/// resources shared by all its networks.
/// </summary>
public sealed class NetworkScorer : IDisposable
{
    private readonly InputTensor _input;
    private readonly SessionOptions _sessionOptions;
    private readonly IProxyEvaluator[] _evaluators;
    private readonly NetworkOutputs _batchOutputs;
    private readonly Dictionary<GaussianInput, (InputTensor Noise, InputTensor Perturbed)> _noise = [];

    /// <summary>A scorer of networks with <paramref name="proxy"/> on <paramref name="batch"/>.</summary>
    public NetworkScorer(ImageBatch batch, IProxy proxy, RuntimeOptions runtime) : this(batch, [proxy], runtime)
    {
    }

    /// <summary>A scorer of networks with each of <paramref name="proxies"/> on <paramref name="batch"/>.</summary>
    public NetworkScorer(ImageBatch batch, IReadOnlyList<IProxy> proxies, RuntimeOptions runtime)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(proxies);
        ArgumentNullException.ThrowIfNull(runtime);
        if (proxies.Count == 0) throw new ArgumentException("no proxy to score with", nameof(proxies));
        Batch = batch;
        Proxies = proxies;
        _input = new InputTensor(batch.Pixels, batch.Count, batch.Channels, batch.Height, batch.Width);
        _sessionOptions = SessionOptionsFactory.Create(runtime);
        _evaluators = [.. proxies.Select(p => p.CreateEvaluator(batch.Count, runtime))];
        _batchOutputs = BatchOutputs(proxies.Aggregate(ProxyNeeds.Counts, (needs, p) => needs | p.Needs));
        foreach (var noise in proxies.Select(p => p.Noise).OfType<GaussianInput>().Distinct())
            _noise[noise] = NoiseOf(noise, batch);
    }

    /// <summary>The images every network sees.</summary>
    public ImageBatch Batch { get; }

    /// <summary>The first proxy every network is scored with.</summary>
    public IProxy Proxy => Proxies[0];

    /// <summary>The proxies every network is scored with, in order.</summary>
    public IReadOnlyList<IProxy> Proxies { get; }

    /// <summary>The first proxy's value for <paramref name="graph"/>, built for this batch's size.</summary>
    /// <exception cref="OnnxRuntimeException">ONNX Runtime could not load or run the network.</exception>
    public ScoreResult Score(NetworkGraph graph) => ScoreAll(graph)[0];

    /// <summary>
    /// Each proxy's value for <paramref name="graph"/>, built for this batch's size, in the order of
    /// <see cref="Proxies"/>. A result's session and forward times are those of the pass its proxy read (shared with
    /// the other proxies of that input); its proxy time is its own.
    /// </summary>
    /// <exception cref="OnnxRuntimeException">ONNX Runtime could not load or run the network.</exception>
    public IReadOnlyList<ScoreResult> ScoreAll(NetworkGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var results = new ScoreResult[Proxies.Count];
        if (Proxies.Any(p => (p.Needs & ProxyNeeds.GaussianPair) == 0))
        {
            var times = new PhaseTimes();
            ForwardPass? forward = null;
            try
            {
                if (_batchOutputs != NetworkOutputs.None) (forward, times) = Run(graph.WithOutputs(_batchOutputs), _input, null);
                for (int i = 0; i < Proxies.Count; i++)
                {
                    if ((Proxies[i].Needs & ProxyNeeds.GaussianPair) != 0) continue;
                    results[i] = Evaluate(i, graph, Proxies[i].Needs == ProxyNeeds.Counts ? null : forward, Proxies[i].Needs == ProxyNeeds.Counts ? default : times);
                }
            }
            finally
            {
                forward?.Dispose();
            }
        }
        foreach (var (noise, (input, perturbed)) in _noise)
        {
            var zen = graph.WithGaussianWeights(noise.Seed).WithOutputs(NetworkOutputs.PrePoolMap | NetworkOutputs.BatchNormVariances);
            var (forward, times) = Run(zen, input, perturbed);
            using (forward)
            {
                for (int i = 0; i < Proxies.Count; i++)
                    if (Proxies[i].Noise == noise) results[i] = Evaluate(i, graph, forward, times);
            }
        }
        return results;
    }

    /// <summary>The outputs the batch's pass must give for <paramref name="needs"/>; none where no proxy reads the batch.</summary>
    internal static NetworkOutputs BatchOutputs(ProxyNeeds needs) =>
        (needs.HasFlag(ProxyNeeds.SignTaps) ? NetworkOutputs.SignTaps : NetworkOutputs.None) |
        (needs.HasFlag(ProxyNeeds.LayerMaps) ? NetworkOutputs.LayerMaps : NetworkOutputs.None) |
        (needs.HasFlag(ProxyNeeds.StageGrams) ? NetworkOutputs.StageGrams : NetworkOutputs.None);

    /// <summary>Whether any of <paramref name="proxies"/> runs the network (so its graph needs weights).</summary>
    public static bool RunsNetworks(IEnumerable<IProxy> proxies) => proxies.Any(p => p.Needs != ProxyNeeds.Counts);

    private ScoreResult Evaluate(int proxy, NetworkGraph graph, ForwardPass? forward, PhaseTimes times)
    {
        var steps = new double[Proxies[proxy].Steps.Count];
        long start = Stopwatch.GetTimestamp();
        double value = _evaluators[proxy].Evaluate(graph, forward, steps);
        return new ScoreResult(value, times with { Proxy = Stopwatch.GetElapsedTime(start).TotalSeconds }, steps);
    }

    /// <summary>
    /// One session of <paramref name="graph"/>, run on <paramref name="input"/> (and on <paramref name="twin"/>, as the
    /// pass's perturbed one); the pass owns the session, so its outputs never outlive it.
    /// </summary>
    private (ForwardPass Forward, PhaseTimes Times) Run(NetworkGraph graph, InputTensor input, InputTensor? twin)
    {
        long start = Stopwatch.GetTimestamp();
        var session = new NetworkSession(graph, _sessionOptions);
        long created = Stopwatch.GetTimestamp();
        ForwardPass forward;
        try
        {
            forward = session.Forward(input);
        }
        catch
        {
            session.Dispose();
            throw;
        }
        forward.Session = session;
        try
        {
            if (twin is not null) forward.Perturbed = session.Forward(twin);
        }
        catch
        {
            forward.Dispose();
            throw;
        }
        var times = new PhaseTimes(0, Stopwatch.GetElapsedTime(start, created).TotalSeconds, Stopwatch.GetElapsedTime(created).TotalSeconds, 0);
        return (forward, times);
    }

    /// <summary>x ~ N(0, 1) of the batch's shape and x + α·ε, ε ~ N(0, 1), each from its own stream of the seed.</summary>
    internal static (InputTensor Noise, InputTensor Perturbed) NoiseOf(GaussianInput noise, ImageBatch batch)
    {
        int count = batch.Pixels.Length;
        float[] x = new float[count], twin = new float[count];
        var images = SeededRandom.For(noise.Seed, "gaussian input");
        var perturbation = SeededRandom.For(noise.Seed, "gaussian perturbation");
        for (int i = 0; i < count; i++)
        {
            x[i] = (float)images.NextGaussian();
            twin[i] = (float)(x[i] + noise.Alpha * perturbation.NextGaussian());
        }
        return (new InputTensor(x, batch.Count, batch.Channels, batch.Height, batch.Width),
            new InputTensor(twin, batch.Count, batch.Channels, batch.Height, batch.Width));
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _input.Dispose();
        foreach (var (noise, perturbed) in _noise.Values)
        {
            noise.Dispose();
            perturbed.Dispose();
        }
        _sessionOptions.Dispose();
    }
}
