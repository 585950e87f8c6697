using System.Globalization;

namespace Naswot.Spaces;

/// <summary>The residual block that every stage of an NDS ResNet-family network repeats, by its pycls name.</summary>
public enum NdsBlock
{
    /// <summary><c>res_basic_block</c>: ReLU(x + [3×3 conv, BN, ReLU, 3×3 conv, BN](x)), the ResNet space's block.</summary>
    ResBasic,

    /// <summary>
    /// <c>res_bottleneck_block</c>: ReLU(x + [1×1 conv, BN, ReLU, grouped 3×3 conv, BN, ReLU, 1×1 conv, BN](x)), the
    /// ResNeXt spaces' block.
    /// </summary>
    ResBottleneck,
}

/// <summary>
/// One stage of blocks of the same output width (pycls's <c>AnyStage</c>): its first block strides and projects
/// where the shape changes, the others keep it.
/// </summary>
/// <param name="Depth">Blocks in the stage (NDS's d).</param>
/// <param name="Width">Output channels of every block (NDS's w).</param>
/// <param name="BottleneckRatio">
/// Width of a bottleneck block's inner convs over <paramref name="Width"/> (pycls's <c>bm</c>, NDS's 1/r); 0 for basic blocks.
/// </param>
/// <param name="GroupWidth">
/// What NASWOT's code gives pycls as the group width <c>gw</c>: the value NDS samples as its number of groups g
/// (<c>num_gs</c>, renamed <c>gws</c> in nas-without-training's nasspace.py), so the 3×3 conv has
/// <see cref="BottleneckWidth"/>/gw groups; 0 for basic blocks.
/// </param>
public readonly record struct NdsStage(int Depth, int Width, double BottleneckRatio, int GroupWidth)
{
    /// <summary>pycls's <c>w_b = int(round(w·bm))</c>: channels of a bottleneck block's inner convs.</summary>
    public int BottleneckWidth => (int)Math.Round(Width * BottleneckRatio, MidpointRounding.ToEven);

    /// <summary>pycls's <c>g = w_b // gw</c>: groups of a bottleneck block's 3×3 conv.</summary>
    public int Groups => BottleneckWidth / GroupWidth;
}

/// <summary>
/// An architecture of the NDS ResNet, ResNeXt-A and ResNeXt-B spaces: the block type and the three sampled stages,
/// whose strides are 1, 2, 2. Its text is the canonical form, e.g.
/// <c>ds=1,2,4;ws=16,32,64;bms=0.25,0.5,1;gws=1,2,4;block=res_bottleneck_block</c> (no <c>bms</c> or <c>gws</c> for basic blocks).
/// </summary>
public sealed class NdsResNetArchitecture
{
    /// <summary>Stages that NDS samples: its records hold a fourth, first one, fixed (see the network builder).</summary>
    public const int StageCount = 3;

    private readonly NdsStage[] _stages;

    /// <summary>The architecture of <paramref name="stages"/> (three) of <paramref name="block"/>s; ranges are the space's to check.</summary>
    public NdsResNetArchitecture(NdsBlock block, IReadOnlyList<NdsStage> stages)
    {
        ArgumentNullException.ThrowIfNull(stages);
        if (stages.Count != StageCount) throw new ArgumentException($"{stages.Count} stages, expected {StageCount}", nameof(stages));
        Block = block;
        _stages = [.. stages];
    }

    /// <summary>The block every stage repeats.</summary>
    public NdsBlock Block { get; }

    /// <summary>The three stages, in order (strides 1, 2, 2).</summary>
    public IReadOnlyList<NdsStage> Stages => _stages;

    /// <summary>The pycls name of a block type, as the canonical text writes it.</summary>
    public static string BlockName(NdsBlock block) => block == NdsBlock.ResBasic ? "res_basic_block" : "res_bottleneck_block";

    /// <summary>This architecture with stage <paramref name="index"/> replaced.</summary>
    public NdsResNetArchitecture With(int index, NdsStage stage)
    {
        var stages = (NdsStage[])_stages.Clone();
        stages[index] = stage;
        return new NdsResNetArchitecture(Block, stages);
    }

    /// <summary>The canonical text: <c>ds=…;ws=…[;bms=…;gws=…];block=…</c>.</summary>
    public override string ToString()
    {
        string List<T>(Func<NdsStage, T> value) => string.Join(',', _stages.Select(s => string.Create(CultureInfo.InvariantCulture, $"{value(s)}")));
        string bottleneck = Block == NdsBlock.ResBottleneck ? $";bms={List(s => s.BottleneckRatio)};gws={List(s => s.GroupWidth)}" : "";
        return $"ds={List(s => s.Depth)};ws={List(s => s.Width)}{bottleneck};block={BlockName(Block)}";
    }
}
