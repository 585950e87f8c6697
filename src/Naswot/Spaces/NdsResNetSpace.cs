using System.Globalization;

namespace Naswot.Spaces;

/// <summary>
/// The NDS ResNet, ResNeXt-A and ResNeXt-B design spaces on CIFAR-10 (Radosavovic et al. 2019, "On Network Design
/// Spaces for Visual Recognition", arXiv 1905.13214, Table 1): three stages, each with its own depth d and width w,
/// and for the ResNeXt spaces its own bottleneck ratio (1/r) and groups g, every value from a short list spaced about
/// evenly in log space. The lists of ResNet and ResNeXt-A are the ones walkerning/aw_nas builds these spaces from
/// (@732a0035:examples/research/surgery/nds/plugin/germ_nds.py, GermResNet and GermResNextA). ResNeXt-B's wider
/// widths (64–1024) and groups (1–16) are UNVERIFIED: no readable copy of the paper's table nor any public code that
/// lists them was found here, so they rest on a recollection of the paper's Table 1 and must be checked before
/// results on this space are published.
/// </summary>
/// <remarks>
/// No benchmark: NDS's trained accuracies (its <c>ResNet.json</c>, <c>ResNeXt-A.json</c>, <c>ResNeXt-B.json</c>) are
/// not bundled, so these spaces score and search but do not correlate. Not enumerable: 1.3 million to 53 million members.
/// </remarks>
public sealed class NdsResNetSpace : ISearchSpace
{
    private static readonly string[] BlockNames = [.. Enum.GetValues<NdsBlock>().Select(NdsResNetArchitecture.BlockName)];

    private readonly string _title;
    private readonly int[] _depths;
    private readonly int[] _widths;
    private readonly double[] _ratios;
    private readonly int[] _groupWidths;

    private NdsResNetSpace(string name, string title, NdsBlock block, int[] depths, int[] widths, double[] ratios, int[] groupWidths)
    {
        Name = name;
        _title = title;
        Block = block;
        _depths = depths;
        _widths = widths;
        _ratios = ratios;
        _groupWidths = groupWidths;
    }

    /// <summary>NDS ResNet: basic blocks, d ∈ {1, …, 24} (9 values), w ∈ {16, …, 256} (12 values).</summary>
    public static NdsResNetSpace ResNet { get; } = new("nds-resnet", "ResNet", NdsBlock.ResBasic,
        [1, 2, 3, 4, 6, 8, 12, 16, 24], [16, 24, 32, 40, 48, 64, 80, 96, 128, 160, 192, 256], [], []);

    /// <summary>NDS ResNeXt-A: bottleneck blocks, d ∈ {1, …, 16}, w ∈ {16, …, 256}, r ∈ {1, 2, 4}, g ∈ {1, 2, 4}.</summary>
    public static NdsResNetSpace ResNeXtA { get; } = new("nds-resnext-a", "ResNeXt-A", NdsBlock.ResBottleneck,
        [1, 2, 4, 8, 16], [16, 32, 64, 128, 256], [0.25, 0.5, 1], [1, 2, 4]);

    /// <summary>NDS ResNeXt-B: as ResNeXt-A with wider stages, w ∈ {64, …, 1024}, and more groups, g ∈ {1, …, 16}.</summary>
    public static NdsResNetSpace ResNeXtB { get; } = new("nds-resnext-b", "ResNeXt-B", NdsBlock.ResBottleneck,
        [1, 2, 4, 8, 16], [64, 128, 256, 512, 1024], [0.25, 0.5, 1], [1, 2, 4, 8, 16]);

    /// <summary>The three spaces.</summary>
    public static IReadOnlyList<NdsResNetSpace> All { get; } = [ResNet, ResNeXtA, ResNeXtB];

    /// <inheritdoc/>
    public string Name { get; }

    /// <summary>The block every stage repeats.</summary>
    public NdsBlock Block { get; }

    /// <summary>The depths a stage takes.</summary>
    public IReadOnlyList<int> Depths => _depths;

    /// <summary>The widths a stage takes.</summary>
    public IReadOnlyList<int> Widths => _widths;

    /// <summary>The bottleneck ratios (pycls's <c>bm</c> = 1/r) a stage takes; none for basic blocks.</summary>
    public IReadOnlyList<double> BottleneckRatios => _ratios;

    /// <summary>The group parameters (NDS's g, given to pycls as <c>gw</c>: see <see cref="NdsStage.GroupWidth"/>) a stage takes; none for basic blocks.</summary>
    public IReadOnlyList<int> GroupWidths => _groupWidths;

