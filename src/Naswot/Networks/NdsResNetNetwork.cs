using Naswot.Spaces;

namespace Naswot.Networks;

/// <summary>
/// Networks of the NDS ResNet, ResNeXt-A and ResNeXt-B spaces as NASWOT's code builds them from an NDS record
/// (BayesWatch/nas-without-training@b3a82a66: nasspace.py <c>NDS.get_network</c>, and its vendored pycls
/// pycls/models/anynet.py <c>AnyNet</c>, pycls/core/net.py <c>init_weights</c>, pycls/core/config.py defaults).
/// </summary>
/// <remarks>
/// <para>
/// Stem: NASWOT swaps NDS's stem for pycls's ImageNet one, <c>res_stem_in</c> of width 12: a 7×7 stride-2 conv, BN,
/// ReLU and a 3×3 stride-2 max pool (a 32×32 image leaves it 8×8). Then pycls's stages: each a row of blocks whose
/// first one strides and, where the shape changes, adds a projection (1×1 conv with the block's stride, BN) to the
/// residual branch instead of the identity; the sum goes through a ReLU. Head: global average pooling and a linear layer.
/// </para>
/// <para>
/// NDS records list four stages, the first fixed at one block of width 16 with stride 1 (bottleneck ratio 0, one
/// group; microsoft/nni@a5ce917e:docs/source/tutorials/nasbench_as_dataset.py shows such records, and
/// walkerning/aw_nas@732a0035:examples/research/surgery/nds/dump_archyaml_and_gtpkl.py reads the sampled three from
/// index 1 on). NASWOT passes all four to <c>AnyNet</c>. With basic blocks that first stage is a 12→16 residual block
/// (layers <c>s1.*</c>), built here. With bottleneck blocks its ratio 0 makes a zero-width 3×3 conv of 0 groups, which
/// PyTorch refuses (<c>Conv2d</c>'s divisibility check computes 0 % 0), so the original cannot build them: there the
/// stage is left out and the 12-wide stem feeds the first sampled stage. The sampled stages are <c>s2</c>–<c>s4</c>, strides 1, 2, 2.
/// </para>
/// <para>
/// Groups: NASWOT renames NDS's number of groups <c>num_gs</c> to pycls's group width <c>gws</c>, so a bottleneck
/// block's 3×3 conv has w_b/g groups, not g (see <see cref="NdsStage.GroupWidth"/>); built so, as the scores NASWOT
/// reports came from these networks.
/// </para>
/// <para>
/// Weights as pycls's <c>init_weights</c>: convs N(0, 2/(k²·out_channels)), BN γ=1, β=0 (<c>ZERO_INIT_FINAL_GAMMA</c> is
/// off by default), the linear layer N(0, 0.01) with zero bias. BN in training mode, ε=1e-5. Every ReLU is a bare
/// <c>nn.ReLU</c> (in-place, which leaves the sign of what the hook reads unchanged) on the path to the output, so each
/// one's input is a tap counted once. NASWOT's classifier has one output; this one has the dataset's classes, which
/// changes no tap and so no score. Its stages (<see cref="OnnxGraphBuilder.MarkStage"/>) are the stem's output (after
/// its max pool) and every block's.
/// </para>
/// </remarks>
public static class NdsResNetNetwork
{
    /// <summary>Channels of NASWOT's stem for these spaces (<c>stem_w = 12</c>).</summary>
    public const int StemWidth = 12;

    /// <summary>Width of the fixed first stage of NDS's records.</summary>
    public const int FirstStageWidth = 16;

    private static readonly int[] SampledStrides = [1, 2, 2];

    /// <summary>The builder of <paramref name="space"/>'s networks that the search-space registry holds.</summary>
    public static INetworkBuilder BuilderOf(NdsResNetSpace space) => new NdsResNetNetworkBuilder(space);

    /// <summary>The network of <paramref name="architecture"/> for images and classes of <paramref name="shape"/>.</summary>
    public static NetworkGraph Build(NdsResNetArchitecture architecture, NetworkShape shape, int batchSize, ulong initSeed) =>
        Build(architecture, shape, batchSize, new OnnxGraphBuilder(initSeed));

    /// <summary>Trainable parameters of the network, without drawing its weights.</summary>
    public static long CountParameters(NdsResNetArchitecture architecture, NetworkShape shape) =>
        BuildWithoutWeights(architecture, shape, 1).Parameters;

    /// <summary>The network without its weights: parameter and FLOP counts only, quickly.</summary>
    internal static NetworkGraph BuildWithoutWeights(NdsResNetArchitecture architecture, NetworkShape shape, int batchSize) =>
        Build(architecture, shape, batchSize, new OnnxGraphBuilder(0, countOnly: true));

