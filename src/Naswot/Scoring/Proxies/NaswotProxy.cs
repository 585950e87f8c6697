using System.Diagnostics;
using Naswot.Networks;
using Naswot.Runtime;

namespace Naswot.Scoring.Proxies;

/// <summary>How ReLUs enter the NASWOT kernel.</summary>
public enum ReluCount
{
    /// <summary>As the reference code: a tap inside a module it also hooks (NB201's ReLU-Conv-BN) counts once more.</summary>
    Reference,

    /// <summary>The paper's formula: every ReLU counts once.</summary>
    Once,
}

/// <summary>
/// The NASWOT score (Mellor et al., ICML 2021): over the counted ReLUs, K[i,j] += N_A − Hamming(c_i, c_j) for the
/// binary codes c of the batch's images at each ReLU's input; the score is log|det K|, −∞ when K is singular.
/// </summary>
/// <remarks>K holds integers, accumulated exactly from codes packed 64 to a word; the log-determinant is in doubles.</remarks>
public sealed record NaswotProxy(ReluCount ReluCount = ReluCount.Reference) : IProxy
{
    private static readonly SettingSpec ReluCountSetting = SettingSpec.Choice("relu-count",
        "reference: as the original code (inputs of NB201's ReLU-Conv-BN ops twice); once: the paper's formula", "reference", "reference", "once");

    /// <summary>The registry's entry.</summary>
    public static ProxyDefinition Definition { get; } = new("naswot",
        "log|det K| of the batch's ReLU codes (Mellor et al. 2021)", [ReluCountSetting],
        settings => new NaswotProxy(settings["relu-count"] == "once" ? ReluCount.Once : ReluCount.Reference));

    /// <inheritdoc/>
    public string Name => Definition.Name;

    /// <summary>1 since the first release; unchanged by the engine's redesign (scores bit-identical).</summary>
    public int Version => 1;

    /// <inheritdoc/>
    public SettingValues Settings => SettingValues.Of(Definition.Settings,
        new Dictionary<string, string> { ["relu-count"] = ReluCount == ReluCount.Once ? "once" : "reference" });

    /// <inheritdoc/>
    public ProxyNeeds Needs => ProxyNeeds.SignTaps;

    /// <inheritdoc/>
    public IReadOnlyList<string> Steps => StepNames;

    private static readonly string[] StepNames = ["code packing", "Hamming kernel", "log-det"];

    /// <summary>How many times a tap enters the kernel under the chosen counting rule.</summary>
    public static int Weight(Tap tap, ReluCount mode)
    {
        ArgumentNullException.ThrowIfNull(tap);
        return mode == ReluCount.Reference ? tap.Relus + tap.Wrappers : tap.Relus;
    }

    /// <inheritdoc/>
    public IProxyEvaluator CreateEvaluator(int batchSize, RuntimeOptions runtime)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        return new Evaluator(batchSize, ReluCount, runtime.Kernels);
    }

    /// <summary>The kernel and the log-determinant's scratch matrix, reused from one network to the next.</summary>
    private sealed class Evaluator(int batchSize, ReluCount mode, KernelPath path) : IProxyEvaluator
    {
        private readonly long[] _kernel = new long[batchSize * batchSize];
        private readonly double[] _factors = new double[batchSize * batchSize];

        public double Evaluate(NetworkGraph graph, ForwardPass? forward, Span<double> stepSeconds)
        {
            ArgumentNullException.ThrowIfNull(graph);
            ArgumentNullException.ThrowIfNull(forward);
            Array.Clear(_kernel);
            var (codes, kernel) = TapKernel.Accumulate(graph, forward, batchSize, mode, _kernel, path);
            long start = Stopwatch.GetTimestamp();
            double score = LogDeterminant.OfSymmetric(_kernel, batchSize, _factors);
            stepSeconds[0] = codes;
            stepSeconds[1] = kernel;
            stepSeconds[2] = Stopwatch.GetElapsedTime(start).TotalSeconds;
            return score;
        }
    }
}
