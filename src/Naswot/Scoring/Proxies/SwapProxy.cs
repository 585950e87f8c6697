using System.Diagnostics;
using System.Globalization;
using Naswot.Networks;
using Naswot.Runtime;

namespace Naswot.Scoring.Proxies;

/// <summary>
/// SWAP (Peng et al., ICLR 2024): the number of distinct sample-wise activation patterns. Over every ReLU, each
/// neuron (a position of a ReLU's output) gives one binary row of the batch's B images, bit b = [x_b &gt; 0]; the score
/// is the number of distinct rows of that neurons × B matrix, times, with <c>swap-regular on</c>, the parameter-size
/// factor exp(−(P/1000 − μ)² / σ) of a network of P parameters.
/// </summary>
/// <remarks>
/// <para>Source read: pym1024/SWAP@8d622560:src/metrics/swap.py (forward hooks on every <c>nn.ReLU</c> of 4-D input,
/// <c>torch.sign</c> of the outputs concatenated per sample, transposed, <c>torch.unique(dim=0)</c>;
/// <c>cal_regular_factor</c>) and src/utils/utilities.py (parameters counted in thousands). Not copied.</para>
/// <para>The taps are the ReLU inputs, and sign(relu(x)) = [x &gt; 0]: the signs the NASWOT kernel reads. A tensor read
/// by several ReLUs is tapped once; its neurons would add only duplicate rows, which leave the count unchanged. The
/// reference code scores a Gaussian-initialised network on 16 images, 32 times; here the network's own init on the
/// run's batch, once: with BatchNorm after every convolution the signs depend on the weights' directions, not their
/// scale. More images can only split rows, so scores grow with the batch size: compare scores of one batch size.</para>
/// <para>μ and σ: the paper tunes them per space; the defaults here (μ = 800 K parameters, σ = 200 000) are not the
/// paper's and only keep NB201's range (73 K to 1.5 M) within reach of the factor. Off by default.</para>
/// </remarks>
public sealed record SwapProxy(bool Regular = false, int Mu = 800, int Sigma = 200_000) : IProxy
{
    private static readonly SettingSpec RegularSetting = SettingSpec.Choice("swap-regular",
        "multiply by SWAP's parameter-size factor exp(-(params/1000 - mu)^2/sigma)", "off", "off", "on");

    private static readonly SettingSpec MuSetting = SettingSpec.Integer("swap-mu", "μ of the factor, in thousands of parameters", 800, 0, 1_000_000);

    private static readonly SettingSpec SigmaSetting = SettingSpec.Integer("swap-sigma", "σ of the factor, in (thousands of parameters)²", 200_000, 1, int.MaxValue);

    /// <summary>The registry's entry.</summary>
    public static ProxyDefinition Definition { get; } = new("swap",
        "distinct sample-wise activation patterns over the ReLUs (Peng et al. 2024)", [RegularSetting, MuSetting, SigmaSetting],
        s => new SwapProxy(s["swap-regular"] == "on", s.Integer("swap-mu"), s.Integer("swap-sigma")));

    /// <inheritdoc/>
    public string Name => Definition.Name;

    /// <inheritdoc/>
    public int Version => 1;

    /// <inheritdoc/>
    public SettingValues Settings => SettingValues.Of(Definition.Settings, new Dictionary<string, string>
    {
        ["swap-regular"] = Regular ? "on" : "off",
        ["swap-mu"] = Mu.ToString(CultureInfo.InvariantCulture),
        ["swap-sigma"] = Sigma.ToString(CultureInfo.InvariantCulture),
    });

    /// <inheritdoc/>
    public ProxyNeeds Needs => ProxyNeeds.SignTaps;

    /// <inheritdoc/>
    public IReadOnlyList<string> Steps => StepNames;

    private static readonly string[] StepNames = ["transpose", "distinct rows"];

    /// <summary>The parameter-size factor of a network of <paramref name="parameters"/> parameters; 1 when off.</summary>
    public double Factor(long parameters) => Regular ? Math.Exp(-Math.Pow(parameters / 1000.0 - Mu, 2) / Sigma) : 1;

    /// <inheritdoc/>
    public IProxyEvaluator CreateEvaluator(int batchSize, RuntimeOptions runtime) => new Evaluator(batchSize, this);

    /// <summary>The neurons' rows, packed 64 images to a word, and a set of row indices compared by content; both reused.</summary>
    private sealed class Evaluator : IProxyEvaluator, IEqualityComparer<int>
    {
        private readonly int _batch;
        private readonly int _words;
        private readonly SwapProxy _proxy;
        private readonly HashSet<int> _distinct;
        private ulong[] _rows = [];

        public Evaluator(int batchSize, SwapProxy proxy)
        {
            _batch = batchSize;
            _words = CodePacker.WordsFor(batchSize);
            _proxy = proxy;
            _distinct = new HashSet<int>(this);
        }

        public double Evaluate(NetworkGraph graph, ForwardPass? forward, Span<double> stepSeconds)
        {
            ArgumentNullException.ThrowIfNull(graph);
            ArgumentNullException.ThrowIfNull(forward);
            long start = Stopwatch.GetTimestamp();
            long neurons = graph.Taps.Sum(t => (long)t.ElementsPerImage);
            if (_rows.LongLength < neurons * _words) _rows = new ulong[neurons * _words];
            var rows = _rows.AsSpan(0, (int)(neurons * _words));
            rows.Clear();
            long offset = 0;
            for (int t = 0; t < graph.Taps.Count; t++)
            {
                var signs = forward.Signs(t);
                int elements = graph.Taps[t].ElementsPerImage;
                for (int b = 0; b < _batch; b++)
                {
                    ulong bit = 1UL << (b & 63);
                    var image = signs.Slice(b * elements, elements);
                    var words = rows[(int)(offset * _words + (b >> 6))..];
                    for (int e = 0; e < elements; e++)
                        if (image[e] != 0) words[e * _words] |= bit;
                }
                offset += elements;
            }
            long transposed = Stopwatch.GetTimestamp();
            _distinct.Clear();
            for (int n = 0; n < neurons; n++) _distinct.Add(n);
            int count = _distinct.Count;
            stepSeconds[0] = Stopwatch.GetElapsedTime(start, transposed).TotalSeconds;
            stepSeconds[1] = Stopwatch.GetElapsedTime(transposed).TotalSeconds;
            return count * _proxy.Factor(graph.Parameters);
        }

        public bool Equals(int x, int y) => _rows.AsSpan(x * _words, _words).SequenceEqual(_rows.AsSpan(y * _words, _words));

        public int GetHashCode(int row)
        {
            var hash = new HashCode();
            foreach (ulong word in _rows.AsSpan(row * _words, _words)) hash.Add(word);
            return hash.ToHashCode();
        }
    }
}
