using Naswot.Networks;
using Naswot.Runtime;

namespace Naswot.Scoring.Proxies;

/// <summary>
/// A size baseline: the network's trainable parameters (<c>params</c>), its FLOPs per image (<c>flops</c>) or its trainable layers (<c>layers</c>), read from
/// the graph built without weights; no forward pass. Published zero-cost studies find both rank networks about as
/// well as many proxies that need one.
/// </summary>
public sealed record CountProxy : IProxy
{
    private readonly Func<NetworkGraph, long> _count;

    private CountProxy(string name, Func<NetworkGraph, long> count)
    {
        Name = name;
        _count = count;
    }

    /// <summary>The <c>params</c> proxy.</summary>
    public static CountProxy Parameters { get; } = new("params", g => g.Parameters);

    /// <summary>The <c>flops</c> proxy.</summary>
    public static CountProxy Flops { get; } = new("flops", g => g.FlopsPerImage);

    /// <summary>The <c>layers</c> proxy.</summary>
    public static CountProxy Layers { get; } = new("layers", g => g.TrainableLayers);

    /// <summary>
    /// The registry's entry of <c>layers</c>: convolutions and linear layers, the "number of trainable layers" that ranks
    /// NB201 networks better than NASWOT in VKDNW's re-evaluation (CVPR 2025, Table 1).
    /// </summary>
    public static ProxyDefinition LayersDefinition { get; } = new("layers",
        "trainable layers: convolutions and linear layers, each once", [], _ => Layers);

    /// <summary>The registry's entry of <c>params</c>: trainable parameters (conv and linear weights and biases, BatchNorm γ and β).</summary>
    public static ProxyDefinition ParametersDefinition { get; } = new("params",
        "trainable parameters (conv, linear, BatchNorm γ and β)", [], _ => Parameters);

    /// <summary>The registry's entry of <c>flops</c>: floating-point operations of one image's forward pass.</summary>
    public static ProxyDefinition FlopsDefinition { get; } = new("flops",
        "FLOPs of one image's forward pass through convolutions and linear layers (a multiply-add counts 2)", [], _ => Flops);

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public int Version => 1;

    /// <inheritdoc/>
    public SettingValues Settings => SettingValues.None;

    /// <inheritdoc/>
    public ProxyNeeds Needs => ProxyNeeds.Counts;

    /// <inheritdoc/>
    public IReadOnlyList<string> Steps => [];

    /// <inheritdoc/>
    public IProxyEvaluator CreateEvaluator(int batchSize, RuntimeOptions runtime) => new Evaluator(_count);

    /// <inheritdoc/>
    public bool Equals(CountProxy? other) => other is not null && Name == other.Name;

    /// <inheritdoc/>
    public override int GetHashCode() => Name.GetHashCode(StringComparison.Ordinal);

    private sealed class Evaluator(Func<NetworkGraph, long> count) : IProxyEvaluator
    {
        public double Evaluate(NetworkGraph graph, ForwardPass? forward, Span<double> stepSeconds) => count(graph);
    }
}
