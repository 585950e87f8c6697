using Naswot.Networks;
using Naswot.Runtime;

namespace Naswot.Scoring;

/// <summary>What a proxy needs from a network, so that each network gets only the work its proxy needs.</summary>
[Flags]
public enum ProxyNeeds
{
    /// <summary>Parameter and FLOP counts only: the graph is built without weights and never run.</summary>
    Counts = 0,

    /// <summary>One forward pass on the batch, with each tap's signs (x &gt; 0) as outputs.</summary>
    SignTaps = 1,

    /// <summary>The forward pass on the batch, with the first image's map of every layer (<see cref="NetworkOutputs.LayerMaps"/>).</summary>
    LayerMaps = 2,

    /// <summary>The forward pass on the batch, with each stage's Gram matrix and channel means (<see cref="NetworkOutputs.StageGrams"/>).</summary>
    StageGrams = 4,

    /// <summary>
    /// Two forward passes of the network re-initialised from N(0, 1) (<see cref="NetworkGraph.WithGaussianWeights"/>), on
    /// Gaussian images and on their perturbed twin (<see cref="IProxy.Noise"/>), each with the pre-pooling map and the
    /// BatchNorm variances: Zen-NAS's input.
    /// </summary>
    GaussianPair = 8,
}

/// <summary>
/// Gaussian input and its perturbed twin, as Zen-NAS draws them: x ~ N(0, 1) and x + α·ε with ε ~ N(0, 1), both of the
/// batch's shape, drawn once from <paramref name="Seed"/> (so every network sees the same ones).
/// </summary>
public sealed record GaussianInput(double Alpha, ulong Seed);

/// <summary>
/// A training-free score of a network: a pure function of the network, the batch and the proxy's settings. Its
/// name, version and settings are part of every stored score's key.
/// </summary>
public interface IProxy
{
    /// <summary>Short name used on the command line and in stored keys, e.g. <c>naswot</c>.</summary>
    string Name { get; }

    /// <summary>Bumped whenever a change to the code changes this proxy's numbers, so stored ones are not reused.</summary>
    int Version { get; }

    /// <summary>The proxy's settings, canonical (e.g. <c>relu-count=reference</c>).</summary>
    SettingValues Settings { get; }

    /// <summary>What the proxy needs from each network.</summary>
    ProxyNeeds Needs { get; }

    /// <summary>The Gaussian input of a proxy that needs <see cref="ProxyNeeds.GaussianPair"/>; null for the others.</summary>
    GaussianInput? Noise => null;

    /// <summary>Names of the steps of <see cref="IProxyEvaluator.Evaluate"/> it times, e.g. "Hamming kernel".</summary>
    IReadOnlyList<string> Steps { get; }

    /// <summary>The proxy's working state for one thread: scratch buffers sized for the batch.</summary>
    IProxyEvaluator CreateEvaluator(int batchSize, RuntimeOptions runtime);
}

/// <summary>One thread's evaluator of a proxy; scores networks one after another without allocating per network.</summary>
public interface IProxyEvaluator
{
    /// <summary>The proxy's value for <paramref name="graph"/>; −∞ ranks below every other value.</summary>
    /// <param name="forward">
    /// The forward pass of the proxy's input where it needs one: on the batch (<see cref="ProxyNeeds.SignTaps"/>,
    /// <see cref="ProxyNeeds.LayerMaps"/>, <see cref="ProxyNeeds.StageGrams"/>), or on Gaussian input with its perturbed
    /// twin as <see cref="ForwardPass.Perturbed"/> (<see cref="ProxyNeeds.GaussianPair"/>); null for counts.
    /// </param>
    /// <param name="stepSeconds">Where to write the seconds of each of <see cref="IProxy.Steps"/>.</param>
    double Evaluate(NetworkGraph graph, ForwardPass? forward, Span<double> stepSeconds);
}

/// <summary>A registered proxy: its name, what it measures, the settings it takes, and how to make it.</summary>
public sealed record ProxyDefinition(string Name, string Description, IReadOnlyList<SettingSpec> Settings, Func<SettingValues, IProxy> Create)
{
    /// <summary>The proxy with the given settings (defaults for the rest).</summary>
    /// <exception cref="NaswotException">A setting is not this proxy's, or its value is not one it takes.</exception>
    public IProxy With(IReadOnlyDictionary<string, string>? settings = null) => Create(SettingValues.Of(Settings, settings));
}
