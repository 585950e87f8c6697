namespace Naswot.Spaces;

/// <summary>
/// The NATS-Bench size search space (NATS-SSS): one fixed NB201 cell, the widths of the network's five layers
/// searched, 8⁵ = 32,768 architectures numbered as the benchmark numbers them (<see cref="NatsSssWidths"/>).
/// </summary>
/// <remarks>
/// No accuracy tables of this space are bundled, so it has no benchmark here: <c>correlate</c> and <c>experiment</c>
/// refuse it, and <c>search</c> draws from the space itself and reports scores only.
/// </remarks>
public sealed class NatsSssSpace : ISearchSpace
{
    private NatsSssSpace()
    {
    }

    /// <summary>The space.</summary>
    public static NatsSssSpace Instance { get; } = new();

    /// <summary>
    /// The cell every NATS-SSS network repeats, the best of NB201 on CIFAR-100 validation as NATS-Bench chose it
    /// (D-X-Y/AutoDL-Projects@f46486e2:exps/NATS-Bench/main-sss.py); the benchmark's configs carry it as <c>genotype</c>.
    /// </summary>
    public static Nb201Cell Cell { get; } =
        Nb201Cell.Parse("|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|");

    /// <inheritdoc/>
    public string Name => "nats-sss";

    /// <inheritdoc/>
    public string Description => "NATS-Bench size space: 32,768 networks of one fixed NB201 cell, five layer widths of 8..64 each; no accuracy tables";

    /// <inheritdoc/>
    public string ArchitectureFormat => "c0:c1:c2:c3:c4, each width one of " + NatsSssWidths.ValidWidths;

    /// <inheritdoc/>
    public long Size => NatsSssWidths.Count;

    /// <summary>Every layer 64 wide: the most parameters and FLOPs of the space.</summary>
    public string Largest => "64:64:64:64:64";

    /// <inheritdoc/>
    public bool IsEnumerable => true;

    /// <summary>All architectures in benchmark index order.</summary>
    public IEnumerable<NatsSssWidths> All()
    {
        for (int index = 0; index < NatsSssWidths.Count; index++) yield return NatsSssWidths.FromIndex(index);
    }

    /// <summary>
    /// Each width drawn uniformly, so each of the 32,768 architectures with the same chance: NATS-Bench's own
    /// <c>random_size_func</c> (D-X-Y/AutoDL-Projects@f46486e2:exps/NATS-algos/regularized_ea.py).
    /// </summary>
    public NatsSssWidths SampleWidths(SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return NatsSssWidths.FromIndex(random.NextInt(NatsSssWidths.Count));
    }

    /// <summary>
    /// One layer drawn uniformly gets one of the seven other widths, drawn uniformly. NATS-Bench's
    /// <c>mutate_size_func</c> (regularized_ea.py) draws the new width from all eight and so returns the parent
    /// unchanged one time in eight; this is that mutation given that it changed something, as a neighbour must.
    /// </summary>
    public NatsSssWidths MutateWidths(NatsSssWidths widths, SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        Span<int> values = stackalloc int[NatsSssWidths.Layers];
        for (int l = 0; l < values.Length; l++) values[l] = widths[l];
        int layer = random.NextInt(NatsSssWidths.Layers);
        int current = values[layer] / NatsSssWidths.Step - 1;
        int other = random.NextInt(NatsSssWidths.Choices - 1);
        values[layer] = ((other >= current ? other + 1 : other) + 1) * NatsSssWidths.Step;
        return NatsSssWidths.FromWidths(values);
    }

    /// <inheritdoc/>
    public string Canonicalize(string architecture) => NatsSssWidths.Parse(architecture).ToString();

    /// <inheritdoc/>
    public string Sample(SeededRandom random) => SampleWidths(random).ToString();

    /// <inheritdoc/>
    public string Mutate(string architecture, SeededRandom random) => MutateWidths(NatsSssWidths.Parse(architecture), random).ToString();

    /// <inheritdoc/>
    public IEnumerable<string> Enumerate() => All().Select(w => w.ToString());

    /// <summary>"NATS-SSS index 11", the benchmark's number of the architecture.</summary>
    public string? Identify(string architecture) => $"NATS-SSS index {NatsSssWidths.Parse(architecture).Index}";
}
