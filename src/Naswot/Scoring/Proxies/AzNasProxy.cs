using System.Diagnostics;
using Naswot.Networks;
using Naswot.Runtime;

namespace Naswot.Scoring.Proxies;

/// <summary>
/// AZ-NAS's two forward-only components (Lee &amp; Ham, CVPR 2024). For each stage s (the stem's output and every
/// cell's or block's, <see cref="ProbeKind.Stage"/>), with Σ_s the C×C covariance of its channels over the batch's
/// images and positions and p_i = λ_i / Σλ its normalised eigenvalues, the eigen-entropy E_s = −Σ p_i log(p_i + 10⁻⁸).
/// <c>az-expressivity</c> is Σ_s E_s; <c>az-progressivity</c> is min_s (E_s − E_{s−1}), the smallest increase from one
/// stage to the next.
/// </summary>
/// <remarks>
/// <para>Source read: cvlab-yonsei/AZ-NAS@d41d5245:NB201/ZeroShotProxy/compute_az_nas_score.py (features from
/// <c>extract_cell_features</c>, NB201/custom/tss_model.py: the stem and every cell; centred, Σ = XᵀX / (B·H·W),
/// <c>eigvalsh</c>). Not copied. Its other parts: trainability needs gradients and is left out; its complexity is
/// our <c>flops</c>, which <c>--combine rank</c> can add as AZ-NAS does.</para>
/// <para>The graph computes each stage's Gram matrix and channel means (<see cref="NetworkOutputs.StageGrams"/>), in
/// floats; Σ = G/M − μμᵀ in doubles. Rounding can leave an eigenvalue of a rank-deficient Σ slightly below 0, where
/// torch would give a NaN log: here it counts as 0. AZ-NAS re-initialises with Kaiming-normal fan-in; here the
/// space's own initialisation, on the run's batch of real images (AZ-NAS's loader default).</para>
/// </remarks>
public sealed record AzNasProxy(bool Progressivity) : IProxy
{
    /// <summary>The registry's entry of <c>az-expressivity</c>.</summary>
    public static ProxyDefinition ExpressivityDefinition { get; } = new("az-expressivity",
        "Σ over stages of the eigen-entropy of the channel covariance (AZ-NAS, Lee & Ham 2024)", [], _ => new AzNasProxy(false));

    /// <summary>The registry's entry of <c>az-progressivity</c>.</summary>
    public static ProxyDefinition ProgressivityDefinition { get; } = new("az-progressivity",
        "smallest increase of the eigen-entropy from one stage to the next (AZ-NAS, Lee & Ham 2024)", [], _ => new AzNasProxy(true));

    /// <inheritdoc/>
    public string Name => Progressivity ? ProgressivityDefinition.Name : ExpressivityDefinition.Name;

    /// <inheritdoc/>
    public int Version => 1;

    /// <inheritdoc/>
    public SettingValues Settings => SettingValues.None;

    /// <inheritdoc/>
    public ProxyNeeds Needs => ProxyNeeds.StageGrams;

    /// <inheritdoc/>
    public IReadOnlyList<string> Steps => StepNames;

    private static readonly string[] StepNames = ["covariance eigenvalues"];

    /// <inheritdoc/>
    public IProxyEvaluator CreateEvaluator(int batchSize, RuntimeOptions runtime) => new Evaluator(Progressivity);

    /// <summary>−Σ p log(p + 10⁻⁸) of the normalised eigenvalues of the covariance G/M − μμᵀ (n channels).</summary>
    /// <param name="covariance">Scratch of n² doubles; <paramref name="values"/> and <paramref name="offDiagonal"/> of n.</param>
    public static double Entropy(ReadOnlySpan<float> gram, ReadOnlySpan<float> means, long count, Span<double> covariance, Span<double> values, Span<double> offDiagonal)
    {
        int n = means.Length;
        for (int a = 0; a < n; a++)
            for (int b = 0; b < n; b++) covariance[a * n + b] = gram[a * n + b] / (double)count - (double)means[a] * means[b];
        SymmetricEigen.Values(covariance[..(n * n)], n, values, offDiagonal);
        double total = 0;
        for (int i = 0; i < n; i++) total += Math.Max(values[i], 0);
        double entropy = 0;
        for (int i = 0; i < n; i++)
        {
            double p = Math.Max(values[i], 0) / total;
            entropy -= p * Math.Log(p + 1e-8);
        }
        return entropy;
    }

    private sealed class Evaluator(bool progressivity) : IProxyEvaluator
    {
        private double[] _covariance = [], _values = [], _offDiagonal = [];

        public double Evaluate(NetworkGraph graph, ForwardPass? forward, Span<double> stepSeconds)
        {
            ArgumentNullException.ThrowIfNull(graph);
            ArgumentNullException.ThrowIfNull(forward);
            long start = Stopwatch.GetTimestamp();
            double sum = 0, previous = double.NaN, smallestIncrease = double.PositiveInfinity;
            int stages = 0;
            foreach (var stage in graph.Probes)
            {
                if (stage.Kind != ProbeKind.Stage) continue;
                stages++;
                int n = stage.Channels;
                if (_covariance.Length < n * n) (_covariance, _values, _offDiagonal) = (new double[n * n], new double[n], new double[n]);
                double entropy = Entropy(forward.Values(NetworkGraph.OutputOf(stage, "gram")), forward.Values(NetworkGraph.OutputOf(stage, "mean")),
                    (long)stage.Shape[0] * stage.Positions, _covariance, _values, _offDiagonal);
                sum += entropy;
                // A NaN entropy (a stage of zeros) makes every later increase NaN, and the score −∞, as in AZ-NAS.
                if (stages > 1) smallestIncrease = double.IsNaN(entropy - previous) ? double.NaN : Math.Min(smallestIncrease, entropy - previous);
                previous = entropy;
            }
            if (stages == 0)
                throw new InvalidOperationException("the network marks no stages (OnnxGraphBuilder.MarkStage): its space's builder must mark the stem and every cell or block");
            stepSeconds[0] = Stopwatch.GetElapsedTime(start).TotalSeconds;
            // As AZ-NAS: NaN (a stage of all zeros has no spectrum to normalise) ranks last, −∞. One stage has no increase.
            double score = progressivity ? double.IsPositiveInfinity(smallestIncrease) ? double.NaN : smallestIncrease : sum;
            return double.IsNaN(score) ? double.NegativeInfinity : score;
        }
    }
}
