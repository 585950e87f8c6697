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
/// <para>BatchNorm statistics, as the code takes them: each BatchNorm's <c>running_var</c>, which starts at 1 and, with
/// PyTorch's momentum m = 0.1, follows every training-mode pass: R ← (1 − m)·R + m·v, v the unbiased batch variance
/// (M/(M − 1) times the biased one the BatchNorm normalises with, M its images × positions). The code averages 32
/// repeats of the score on one model, so the running statistics carry over from repeat to repeat: repeat r reads
/// R_r = (1 − m)²·R_{r−1} + m(1 − m)·v₁ + m·v₂ after its plain (v₁) and perturbed (v₂) pass. Here one pair of passes is
/// run and its variances are carried through <c>zen-repeats</c> such updates, the BatchNorm term being the mean over
/// them of log sqrt(mean_c R_r): what the code's average gives when every repeat's batch variances are this pair's.
/// The paper's σ is the batch statistic itself; with it a BatchNorm fed only zeros (an NB201 conv reading a node only
/// <c>none</c> feeds) would make the network −∞, where the code's running value decays towards 0 over the repeats.
/// Batch: the run's B images of noise (B = 128 by default, against the code's 16). The noise and the Gaussian weights
/// come from <c>zen-seed</c>, the same for every network; labels and the real images play no part.</para>
/// </remarks>
public sealed record ZenProxy(double Alpha = 0.01, ulong Seed = 1, int Repeats = 32) : IProxy
{
    private static readonly SettingSpec AlphaSetting = SettingSpec.Choice("zen-alpha", "α, the perturbation's scale (Zen-NAS: 0.01)", "0.01", "0.01", "0.001", "0.1");

    private static readonly SettingSpec SeedSetting = SettingSpec.Integer("zen-seed", "seed of the Gaussian input, its perturbation and the Gaussian weights", 1, 0, int.MaxValue);

    private static readonly SettingSpec RepeatsSetting = SettingSpec.Integer("zen-repeats",
        "repeats of Zen-NAS's average whose BatchNorm running variances are followed (Zen-NAS: 32)", 32, 1, 1000);

    /// <summary>The registry's entry.</summary>
    public static ProxyDefinition Definition { get; } = new("zen",
        "Zen-score: log of the pre-pooling map's change under a small input perturbation, Gaussian weights and input, plus the BatchNorm scales (Lin et al. 2021)",
        [AlphaSetting, SeedSetting, RepeatsSetting],
        s => new ZenProxy(double.Parse(s["zen-alpha"], CultureInfo.InvariantCulture), (ulong)s.Integer("zen-seed"), s.Integer("zen-repeats")));

    /// <inheritdoc/>
    public string Name => Definition.Name;

    /// <inheritdoc/>
    public int Version => 1;

    /// <inheritdoc/>
    public SettingValues Settings => SettingValues.Of(Definition.Settings, new Dictionary<string, string>
    {
        ["zen-alpha"] = Alpha.ToString(CultureInfo.InvariantCulture),
        ["zen-seed"] = Seed.ToString(CultureInfo.InvariantCulture),
        ["zen-repeats"] = Repeats.ToString(CultureInfo.InvariantCulture),
    });

    /// <inheritdoc/>
    public ProxyNeeds Needs => ProxyNeeds.GaussianPair;

    /// <inheritdoc/>
    public GaussianInput Noise => new(Alpha, Seed);

    /// <inheritdoc/>
    public IReadOnlyList<string> Steps => StepNames;

    private static readonly string[] StepNames = ["difference and BN scales"];

    /// <inheritdoc/>
    public IProxyEvaluator CreateEvaluator(int batchSize, RuntimeOptions runtime) => new Evaluator(batchSize, Repeats);

    /// <summary>PyTorch's BatchNorm momentum, with which <c>running_var</c> follows the batches.</summary>
    public const double Momentum = 0.1;

    /// <summary>
    /// The BatchNorm term of one BatchNorm: the mean over <paramref name="repeats"/> repeats of log sqrt(mean_c R_r), the
    /// channel mean of <c>running_var</c> after repeat r, each repeat's passes having unbiased channel-mean variances
    /// <paramref name="plain"/> and <paramref name="perturbed"/>, from R_0 = 1.
    /// </summary>
    public static double BatchNormTerm(double plain, double perturbed, int repeats)
    {
        double running = 1, sum = 0;
        for (int r = 0; r < repeats; r++)
        {
            running = (1 - Momentum) * ((1 - Momentum) * running + Momentum * plain) + Momentum * perturbed;
            sum += 0.5 * Math.Log(running);
        }
        return sum / repeats;
    }

    private sealed class Evaluator(int batchSize, int repeats) : IProxyEvaluator
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
                // running_var is linear in the variances, so its channel mean follows their channel means.
                double unbiased = probe.Elements / (probe.Elements - 1.0), first = 0, second = 0;
                for (int c = 0; c < plain.Length; c++)
                {
                    first += plain[c];
                    second += twin[c];
                }
                score += BatchNormTerm(first * unbiased / plain.Length, second * unbiased / plain.Length, repeats);
            }
            stepSeconds[0] = Stopwatch.GetElapsedTime(start).TotalSeconds;
            return score;
        }
    }
}
