using System.Buffers;
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
/// first <c>swap-images</c> (16) images of the run's batch, once: with BatchNorm after every convolution the signs
/// depend on the weights' directions, not their scale. More images can only split rows, and with many of them almost
/// every neuron's row is its own (SWAP then counts neurons): compare scores of one image count.</para>
/// <para>μ and σ: the paper tunes them per space; the defaults here (μ = 800 K parameters, σ = 200 000) are not the
/// paper's and only keep NB201's range (73 K to 1.5 M) within reach of the factor. Off by default.</para>
/// </remarks>
public sealed record SwapProxy(bool Regular = false, int Mu = 800, int Sigma = 200_000, int Images = 16) : IProxy
{
    private static readonly SettingSpec RegularSetting = SettingSpec.Choice("swap-regular",
        "multiply by SWAP's parameter-size factor exp(-(params/1000 - mu)^2/sigma)", "off", "off", "on");

    private static readonly SettingSpec MuSetting = SettingSpec.Integer("swap-mu", "μ of the factor, in thousands of parameters", 800, 0, 1_000_000);

    private static readonly SettingSpec SigmaSetting = SettingSpec.Integer("swap-sigma", "σ of the factor, in (thousands of parameters)²", 200_000, 1, int.MaxValue);

    private static readonly SettingSpec ImagesSetting = SettingSpec.Integer("swap-images",
        "images of the batch whose patterns SWAP counts, the first ones (SWAP's code: 16)", 16, 1, 1_000_000);

    /// <summary>The registry's entry.</summary>
    public static ProxyDefinition Definition { get; } = new("swap",
        "distinct sample-wise activation patterns over the ReLUs (Peng et al. 2024)", [RegularSetting, MuSetting, SigmaSetting, ImagesSetting],
        s => new SwapProxy(s["swap-regular"] == "on", s.Integer("swap-mu"), s.Integer("swap-sigma"), s.Integer("swap-images")));

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
        ["swap-images"] = Images.ToString(CultureInfo.InvariantCulture),
    });

    /// <inheritdoc/>
    public ProxyNeeds Needs => ProxyNeeds.SignTaps;

    /// <inheritdoc/>
    public IReadOnlyList<string> Steps => StepNames;

    private static readonly string[] StepNames = ["transpose", "distinct rows"];

    /// <summary>The parameter-size factor of a network of <paramref name="parameters"/> parameters; 1 when off.</summary>
    public double Factor(long parameters) => Regular ? Math.Exp(-Math.Pow(parameters / 1000.0 - Mu, 2) / Sigma) : 1;

    /// <inheritdoc/>
    public IProxyEvaluator CreateEvaluator(int batchSize, RuntimeOptions runtime)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        return new Evaluator(Math.Min(batchSize, Images), this, runtime.Kernels);
    }

    /// <summary>
    /// The neurons' rows, 64 images to a word: each tap's signs packed as the NASWOT kernel packs them (an image's
    /// neurons along a row), then turned 64 × 64 bits at a time; distinct rows counted in a set reused from one network
    /// to the next (of words where B ≤ 128, else of row indices compared by content).
    /// </summary>
    private sealed class Evaluator : IProxyEvaluator, IEqualityComparer<int>
    {
        private readonly int _batch;
        private readonly int _words;
        private readonly SwapProxy _proxy;
        private readonly KernelPath _path;
        private readonly HashSet<ulong> _one = [];
        private readonly HashSet<UInt128> _two = [];
        private readonly HashSet<int> _many;
        private readonly ulong[] _block = new ulong[64];
        private ulong[] _rows = [];

        /// <param name="images">The images counted: the batch's first ones, whose signs lead each tap's output.</param>
        public Evaluator(int images, SwapProxy proxy, KernelPath path)
        {
            _batch = images;
            _words = CodePacker.WordsFor(images);
            _proxy = proxy;
            _path = path;
            _many = new HashSet<int>(this);
        }

        public double Evaluate(NetworkGraph graph, ForwardPass? forward, Span<double> stepSeconds)
        {
            ArgumentNullException.ThrowIfNull(graph);
            ArgumentNullException.ThrowIfNull(forward);
            long start = Stopwatch.GetTimestamp();
            long neurons = graph.Taps.Sum(t => (long)t.ElementsPerImage);
            if (_rows.LongLength < neurons * _words) _rows = new ulong[neurons * _words];
            int offset = 0;
            for (int t = 0; t < graph.Taps.Count; t++)
            {
                int elements = graph.Taps[t].ElementsPerImage;
                Transpose(forward.Signs(t), elements, offset);
                offset += elements;
            }
            long transposed = Stopwatch.GetTimestamp();
            int count = Distinct((int)neurons);
            stepSeconds[0] = Stopwatch.GetElapsedTime(start, transposed).TotalSeconds;
            stepSeconds[1] = Stopwatch.GetElapsedTime(transposed).TotalSeconds;
            return count * _proxy.Factor(graph.Parameters);
        }

        /// <summary>One tap's neurons into rows <paramref name="offset"/>.. of <see cref="_rows"/>.</summary>
        private void Transpose(ReadOnlySpan<byte> signs, int elements, int offset)
        {
            int words = CodePacker.WordsFor(elements);
            ulong[] packed = ArrayPool<ulong>.Shared.Rent(_batch * words);
            try
            {
                CodePacker.Pack(signs, _batch, elements, packed, _path);
                for (int k = 0; k < words; k++)
                {
                    int neuronsHere = Math.Min(64, elements - 64 * k);
                    for (int m = 0; m < _words; m++)
                    {
                        for (int i = 0; i < 64; i++)
                        {
                            int image = 64 * m + i;
                            _block[i] = image < _batch ? packed[image * words + k] : 0;
                        }
                        BitMatrix.Transpose64(_block);
                        for (int j = 0; j < neuronsHere; j++) _rows[(offset + 64 * k + j) * _words + m] = _block[j];
                    }
                }
            }
            finally
            {
                ArrayPool<ulong>.Shared.Return(packed);
            }
        }

        private int Distinct(int neurons)
        {
            switch (_words)
            {
                case 1:
                    _one.Clear();
                    for (int n = 0; n < neurons; n++) _one.Add(_rows[n]);
                    return _one.Count;
                case 2:
                    _two.Clear();
                    for (int n = 0; n < neurons; n++) _two.Add(new UInt128(_rows[2 * n + 1], _rows[2 * n]));
                    return _two.Count;
                default:
                    _many.Clear();
                    for (int n = 0; n < neurons; n++) _many.Add(n);
                    return _many.Count;
            }
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
