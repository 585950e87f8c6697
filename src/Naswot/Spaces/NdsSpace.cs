using System.Globalization;

namespace Naswot.Spaces;

/// <summary>
/// One of the five DARTS-family cell spaces of Network Design Spaces (Radosavovic et al., ICCV 2019,
/// arXiv 1905.13214): DARTS, ENAS, PNAS, NASNet and Amoeba. An architecture is a normal and a reduction cell, written as
/// the DARTS genotype repr, and the width and depth of its network, written <c>;width=W;depth=D</c> after it or taken
/// from the <c>width</c> and <c>depth</c> settings; its canonical text carries both.
/// </summary>
/// <remarks>
/// <para>Each space as NDS defines it: the op sets are pycls's lists (BayesWatch/nas-without-training@b74255e1f3c5d9344b68534a5549c354da7b031b:
/// pycls/models/nas/genotypes.py, <c>DARTS_OPS</c> with <c>none</c>, <c>ENAS_OPS</c>, <c>PNAS_OPS</c>, <c>NASNET_OPS</c>,
/// <c>AMOEBA_OPS</c>); the nodes per cell, the output rule and the sampled widths and depths follow NNI's implementation
/// of NDS (microsoft/nni@009e1f73e68c57ca9e799fac3f25afdf86111480:nni/nas/hub/pytorch/nasnet.py: DARTS 4 nodes,
/// the others 5; DARTS and PNAS concatenate every node, NASNet, Amoeba and ENAS the nodes no other node reads;
/// width 16, 24 or 32, depth 4, 8, 12, 16 or 20). An Amoeba genotype of NDS's data as a public NDS wrapper prints it
/// (a <c>normal_concat</c> of [3, 5, 6] over 5 nodes) shows the loose-end rule, and that wrapper's DARTS op list has <c>none</c>.
/// NDS's data stores a genotype in these fields with the network's <c>width</c> and <c>depth</c>
/// (microsoft/nni@afe42cea9ba459d3b12d92164f26fab30a9f541e:nni/nas/benchmarks/nds/db_gen.py).</para>
/// <para>No isomorphism is defined: a node's two ops in the other order compute the same sum, but their layers are
/// named (and so initialised) by position, so the texts stay apart.</para>
/// </remarks>
public sealed class NdsSpace : ISearchSpace
{
    /// <summary>The setting, and suffix key, of <see cref="NdsArchitecture.Width"/>.</summary>
    public const string WidthSetting = "width";

    /// <summary>The setting, and suffix key, of <see cref="NdsArchitecture.Depth"/>.</summary>
    public const string DepthSetting = "depth";

    /// <summary>
    /// NAS-Bench-301's training network, the one DARTS-space network with accuracies here (its init channels 32 and
    /// 8 layers: automl/nasbench301@bef57c04542ed7b181e16f6fe8b666b67194f352:nasbench301/data_generation/configs/config_0.json),
    /// inside every NDS range.
    /// </summary>
    private const int DefaultWidth = 32, DefaultDepth = 8;

    private static readonly SettingSpec Width = SettingSpec.Integer(WidthSetting,
        "Width C of NDS networks: channels of the first cells' ops (the stem has 3C, each reduction doubles C); NDS samples 16, 24, 32. " +
        "The architecture's ';width=' wins", DefaultWidth, 1, 512);

    private static readonly SettingSpec Depth = SettingSpec.Integer(DepthSetting,
        "Depth D of NDS networks: cells, with reductions at D/3 and 2D/3; NDS samples 4, 8, 12, 16, 20. The architecture's ';depth=' wins",
        DefaultDepth, 1, 100);

    // Before the spaces: static initialisers run in text order, and each space's Largest reads them.
    /// <summary>The widths NDS samples.</summary>
    public static IReadOnlyList<int> SampledWidths { get; } = [16, 24, 32];

    /// <summary>The depths NDS samples.</summary>
    public static IReadOnlyList<int> SampledDepths { get; } = [4, 8, 12, 16, 20];

    private NdsSpace(string name, string title, NdsOp[] ops, int nodes, NdsCellOutput output, NdsOp largestOp)
    {
        Name = name;
        Title = title;
        Ops = ops;
        Nodes = nodes;
        Output = output;
        Largest = LargestOf(largestOp);
    }