    /// <inheritdoc/>
    public string Description => Block == NdsBlock.ResBasic
        ? $"NDS {_title} (CIFAR): 3 stages of basic blocks, depth {Values(_depths)}, width {Values(_widths)}; no benchmark"
        : $"NDS {_title} (CIFAR): 3 stages of bottleneck blocks, depth {Values(_depths)}, width {Values(_widths)}, bottleneck ratio {Values(_ratios)}, groups {Values(_groupWidths)}; no benchmark";

    /// <inheritdoc/>
    public string ArchitectureFormat => (Block == NdsBlock.ResBasic ? "ds=d1,d2,d3;ws=w1,w2,w3" : "ds=d1,d2,d3;ws=w1,w2,w3;bms=b1,b2,b3;gws=g1,g2,g3")
        + $"[;block={NdsResNetArchitecture.BlockName(Block)}], one value per stage from the space's lists (naswot spaces)";

    /// <summary>(choices of one stage)³: 1,259,712 for ResNet, 11,390,625 for ResNeXt-A, 52,734,375 for ResNeXt-B.</summary>
    public long Size
    {
        get
        {
            long perStage = (long)_depths.Length * _widths.Length * Math.Max(1, _ratios.Length) * Math.Max(1, _groupWidths.Length);
            return perStage * perStage * perStage;
        }
    }

    /// <summary>
    /// Every stage at the last value of each list: deepest, widest, bottleneck ratio 1 and the largest group width,
    /// which with NASWOT's group rule (groups = w_b/gw) means the fewest groups: the most parameters and FLOPs.
    /// </summary>
    public string Largest
    {
        get
        {
            var stage = new NdsStage(_depths[^1], _widths[^1], _ratios.LastOrDefault(), _groupWidths.LastOrDefault());
            return new NdsResNetArchitecture(Block, [stage, stage, stage]).ToString();
        }
    }

    /// <inheritdoc/>
    public bool IsEnumerable => false;

    /// <summary>
    /// The architecture of <c>key=values</c> parts joined by ';' in any order: <c>ds</c> and <c>ws</c>, for the ResNeXt
    /// spaces <c>bms</c> and <c>gws</c>, three values each, and optionally <c>block</c> (the space's own).
    /// </summary>
    /// <exception cref="ArchitectureException">Not a member of the space; the one-line message names the problem.</exception>
    public NdsResNetArchitecture Parse(string architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        if (TryParse(architecture, out var parsed, out string? error)) return parsed;
        throw new ArchitectureException($"NDS {_title} architecture '{architecture.Trim()}': {error}");
    }

