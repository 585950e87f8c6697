using System.Diagnostics;
using System.Globalization;
using Naswot.Networks;
using Naswot.Runtime;

namespace Naswot.Scoring.Proxies;

/// <summary>
/// Zen-score (Lin et al., ICCV 2021): with every convolution and linear layer re-drawn from N(0, 1) (biases 0,
/// BatchNorm γ = 1, β = 0), Gaussian input x and its perturbation x + α·ε,
/// Zen = log E_b[Σ_{c,h,w} |f(x) − f(x + α·ε)|] + Σ_BN log sqrt(mean_c σ²_c), f the map global pooling reads.
/// </summary>
/// <remarks>
/// <para>Source read: idstcv/ZenNAS@ec107550:ZeroShotProxy/compute_zen_score.py (<c>network_weight_gaussian_init</c>,
/// <c>compute_nas_score</c>: mixup_gamma 0.01, batch 16, 32 repeats averaged). Not copied.</para>
/// <para>BatchNorm statistics, as the code takes them: each BatchNorm's <c>running_var</c> after the two passes in
/// training mode, from PyTorch's initial 1 and momentum m = 0.1: (1 − m)² + m(1 − m)·v₁ + m·v₂, v the unbiased batch
/// variance (M/(M − 1) times the biased one a BatchNorm normalises with, M its images × positions) of the plain pass
/// (v₁) and the perturbed one (v₂). The paper's σ is the batch statistic itself; with it a BatchNorm fed only zeros (an
/// NB201 conv reading a node that only <c>none</c> feeds) would make every such network −∞, while the running value
/// stays above 0.81. Batch: the run's B images of noise (B = 128 by default, against the code's 16), once, not 32
/// times: a larger batch estimates the same expectation. The noise and the Gaussian weights come from <c>zen-seed</c>,
/// the same for every network; labels and the real images play no part.</para>
/// </remarks>
public sealed record ZenProxy(double Alpha = 0.01, ulong Seed = 1) : IProxy
{
    private static readonly SettingSpec AlphaSetting = SettingSpec.Choice("zen-alpha", "α, the perturbation's scale (Zen-NAS: 0.01)", "0.01", "0.01", "0.001", "0.1");

    private static readonly SettingSpec SeedSetting = SettingSpec.Integer("zen-seed", "seed of the Gaussian input, its perturbation and the Gaussian weights", 1, 0, int.MaxValue);

    /// <summary>The registry's entry.</summary>
    public static ProxyDefinition Definition { get; } = new("zen",
        "Zen-score: log of the pre-pooling map's change under a small input perturbation, Gaussian weights and input, plus the BatchNorm scales (Lin et al. 2021)",
        [AlphaSetting, SeedSetting], s => new ZenProxy(double.Parse(s["zen-alpha"], CultureInfo.InvariantCulture), (ulong)s.Integer("zen-seed")));

    /// <inheritdoc/>
    public string Name => Definition.Name;

    /// <inheritdoc/>
    public int Version => 1;

    /// <inheritdoc/>
    public SettingValues Settings => SettingValues.Of(Definition.Settings, new Dictionary<string, string>
    {
        ["zen-alpha"] = Alpha.ToString(CultureInfo.InvariantCulture),
        ["zen-seed"] = Seed.ToString(CultureInfo.InvariantCulture),
    });

    /// <inheritdoc/>
    public ProxyNeeds Needs => ProxyNeeds.GaussianPair;

    /// <inheritdoc/>
    public GaussianInput Noise => new(Alpha, Seed);

    /// <inheritdoc/>
    public IReadOnlyList<string> Steps => StepNames;

    private static readonly string[] StepNames = ["difference and BN scales"];

    /// <inheritdoc/>
    public IProxyEvaluator CreateEvaluator(int batchSize, RuntimeOptions runtime) => new Evaluator(batchSize);

    /// <summary>PyTorch's BatchNorm momentum, with which <c>running_var</c> follows the batches.</summary>
    public const double Momentum = 0.1;

    /// <summary><c>running_var</c> of a fresh BatchNorm (1) after two training-mode batches of unbiased variances <paramref name="first"/>, <paramref name="second"/>.</summary>
    public static double RunningVariance(double first, double second) =>
        (1 - Momentum) * ((1 - Momentum) * 1 + Momentum * first) + Momentum * second;

    private sealed class Evaluator(int batchSize) : IProxyEvaluator
    {
        public double Evaluate(NetworkGraph graph, ForwardPass? forward, Span<double> stepSeconds)
        {
            ArgumentNullException.ThrowIfNull(graph);
            ArgumentNullException.ThrowIfNull(forward);
            var perturbed = forward.Perturbed ?? throw new ArgumentException("Zen needs the perturbed pass", nameof(forward));
            long start = Stopwatch.GetTimestamp();
            string map = graph.Probes.Single(p => p.Kind == ProbeKind.PrePool).Tensor;
            double difference = 0;
            var a = forward.Values(map);
            var b = perturbed.Values(map);
            for (int i = 0; i < a.Length; i++) difference += Math.Abs((double)a[i] - b[i]);
            double score = Math.Log(difference / batchSize);
            foreach (var probe in graph.Probes)
            {
                if (probe.Kind != ProbeKind.BatchNormVariance) continue;
                var plain = forward.Values(probe.Tensor);
                var twin = perturbed.Values(probe.Tensor);
                double unbiased = probe.Elements / (probe.Elements - 1.0), sum = 0;
                for (int c = 0; c < plain.Length; c++) sum += RunningVariance(plain[c] * unbiased, twin[c] * unbiased);
                score += 0.5 * Math.Log(sum / plain.Length);
            }
            stepSeconds[0] = Stopwatch.GetElapsedTime(start).TotalSeconds;
            return score;
        }
    }
}