    /// <summary>DARTS: 4 nodes, 8 ops (<c>none</c> included, as NDS samples it), every node concatenated.</summary>
    public static NdsSpace Darts { get; } = new("nds-darts", "DARTS",
        [NdsOp.None, NdsOp.MaxPool3x3, NdsOp.AvgPool3x3, NdsOp.SkipConnect, NdsOp.SepConv3x3, NdsOp.SepConv5x5, NdsOp.DilConv3x3, NdsOp.DilConv5x5],
        4, NdsCellOutput.AllNodes, NdsOp.SepConv5x5);

    /// <summary>ENAS: 5 nodes, 5 ops, loose ends concatenated.</summary>
    public static NdsSpace Enas { get; } = new("nds-enas", "ENAS",
        [NdsOp.SkipConnect, NdsOp.SepConv3x3, NdsOp.SepConv5x5, NdsOp.AvgPool3x3, NdsOp.MaxPool3x3],
        5, NdsCellOutput.LooseEnds, NdsOp.SepConv5x5);

    /// <summary>PNAS: 5 nodes, 8 ops, every node concatenated.</summary>
    public static NdsSpace Pnas { get; } = new("nds-pnas", "PNAS",
        [NdsOp.SepConv3x3, NdsOp.SepConv5x5, NdsOp.SepConv7x7, NdsOp.Conv7x1By1x7, NdsOp.SkipConnect, NdsOp.AvgPool3x3, NdsOp.MaxPool3x3, NdsOp.DilConv3x3],
        5, NdsCellOutput.AllNodes, NdsOp.Conv7x1By1x7);

    /// <summary>NASNet: 5 nodes, 13 ops, loose ends concatenated.</summary>
    public static NdsSpace NasNet { get; } = new("nds-nasnet", "NASNet",
        [
            NdsOp.SkipConnect, NdsOp.Conv3x1By1x3, NdsOp.Conv7x1By1x7, NdsOp.DilConv3x3, NdsOp.AvgPool3x3, NdsOp.MaxPool3x3, NdsOp.MaxPool5x5,
            NdsOp.MaxPool7x7, NdsOp.Conv1x1, NdsOp.Conv3x3, NdsOp.SepConv3x3, NdsOp.SepConv5x5, NdsOp.SepConv7x7,
        ],
        5, NdsCellOutput.LooseEnds, NdsOp.Conv7x1By1x7);

    /// <summary>Amoeba: 5 nodes, 8 ops, loose ends concatenated.</summary>
    public static NdsSpace Amoeba { get; } = new("nds-amoeba", "Amoeba",
        [NdsOp.SkipConnect, NdsOp.SepConv3x3, NdsOp.SepConv5x5, NdsOp.SepConv7x7, NdsOp.AvgPool3x3, NdsOp.MaxPool3x3, NdsOp.DilSepConv3x3, NdsOp.Conv7x1By1x7],
        5, NdsCellOutput.LooseEnds, NdsOp.Conv7x1By1x7);

    /// <summary>The five spaces.</summary>
    public static IReadOnlyList<NdsSpace> All { get; } = [Darts, Enas, Pnas, NasNet, Amoeba];

    /// <inheritdoc/>
    public string Name { get; }

    /// <summary>The design space's name in NDS, e.g. <c>DARTS</c>.</summary>
    public string Title { get; }

    /// <summary>The ops a cell may use, in pycls's order (the order <see cref="SampleArchitecture"/> draws from).</summary>
    public IReadOnlyList<NdsOp> Ops { get; }

    /// <summary>Intermediate nodes per cell, each the sum of two ops.</summary>
    public int Nodes { get; }

    /// <summary>Which nodes a cell's output concatenates.</summary>
    public NdsCellOutput Output { get; }

    /// <inheritdoc/>
    public string Description =>
        $"NDS {Title} cells: {Nodes} nodes of 2 ops from {Ops.Count} ({OpNames}), " +
        $"{(Output == NdsCellOutput.AllNodes ? "every node" : "the loose ends")} concatenated; NDS samples width 16/24/32 and depth 4-20";

    /// <inheritdoc/>
    public string ArchitectureFormat =>
        "Genotype(normal=[('op', input), …], normal_concat=[…], reduce=[…], reduce_concat=[…]) as DARTS prints it, " +
        $"optionally followed by ;width=W;depth=D; {2 * Nodes} ops per cell from {OpNames}";

    /// <summary>
    /// More than <see cref="long.MaxValue"/>, so that: every cell has Π<sub>j=2..N+1</sub> (o·j)² encodings (o ops, N
    /// nodes; 2.4·10¹¹ for DARTS), and an architecture is two cells and one of 15 sampled widths and depths.
    /// </summary>
    public long Size => long.MaxValue;

