using System.Diagnostics;
using Naswot.Networks;
using Naswot.Runtime;

namespace Naswot.Scoring.Proxies;

/// <summary>
/// MeCo (Jiang, Wang &amp; Bie, NeurIPS 2023): Σ over layers of λ_min(P), P the channel × channel Pearson correlation
/// of one image's feature map of the layer (each channel a vector of its H·W values); a channel of constant values,
/// whose correlations are undefined, gets 0 in its row and column. <c>meco-opt</c> correlates 8 of each layer's
/// channels, drawn per layer from a fixed seed (all channels where it has 8 or fewer).
/// </summary>
/// <remarks>
/// <para>Source read: HamsterMimi/MeCo@189df25f:zero-cost-nas/foresight/pruners/measures/meco.py (a forward hook on every
/// module reads <c>data_output[0]</c>, the first sample's output, <c>torch.corrcoef</c> of its channels, NaN and ±∞
/// set to 0, the minimum real eigenvalue, summed); its NB201 script (correlation/foresight/pruners/measures/meco.py
/// @3f6d16e7) draws one Gaussian 64×64 sample instead. Not copied.</para>
/// <para>Here: the first image of the run's batch, in the same forward pass as the other proxies (so its BatchNorms
/// normalise with the whole batch's statistics), and every layer output of the builder once (<see cref="ProbeKind.Layer"/>:
/// convolution, BatchNorm, ReLU, pooling, sum, concatenation, zero), where the hooks see a tensor once per module
/// that returns it. Layers of one position or after global pooling add 0 there and are not read here.</para>
/// </remarks>
public sealed record MecoProxy(int Channels = 0) : IProxy
{
    /// <summary>Channels <c>meco-opt</c> correlates per layer.</summary>
    public const int OptChannels = 8;

    /// <summary>The registry's entry of <c>meco</c>.</summary>
    public static ProxyDefinition Definition { get; } = new("meco",
        "Σ over layers of the smallest eigenvalue of one image's channel correlation (Jiang et al. 2023)", [], _ => new MecoProxy());

    /// <summary>The registry's entry of <c>meco-opt</c>.</summary>
    public static ProxyDefinition OptDefinition { get; } = new("meco-opt",
        $"MeCo on {OptChannels} random channels per layer (Jiang et al. 2023)", [], _ => new MecoProxy(OptChannels));

    /// <inheritdoc/>
    public string Name => Channels == 0 ? Definition.Name : OptDefinition.Name;

    /// <inheritdoc/>
    public int Version => 1;

    /// <inheritdoc/>
    public SettingValues Settings => SettingValues.None;

    /// <inheritdoc/>
    public ProxyNeeds Needs => ProxyNeeds.LayerMaps;

    /// <inheritdoc/>
    public IReadOnlyList<string> Steps => StepNames;

    private static readonly string[] StepNames = ["correlation and eigenvalues"];

    /// <inheritdoc/>
    public IProxyEvaluator CreateEvaluator(int batchSize, RuntimeOptions runtime) => new Evaluator(Channels);

    /// <summary>The channels of a layer of <paramref name="channels"/> that <c>meco-opt</c> reads: 8 drawn without replacement, in order.</summary>
    public static int[] Sampled(Probe layer, int channels, int count)
    {
        ArgumentNullException.ThrowIfNull(layer);
        int[] all = [.. Enumerable.Range(0, channels)];
        if (count == 0 || count >= channels) return all;
        var random = SeededRandom.For(0, layer.Tensor);
        for (int i = 0; i < count; i++)
        {
            int j = i + random.NextInt(channels - i);
            (all[i], all[j]) = (all[j], all[i]);
        }
        return [.. all[..count].Order()];
    }

    /// <summary>λ_min of the Pearson correlation of <paramref name="map"/>'s rows <paramref name="rows"/> (each of <paramref name="positions"/> values).</summary>
    /// <param name="map">One image's C×H×W map, channel after channel.</param>
    /// <param name="correlation">Scratch of at least rows² doubles.</param>
    /// <param name="values">Scratch of at least rows doubles; so are <paramref name="means"/> and <paramref name="norms"/>.</param>
    public static double MinCorrelationEigenvalue(ReadOnlySpan<float> map, int positions, ReadOnlySpan<int> rows, Span<double> correlation, Span<double> values,
        Span<double> means, Span<double> norms)
    {
        int n = rows.Length;
        for (int a = 0; a < n; a++)
        {
            var x = map.Slice(rows[a] * positions, positions);
            double sum = 0;
            foreach (float v in x) sum += v;
            double mean = sum / positions, squares = 0;
            foreach (float v in x) squares += (v - mean) * (v - mean);
            means[a] = mean;
            norms[a] = Math.Sqrt(squares);
        }
        for (int a = 0; a < n; a++)
        {
            var x = map.Slice(rows[a] * positions, positions);
            for (int b = a; b < n; b++)
            {
                var y = map.Slice(rows[b] * positions, positions);
                double product = 0;
                for (int i = 0; i < positions; i++) product += (x[i] - means[a]) * (y[i] - means[b]);
                double r = norms[a] == 0 || norms[b] == 0 ? 0 : product / (norms[a] * norms[b]);
                correlation[a * n + b] = correlation[b * n + a] = r;
            }
        }
        // The means are spent: they serve as the eigen-solver's scratch.
        return SymmetricEigen.Min(correlation[..(n * n)], n, values, means);
    }

    /// <summary>Scratch sized for the widest layer so far, reused from one network to the next.</summary>
    private sealed class Evaluator(int channels) : IProxyEvaluator
    {
        private double[] _correlation = [], _values = [], _means = [], _norms = [];
        private readonly Dictionary<(string, int), int[]> _rows = [];

        public double Evaluate(NetworkGraph graph, ForwardPass? forward, Span<double> stepSeconds)
        {
            ArgumentNullException.ThrowIfNull(graph);
            ArgumentNullException.ThrowIfNull(forward);
            double score = 0;
            long start = Stopwatch.GetTimestamp();
            foreach (var layer in graph.Probes)
            {
                if (layer.Kind != ProbeKind.Layer || layer.Positions < 2) continue;
                if (!_rows.TryGetValue((layer.Tensor, layer.Channels), out var rows))
                    _rows[(layer.Tensor, layer.Channels)] = rows = Sampled(layer, layer.Channels, channels);
                int n = rows.Length;
                if (_correlation.Length < n * n)
                {
                    _correlation = new double[n * n];
                    (_values, _means, _norms) = (new double[n], new double[n], new double[n]);
                }
                score += MinCorrelationEigenvalue(forward.Values(NetworkGraph.OutputOf(layer, "first")), layer.Positions, rows, _correlation, _values, _means, _norms);
            }
            stepSeconds[0] = Stopwatch.GetElapsedTime(start).TotalSeconds;
            return score;
        }
    }
}