    private static NetworkGraph Build(NdsResNetArchitecture architecture, NetworkShape shape, int batchSize, OnnxGraphBuilder g)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        string x = g.Input(batchSize, shape.Channels, shape.Height, shape.Width);
        x = ConvBn(g, x, StemWidth, 7, 2, "stem.conv", "stem.bn");
        x = g.MaxPool(Relu(g, x), 3, 2, 1);
        g.MarkStage(x);
        int width = StemWidth;
        if (architecture.Block == NdsBlock.ResBasic)
        {
            x = BasicBlock(g, x, width, FirstStageWidth, 1, "s1.b1");
            g.MarkStage(x);
            width = FirstStageWidth;
        }
        for (int s = 0; s < NdsResNetArchitecture.StageCount; s++)
        {
            var stage = architecture.Stages[s];
            for (int b = 0; b < stage.Depth; b++)
            {
                int stride = b == 0 ? SampledStrides[s] : 1;
                string layer = $"s{s + 2}.b{b + 1}";
                x = architecture.Block == NdsBlock.ResBasic
                    ? BasicBlock(g, x, width, stage.Width, stride, layer)
                    : BottleneckBlock(g, x, width, stage, stride, layer);
                g.MarkStage(x);
                width = stage.Width;
            }
        }
        string logits = g.Linear(g.GlobalAveragePool(x), shape.Classes, "head.fc", WeightInit.Normal(0.01));
        return g.Build(logits);
    }

    /// <summary>pycls's <c>ResBasicBlock</c>: f = [3×3 conv (stride), BN, ReLU, 3×3 conv, BN].</summary>
    private static string BasicBlock(OnnxGraphBuilder g, string x, int wIn, int wOut, int stride, string layer)
    {
        string a = Relu(g, ConvBn(g, x, wOut, 3, stride, $"{layer}.f.a", $"{layer}.f.a_bn"));
        string f = ConvBn(g, a, wOut, 3, 1, $"{layer}.f.b", $"{layer}.f.b_bn");
        return Residual(g, x, f, wIn, wOut, stride, layer);
    }

    /// <summary>
    /// pycls's <c>ResBottleneckBlock</c>: f = [1×1 conv to w_b, BN, ReLU, 3×3 conv (stride, w_b/gw groups), BN, ReLU,
    /// 1×1 conv to w_out, BN].
    /// </summary>
    private static string BottleneckBlock(OnnxGraphBuilder g, string x, int wIn, NdsStage stage, int stride, string layer)
    {
        int wB = stage.BottleneckWidth;
        string a = Relu(g, ConvBn(g, x, wB, 1, 1, $"{layer}.f.a", $"{layer}.f.a_bn"));
        string b = Relu(g, ConvBn(g, a, wB, 3, stride, $"{layer}.f.b", $"{layer}.f.b_bn", stage.Groups));
        string f = ConvBn(g, b, stage.Width, 1, 1, $"{layer}.f.c", $"{layer}.f.c_bn");
        return Residual(g, x, f, wIn, stage.Width, stride, layer);
    }

    /// <summary>ReLU(proj(x) + f) where the shape changes (pycls's <c>proj_block</c>), else ReLU(x + f).</summary>
    private static string Residual(OnnxGraphBuilder g, string x, string f, int wIn, int wOut, int stride, string layer)
    {
        string shortcut = wIn != wOut || stride != 1 ? ConvBn(g, x, wOut, 1, stride, $"{layer}.proj", $"{layer}.bn") : x;
        return Relu(g, g.Add(shortcut, f));
    }

    /// <summary>Conv (no bias, padding k/2, He fan-out normal init) → training-mode BN.</summary>
    private static string ConvBn(OnnxGraphBuilder g, string x, int outChannels, int kernel, int stride, string conv, string bn, int groups = 1) =>
        g.BatchNorm(g.Conv(x, outChannels, kernel, stride, kernel / 2, conv, groups: groups, init: WeightInit.KaimingNormalFanOut), bn);

    /// <summary>A bare <c>nn.ReLU</c>: the hook counts its input once.</summary>
    private static string Relu(OnnxGraphBuilder g, string x)
    {
        g.Tap(x, inWrapper: false);
        return g.Relu(x);
    }
}

/// <summary>Networks of one NDS ResNet-family space from its architecture strings.</summary>
internal sealed class NdsResNetNetworkBuilder(NdsResNetSpace space) : INetworkBuilder
{
    public IReadOnlyList<SettingSpec> Settings { get; } = [];

    public NetworkGraph Build(string architecture, NetworkSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var parsed = space.Parse(architecture);
        return spec.WithoutWeights
            ? NdsResNetNetwork.BuildWithoutWeights(parsed, spec.Shape, spec.BatchSize)
            : NdsResNetNetwork.Build(parsed, spec.Shape, spec.BatchSize, spec.InitSeed);
    }
}