    /// <summary>
    /// The sampled space's most expensive network: width 32 and depth 20, the op of the most multiply-adds at those
    /// widths on every edge (<c>sep_conv_5x5</c> for DARTS and ENAS, <c>conv_7x1_1x7</c> for the others), every node
    /// reading both cell inputs so that every node is concatenated.
    /// </summary>
    public string Largest { get; }

    /// <inheritdoc/>
    public bool IsEnumerable => false;

    /// <summary>Width and depth: what the genotype text leaves out.</summary>
    public IReadOnlyList<SettingSpec> ArchitectureSettings { get; } = [Width, Depth];

    private string OpNames => string.Join(", ", Ops.Select(o => o.Name()));

    /// <summary>
    /// The architecture <paramref name="text"/> describes; width and depth from its suffix, else from
    /// <paramref name="defaults"/> (values of <see cref="ArchitectureSettings"/>), else the settings' defaults.
    /// </summary>
    /// <exception cref="ArchitectureException">Not a member of the space; the message names the problem.</exception>
    public NdsArchitecture Parse(string text, SettingValues? defaults = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (TryParse(text, defaults, out var architecture, out string? error)) return architecture;
        string shown = text.Trim();
        if (shown.Length > 80) shown = string.Concat(shown.AsSpan(0, 77), "...");
        throw new ArchitectureException($"{Name} architecture '{shown}': {error}");
    }

    /// <summary>As <see cref="Parse"/>, with the problem in <paramref name="error"/> instead of an exception.</summary>
    public bool TryParse(string text, SettingValues? defaults, out NdsArchitecture architecture, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        architecture = null!;
        if (!NdsGenotypeText.TryParse(text, out var parsed, out error)) return false;
        if (!TryCell("normal", parsed.Normal, parsed.NormalConcat, out var normal, out error)) return false;
        if (!TryCell("reduce", parsed.Reduce, parsed.ReduceConcat, out var reduce, out error)) return false;
        if (parsed.Settings.FirstOrDefault(s => s.Name is not (WidthSetting or DepthSetting)) is { Name: { } unknown })
        {
            error = $"';{unknown}=': not a setting of {Name} (valid: {WidthSetting}, {DepthSetting})";
            return false;
        }
        if (!TrySetting(Width, parsed, defaults, out int width, out error) || !TrySetting(Depth, parsed, defaults, out int depth, out error)) return false;
        architecture = new NdsArchitecture(normal, reduce, width, depth);
        return true;
    }

    /// <summary>The canonical text, width and depth taken from the settings' defaults where the text leaves them out.</summary>
    /// <exception cref="ArchitectureException">Not a member of the space.</exception>
    public string Canonicalize(string architecture) => Parse(architecture).ToString();

    /// <summary>The canonical text, width and depth taken from <paramref name="defaults"/> where the text leaves them out.</summary>
    /// <exception cref="ArchitectureException">Not a member of the space.</exception>
    public string Canonicalize(string architecture, SettingValues defaults) => Parse(architecture, defaults).ToString();

    /// <summary>
    /// An architecture drawn as NDS samples its cell spaces: each op uniformly from the space's ops and each op's input
    /// uniformly from the states before its node, independently (so a node may read one state twice), the normal and
    /// the reduction cell apart, then width and depth uniformly from NDS's values.
    /// </summary>
    public NdsArchitecture SampleArchitecture(SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var normal = SampleCell(random);
        var reduce = SampleCell(random);
        int width = SampledWidths[random.NextInt(SampledWidths.Count)];
        int depth = SampledDepths[random.NextInt(SampledDepths.Count)];
        return new NdsArchitecture(normal, reduce, width, depth);
    }

    /// <summary>
    /// Regularised evolution's mutation (Real et al., AAAI 2019, "Regularized Evolution for Image Classifier
    /// Architecture Search", its hidden-state and op mutations): the normal or the reduction cell, one of its ops, and
    /// either its op, replaced by another of the space's, or its input, replaced by another state before its node,
    /// each drawn uniformly. Width and depth stay; the result always differs.
    /// </summary>
    public NdsArchitecture MutateArchitecture(NdsArchitecture architecture, SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(random);
        bool reduction = random.NextInt(2) == 1;
        var edges = (reduction ? architecture.Reduce : architecture.Normal).Edges.ToArray();
        int position = random.NextInt(edges.Length);
        var edge = edges[position];
        if (random.NextInt(2) == 0)
        {
            int other = random.NextInt(Ops.Count - 1);
            int current = IndexOfOp(edge.Op);
            edges[position] = edge with { Op = Ops[other >= current ? other + 1 : other] };
        }
        else
        {
            // Node k reads states 0..k+1; node 0 still has two, so there is always another.
            int states = position / 2 + 2;
            int other = random.NextInt(states - 1);
            edges[position] = edge with { Input = other >= edge.Input ? other + 1 : other };
        }
        var cell = new NdsCell(edges, Output);
        return reduction
            ? new NdsArchitecture(architecture.Normal, cell, architecture.Width, architecture.Depth)
            : new NdsArchitecture(cell, architecture.Reduce, architecture.Width, architecture.Depth);
    }

