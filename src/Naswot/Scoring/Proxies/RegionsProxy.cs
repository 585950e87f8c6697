using Naswot.Networks;
using Naswot.Runtime;

namespace Naswot.Scoring.Proxies;

/// <summary>
/// TE-NAS's linear regions (Chen, Gong &amp; Wang, ICLR 2021): the number of distinct activation patterns among the
/// batch's images, an image's pattern being the signs [x &gt; 0] of every ReLU input of the network. Images with one
/// pattern lie in one linear region of the network's input space, so the count estimates the regions the batch meets.
/// </summary>
/// <remarks>
/// <para>Source read: VITA-Group/TENAS@1115d109:lib/procedures/linear_region_counter.py (<c>LinearRegionCount.calc_LR</c>:
/// n = Σᵢ 1 / #{j : pattern j = pattern i}, which is the number of distinct patterns). Not copied.</para>
/// <para>It reads the same images × neurons sign matrix as <see cref="SwapProxy"/>, along the other axis: SWAP counts
/// distinct neuron rows (each a pattern over the images), this counts distinct image rows (each a pattern over the
/// neurons), so it is at most B. Two images share a pattern when the Hamming distance of their codes, summed over the
/// taps, is 0: the NASWOT kernel with every tap once, K[i,j] = Σ neurons exactly where the patterns agree.</para>
/// <para>TE-NAS counts 3 × 1,000 single-channel 3×3 crops through a network built for them; here the run's B full
/// images through the space's own network. Full images rarely share a pattern, so on real networks the count
/// saturates at B and ranks little: it is here for comparison, and on the small inputs of its paper it behaves as
/// the paper says (more neurons, more regions).</para>
/// </remarks>
public sealed record RegionsProxy : IProxy
{
    /// <summary>The proxy.</summary>
    public static RegionsProxy Instance { get; } = new();

    /// <summary>The registry's entry.</summary>
    public static ProxyDefinition Definition { get; } = new("regions",
        "distinct ReLU activation patterns among the batch's images: linear regions (TE-NAS, Chen et al. 2021)", [], _ => Instance);

    /// <inheritdoc/>
    public string Name => Definition.Name;

    /// <inheritdoc/>
    public int Version => 1;

    /// <inheritdoc/>
    public SettingValues Settings => SettingValues.None;

    /// <inheritdoc/>
    public ProxyNeeds Needs => ProxyNeeds.SignTaps;

    /// <inheritdoc/>
    public IReadOnlyList<string> Steps => StepNames;

    private static readonly string[] StepNames = ["code packing", "Hamming kernel"];

    /// <inheritdoc/>
    public IProxyEvaluator CreateEvaluator(int batchSize, RuntimeOptions runtime)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        return new Evaluator(batchSize, runtime.Kernels);
    }

    private sealed class Evaluator(int batchSize, KernelPath path) : IProxyEvaluator
    {
        private readonly long[] _agreements = new long[batchSize * batchSize];

        public double Evaluate(NetworkGraph graph, ForwardPass? forward, Span<double> stepSeconds)
        {
            ArgumentNullException.ThrowIfNull(graph);
            ArgumentNullException.ThrowIfNull(forward);
            Array.Clear(_agreements);
            var (codes, kernel) = TapKernel.Accumulate(graph, forward, batchSize, null, _agreements, path);
            long neurons = graph.Taps.Sum(t => (long)t.ElementsPerImage);
            stepSeconds[0] = codes;
            stepSeconds[1] = kernel;
            // An image starts a new region unless a later one has its pattern (the kernel holds the upper triangle, j ≥ i).
            int regions = 0;
            for (int i = 0; i < batchSize; i++)
            {
                bool later = false;
                for (int j = i + 1; j < batchSize && !later; j++) later = _agreements[i * batchSize + j] == neurons;
                if (!later) regions++;
            }
            return regions;
        }
    }
}