    /// <summary>As <see cref="Parse"/>, with the problem in <paramref name="error"/> instead of an exception.</summary>
    public bool TryParse(string architecture, out NdsResNetArchitecture parsed, out string? error)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        parsed = null!;
        string[] keys = Block == NdsBlock.ResBasic ? ["ds", "ws"] : ["ds", "ws", "bms", "gws"];
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string part in architecture.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                error = $"'{part}' is not key=values (expected {string.Join(", ", keys)} and optionally block)";
                return false;
            }
            string key = part[..equals].Trim().ToLowerInvariant();
            if (key != "block" && !keys.Contains(key))
            {
                error = key is "bms" or "gws"
                    ? $"{Name} has no {key}: its {NdsResNetArchitecture.BlockName(Block)} stages have no bottleneck or groups"
                    : $"unknown key '{key}' (expected {string.Join(", ", keys)} and optionally block)";
                return false;
            }
            if (!values.TryAdd(key, part[(equals + 1)..].Trim()))
            {
                error = $"{key} given twice";
                return false;
            }
        }
        if (keys.FirstOrDefault(k => !values.ContainsKey(k)) is { } missing)
        {
            error = $"{missing} missing (expected {string.Join(", ", keys)})";
            return false;
        }
        if (values.TryGetValue("block", out string? block) && !IsOwnBlock(block, out error)) return false;

        var stages = new NdsStage[NdsResNetArchitecture.StageCount];
        if (!TryList(values, "ds", _depths, out int[] depths, out error) || !TryList(values, "ws", _widths, out int[] widths, out error)) return false;
        double[] ratios = new double[stages.Length];
        int[] groupWidths = new int[stages.Length];
        if (Block == NdsBlock.ResBottleneck
            && (!TryList(values, "bms", _ratios, out ratios, out error) || !TryList(values, "gws", _groupWidths, out groupWidths, out error)))
            return false;
        // Within these lists every gw divides w_b (at least 4 in ResNeXt-A, where gw ≤ 4, and 16 in ResNeXt-B, where
        // gw ≤ 16, all powers of two), so every member builds.
        for (int s = 0; s < stages.Length; s++) stages[s] = new NdsStage(depths[s], widths[s], ratios[s], groupWidths[s]);
        parsed = new NdsResNetArchitecture(Block, stages);
        return true;
    }

    /// <summary>
    /// One architecture drawn as NDS samples its design spaces: every parameter of every stage independently and
    /// uniformly from its list (stage by stage: d, w, then for ResNeXt bm and g), so uniformly over the space.
    /// </summary>
    public NdsResNetArchitecture SampleArchitecture(SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var stages = new NdsStage[NdsResNetArchitecture.StageCount];
        for (int s = 0; s < stages.Length; s++)
        {
            int depth = _depths[random.NextInt(_depths.Length)], width = _widths[random.NextInt(_widths.Length)];
            stages[s] = Block == NdsBlock.ResBasic
                ? new NdsStage(depth, width, 0, 0)
                : new NdsStage(depth, width, _ratios[random.NextInt(_ratios.Length)], _groupWidths[random.NextInt(_groupWidths.Length)]);
        }
        return new NdsResNetArchitecture(Block, stages);
    }

    /// <summary>
    /// One stage drawn uniformly, one of its parameters drawn uniformly (d or w; for ResNeXt also bm or g), and that
    /// parameter changed to another value of its list drawn uniformly: a member that differs in exactly one value.
    /// </summary>
    public NdsResNetArchitecture MutateArchitecture(NdsResNetArchitecture architecture, SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(random);
        int index = random.NextInt(NdsResNetArchitecture.StageCount);
        var stage = architecture.Stages[index];
        var mutated = random.NextInt(Block == NdsBlock.ResBasic ? 2 : 4) switch
        {
            0 => stage with { Depth = Other(_depths, stage.Depth, random) },
            1 => stage with { Width = Other(_widths, stage.Width, random) },
            2 => stage with { BottleneckRatio = Other(_ratios, stage.BottleneckRatio, random) },
            _ => stage with { GroupWidth = Other(_groupWidths, stage.GroupWidth, random) },
        };
        return architecture.With(index, mutated);
    }

    /// <inheritdoc/>
    public string Canonicalize(string architecture) => Parse(architecture).ToString();

    /// <inheritdoc/>
    public string Sample(SeededRandom random) => SampleArchitecture(random).ToString();

    /// <inheritdoc/>
    public string Mutate(string architecture, SeededRandom random) => MutateArchitecture(Parse(architecture), random).ToString();

    /// <summary>Never: the space is too large to list.</summary>
    /// <exception cref="NaswotException">Always.</exception>
    public IEnumerable<string> Enumerate() =>
        throw new NaswotException($"the {Name} space ({Size:N0} architectures) cannot be enumerated; draw from it with sample or search");

    /// <summary>Null: NDS numbers no architectures, and no NDS table is bundled.</summary>
    public string? Identify(string architecture)
    {
        Parse(architecture);
        return null;
    }

    private bool IsOwnBlock(string block, out string? error)
    {
        string own = NdsResNetArchitecture.BlockName(Block);
        error = string.Equals(block, own, StringComparison.OrdinalIgnoreCase) ? null
            : BlockNames.Contains(block, StringComparer.OrdinalIgnoreCase) ? $"block {block.ToLowerInvariant()} is not {Name}'s: its stages are {own}"
            : $"unknown block type '{block}' (valid: {string.Join(", ", BlockNames)})";
        return error is null;
    }

    /// <summary>Three values of <paramref name="key"/>, each one of <paramref name="allowed"/>.</summary>
    private static bool TryList<T>(Dictionary<string, string> values, string key, T[] allowed, out T[] list, out string? error)
        where T : struct, IParsable<T>
    {
        string[] texts = values[key].Split(',', StringSplitOptions.TrimEntries);
        list = new T[texts.Length];
        if (texts.Length != NdsResNetArchitecture.StageCount)
        {
            error = $"{key} has {texts.Length} value{(texts.Length == 1 ? "" : "s")}, expected {NdsResNetArchitecture.StageCount} (one per stage)";
            return false;
        }
        for (int s = 0; s < texts.Length; s++)
        {
            if (!T.TryParse(texts[s], CultureInfo.InvariantCulture, out list[s]))
            {
                error = $"{key} value '{texts[s]}' is not a number";
                return false;
            }
            if (!allowed.Contains(list[s]))
            {
                error = $"{key} {texts[s]} (stage {s + 1}) is not one of {Values(allowed)}";
                return false;
            }
        }
        error = null;
        return true;
    }

    private static T Other<T>(T[] values, T current, SeededRandom random)
    {
        int at = Array.IndexOf(values, current);
        int other = random.NextInt(values.Length - 1);
        return values[other >= at ? other + 1 : other];
    }

    private static string Values<T>(T[] values) => string.Join(",", values.Select(v => string.Create(CultureInfo.InvariantCulture, $"{v}")));
}