    /// <inheritdoc/>
    public string Sample(SeededRandom random) => SampleArchitecture(random).ToString();

    /// <inheritdoc/>
    public string Mutate(string architecture, SeededRandom random) => MutateArchitecture(Parse(architecture), random).ToString();

    /// <summary>Never: the space is far too large to list.</summary>
    /// <exception cref="NaswotException">Always.</exception>
    public IEnumerable<string> Enumerate() => throw new NaswotException($"the {Name} space cannot be enumerated (more than 10^22 architectures)");

    /// <summary>Null: NDS architectures have no benchmark identity beyond their text.</summary>
    public string? Identify(string architecture) => null;

    /// <inheritdoc/>
    public override string ToString() => Name;

    private NdsCell SampleCell(SeededRandom random)
    {
        var edges = new NdsEdge[2 * Nodes];
        for (int i = 0; i < edges.Length; i++)
            edges[i] = new NdsEdge(Ops[random.NextInt(Ops.Count)], random.NextInt(i / 2 + 2));
        return new NdsCell(edges, Output);
    }

    private bool TryCell(string name, IReadOnlyList<(string Op, int Input)> pairs, IReadOnlyList<int> concat, out NdsCell cell, out string? error)
    {
        cell = null!;
        if (pairs.Count != 2 * Nodes)
        {
            error = $"{name} has {pairs.Count} ops; {Name} cells have {2 * Nodes} ({Nodes} nodes of 2 ops)";
            return false;
        }
        var edges = new NdsEdge[pairs.Count];
        for (int i = 0; i < pairs.Count; i++)
        {
            var (opName, input) = pairs[i];
            string where = $"{name}[{i}] ('{opName}', {input})";
            if (!NdsOps.TryParse(opName, out var op))
            {
                error = $"{where}: unknown op '{opName}' (valid: {string.Join(", ", NdsOps.All.Select(o => o.Name()))})";
                return false;
            }
            if (IndexOfOp(op) < 0)
            {
                error = $"{where}: '{opName}' is not an op of {Name} (its ops: {OpNames})";
                return false;
            }
            int node = i / 2 + 2;
            if (input < 0 || input >= node)
            {
                error = $"{where}: input {input} out of range, node {node} reads states 0..{node - 1}";
                return false;
            }
            edges[i] = new NdsEdge(op, input);
        }
        cell = new NdsCell(edges, Output);
        if (!concat.SequenceEqual(cell.Concat))
        {
            string rule = Output == NdsCellOutput.AllNodes ? "every node" : "the nodes no other node reads";
            error = $"{name}_concat {NdsCell.FormatIndices(concat)}: {Name} concatenates {rule}, here {NdsCell.FormatIndices(cell.Concat)}";
            return false;
        }
        error = null;
        return true;
    }

    /// <summary>The suffix's value of <paramref name="spec"/>, else <paramref name="defaults"/>' value, else the spec's default; checked.</summary>
    private static bool TrySetting(SettingSpec spec, NdsGenotypeText parsed, SettingValues? defaults, out int number, out string? error)
    {
        string value = parsed.Settings.FirstOrDefault(s => s.Name == spec.Name).Value
            ?? defaults?.All.FirstOrDefault(s => s.Key == spec.Name).Value
            ?? spec.Default;
        var range = spec.Range!.Value;
        bool valid = int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out number) && number >= range.Min && number <= range.Max;
        error = valid ? null : $"{spec.Name}={value}: expected an integer {range.Min}..{range.Max}";
        return valid;
    }

    private int IndexOfOp(NdsOp op)
    {
        for (int i = 0; i < Ops.Count; i++)
            if (Ops[i] == op) return i;
        return -1;
    }

    private string LargestOf(NdsOp op)
    {
        var edges = new NdsEdge[2 * Nodes];
        for (int i = 0; i < edges.Length; i++) edges[i] = new NdsEdge(op, i % 2);
        var cell = new NdsCell(edges, Output);
        return new NdsArchitecture(cell, cell, SampledWidths[^1], SampledDepths[^1]).ToString();
    }
}
