using System.Runtime.InteropServices;
using Naswot.Data;
using Naswot.Networks;
using Naswot.Runtime;
using Naswot.Scoring;
using Naswot.Scoring.Proxies;
using Naswot.Spaces;

namespace Naswot.Tests.Networks;

public class NdsResNetNetworkTests
{
    private static readonly NetworkShape Cifar10 = new(3, 32, 32, 10);

    /// <summary>A classifier of one output, as NASWOT's code builds these networks (<c>nc = 1</c>).</summary>
    private static readonly NetworkShape AsNaswot = Cifar10 with { Classes = 1 };

    private const string ResNetSmall = "ds=1,2,4;ws=16,32,64";
    private const string ResNet20Like = "ds=3,3,3;ws=16,32,64";
    private const string NniExample = "ds=16,1,4;ws=64,128,16;bms=0.25,0.25,0.25;gws=2,1,2";

    /// <summary>Small members of each space: the forward passes below run them.</summary>
    private static readonly (NdsResNetSpace Space, string Text)[] Small =
    [
        (NdsResNetSpace.ResNet, ResNetSmall),
        (NdsResNetSpace.ResNet, "ds=1,1,1;ws=256,16,24"),
        (NdsResNetSpace.ResNeXtA, "ds=1,2,1;ws=16,64,32;bms=0.25,1,0.5;gws=4,1,2"),
        (NdsResNetSpace.ResNeXtB, "ds=1,1,2;ws=64,128,64;bms=0.25,0.5,1;gws=16,1,8"),
    ];

    /// <summary>
    /// Counts of the original's networks: nas-without-training's vendored pycls <c>AnyNet</c>, built as its
    /// nasspace.py builds an NDS record (first stage 1×16, res_stem_in of 12, nc = 1; the ResNeXt one without the
    /// first stage, which it cannot build), summing <c>p.numel()</c> over <c>parameters()</c> (PyTorch 1.13, CPU).
    /// </summary>
    [Theory]
    [InlineData("nds-resnet", ResNetSmall, 323_613)]
    [InlineData("nds-resnet", ResNet20Like, 277_533)]
    [InlineData("nds-resnext-a", NniExample, 61_101)]
    public void Parameter_counts_equal_the_original_networks(string space, string text, long original)
    {
        var architecture = NdsResNetSpace.All.Single(s => s.Name == space).Parse(text);
        Assert.Equal(original, NdsResNetNetwork.CountParameters(architecture, AsNaswot));
        Assert.Equal(original, ClosedForm(architecture, 1));
    }

    /// <summary>
    /// He et al.'s CIFAR ResNet-20 (3 stages of 3 basic blocks, 16/32/64 wide) has 269,722 parameters with its
    /// parameter-free option-A shortcuts and 10 classes. This network differs by its stem, the record's first stage
    /// and two projection shortcuts, each counted here by hand.
    /// </summary>
    [Fact]
    public void The_resnet_20_configuration_is_resnet_20_plus_its_known_differences()
    {
        const long ResNet20 = 269_722;
        long resNet20Stem = 3 * 16 * 9 + 2 * 16;
        long naswotStem = 7 * 7 * 3 * 12 + 2 * 12;
        long firstStage = 12 * 16 * 9 + 2 * 16 + 16 * 16 * 9 + 2 * 16 + 12 * 16 + 2 * 16;
        long projections = 16 * 32 + 2 * 32 + 32 * 64 + 2 * 64;
        var architecture = NdsResNetSpace.ResNet.Parse(ResNet20Like);
        Assert.Equal(ResNet20 - resNet20Stem + naswotStem + firstStage + projections, NdsResNetNetwork.CountParameters(architecture, Cifar10));
    }

    [Fact]
    public void Parameter_counts_follow_pycls_complexity_formulas_across_the_spaces()
    {
        var random = new SeededRandom(3);
        foreach (var space in NdsResNetSpace.All)
        {
            var architectures = Enumerable.Range(0, 20).Select(_ => space.SampleArchitecture(random)).Append(space.Parse(space.Largest));
            foreach (var architecture in architectures)
                Assert.Equal(ClosedForm(architecture, Cifar10.Classes), NdsResNetNetwork.CountParameters(architecture, Cifar10));
        }
    }

    [Fact]
    public void Built_graphs_hold_exactly_the_counted_parameters()
    {
        foreach (var (space, text) in Small)
        {
            var architecture = space.Parse(text);
            var graph = NdsResNetNetwork.Build(architecture, Cifar10, 2, 1);
            long inGraph = graph.Model.Graph.Initializer
                .Where(t => t.Name.EndsWith(".weight", StringComparison.Ordinal) || t.Name.EndsWith(".bias", StringComparison.Ordinal))
                .Sum(t => t.Dims.Aggregate(1L, (a, b) => a * b));
            Assert.Equal(NdsResNetNetwork.CountParameters(architecture, Cifar10), inGraph);
        }
    }

    /// <summary>Stem, first stage (basic only), and each block's ReLUs: 2 per basic block, 3 per bottleneck, all bare <c>nn.ReLU</c>s.</summary>
    [Fact]
    public void Every_relu_is_one_tap_counted_once()
    {
        foreach (var (space, text) in Small)
        {
            var architecture = space.Parse(text);
            int blocks = architecture.Stages.Sum(s => s.Depth);
            var taps = NdsResNetNetwork.Build(architecture, Cifar10, 2, 1).Taps;
            Assert.Equal(space.Block == NdsBlock.ResBasic ? 1 + 2 * (1 + blocks) : 1 + 3 * blocks, taps.Count);
            Assert.All(taps, t => Assert.Equal((1, 0), (t.Relus, t.Wrappers)));
            // The stem's ReLU sees the 7×7 stride-2 conv's 16×16 output; the last block's, the third stage's 2×2.
            Assert.Equal(NdsResNetNetwork.StemWidth * 16 * 16, taps[0].ElementsPerImage);
            Assert.Equal(architecture.Stages[^1].Width * 2 * 2, taps[^1].ElementsPerImage);
        }
    }

    /// <summary>NASWOT hands NDS's number of groups to pycls as the group width: the 3×3 conv has w_b/g groups.</summary>
    [Fact]
    public void The_grouped_conv_has_bottleneck_width_over_g_groups()
    {
        var graph = NdsResNetNetwork.Build(NdsResNetSpace.ResNeXtA.Parse(NniExample), Cifar10, 2, 1);
        long Groups(string layer)
        {
            var node = graph.Model.Graph.Node.Single(n => n.OpType == "Conv" && n.Input[1] == layer + ".weight");
            return node.Attribute.SingleOrDefault(a => a.Name == "group")?.I ?? 1;
        }
        Assert.Equal(64 / 4 / 2, Groups("s2.b1.f.b"));
        Assert.Equal(128 / 4 / 1, Groups("s3.b1.f.b"));
        Assert.Equal(16 / 4 / 2, Groups("s4.b4.f.b"));
        Assert.Equal(1, Groups("s2.b1.f.a"));
        Assert.DoesNotContain(graph.Model.Graph.Initializer, t => t.Name.StartsWith("s1.", StringComparison.Ordinal));
    }

    /// <summary>pycls's <c>init_weights</c>: convs N(0, 2/(k²·out)), BN γ=1 β=0, the classifier N(0, 0.01) with zero bias.</summary>
    [Fact]
    public void Weights_are_initialised_as_pycls_does()
    {
        var graph = NdsResNetNetwork.Build(NdsResNetSpace.ResNet.Parse("ds=8,1,1;ws=256,16,256"), Cifar10, 2, 1);
        float[] Values(string name) => MemoryMarshal.Cast<byte, float>(graph.Model.Graph.Initializer.Single(t => t.Name == name).RawData.Span).ToArray();
        static double Std(float[] v) => Math.Sqrt(v.Average(x => (double)x * x));
        Assert.InRange(Std(Values("stem.conv.weight")), 0.95 * Math.Sqrt(2.0 / (7 * 7 * 12)), 1.05 * Math.Sqrt(2.0 / (7 * 7 * 12)));
        Assert.InRange(Std(Values("s2.b2.f.b.weight")), 0.97 * Math.Sqrt(2.0 / (9 * 256)), 1.03 * Math.Sqrt(2.0 / (9 * 256)));
        Assert.InRange(Std(Values("head.fc.weight")), 0.009, 0.011);
        Assert.All(Values("head.fc.bias"), v => Assert.Equal(0f, v));
        Assert.All(Values("s2.b1.f.b_bn.weight"), v => Assert.Equal(1f, v));
        Assert.All(Values("s2.b1.bn.bias"), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Networks_of_each_space_run_in_onnx_runtime_and_score()
    {
        var dataset = Datasets.Get("cifar10");
        var batch = DataSource.LoadBundled(dataset, BatchSelection.First(4));
        using var scorer = new NetworkScorer(batch, new NaswotProxy(), new RuntimeOptions { IntraOpThreads = 1 });
        using var options = SessionOptionsFactory.Create(new RuntimeOptions { IntraOpThreads = 1 });
        using var input = new InputTensor(batch.Pixels, batch.Count, batch.Channels, batch.Height, batch.Width);
        foreach (var (space, text) in Small)
        {
            var graph = SearchSpaces.Get(space.Name).Networks.Build(text, new NetworkSpec(NetworkShape.Of(dataset), batch.Count, 1, SettingValues.None));
            using (var session = new NetworkSession(graph.WithoutTaps(), options))
            using (var outputs = session.Run(input))
            {
                Assert.Equal([4L, 10L], outputs[0].GetTensorTypeAndShape().Shape);
                Assert.All(outputs[0].GetTensorDataAsSpan<float>().ToArray(), v => Assert.True(float.IsFinite(v)));
            }
            double score = scorer.Score(graph).Score;
            Assert.True(double.IsFinite(score), $"{text}: {score}");
        }
    }

    /// <summary>
    /// The original's scores of the same networks: nas-without-training's hook_logdet (forward, backward, forward,
    /// every module whose type name has "ReLU" hooked) on its vendored pycls <c>AnyNet</c>, PyTorch 1.13 on CPU, init
    /// seeds 1–3, on the first 16 bundled CIFAR-10 images normalised as CIFAR-10's mean and std. Our init draws
    /// differently, so only the level can agree: our mean over seeds 1–3 within half a unit of theirs.
    /// </summary>
    [Theory]
    [InlineData("nds-resnet", ResNetSmall, 138.223, 138.475, 138.359)]
    [InlineData("nds-resnet", ResNet20Like, 143.212, 143.253, 143.363)]
    [InlineData("nds-resnext-a", NniExample, 172.393, 172.367, 172.294)]
    public void Scores_are_at_the_level_of_the_original_code(string space, string text, double seed1, double seed2, double seed3)
    {
        var dataset = Datasets.Get("cifar10");
        var batch = DataSource.LoadBundled(dataset, BatchSelection.First(16));
        using var scorer = new NetworkScorer(batch, new NaswotProxy(), new RuntimeOptions { IntraOpThreads = 1 });
        var networks = SearchSpaces.Get(space).Networks;
        double ours = new ulong[] { 1, 2, 3 }.Average(seed =>
            scorer.Score(networks.Build(text, new NetworkSpec(NetworkShape.Of(dataset), batch.Count, seed, SettingValues.None))).Score);
        Assert.InRange(ours, (seed1 + seed2 + seed3) / 3 - 0.5, (seed1 + seed2 + seed3) / 3 + 0.5);
    }

    [Fact]
    public void Sixteen_pixel_images_reach_one_pixel_in_the_last_stage()
    {
        var architecture = NdsResNetSpace.ResNeXtB.Parse("ds=1,1,1;ws=64,64,64;bms=1,1,1;gws=1,1,1");
        var taps = NdsResNetNetwork.Build(architecture, new NetworkShape(3, 16, 16, 120), 2, 1).Taps;
        Assert.Equal(64 * 1 * 1, taps[^1].ElementsPerImage);
    }

    /// <summary>
    /// The parameters pycls's <c>complexity()</c> formulas count, written out per block: convs k²·c_in·c_out/groups,
    /// BN 2·c, the linear layer (c+1)·classes.
    /// </summary>
    private static long ClosedForm(NdsResNetArchitecture architecture, int classes)
    {
        static long Conv(int k, int cIn, int cOut, int groups = 1) => (long)k * k * cIn * cOut / groups;
        static long Bn(int c) => 2L * c;
        long total = Conv(7, 3, 12) + Bn(12);
        int width = 12;
        var stages = new List<(NdsStage Stage, int Stride)>();
        if (architecture.Block == NdsBlock.ResBasic) stages.Add((new NdsStage(1, 16, 0, 0), 1));
        stages.AddRange(architecture.Stages.Zip(new[] { 1, 2, 2 }));
        foreach (var (stage, stride) in stages)
        {
            for (int b = 0; b < stage.Depth; b++)
            {
                int w = stage.Width;
                if (width != w || (b == 0 && stride != 1)) total += Conv(1, width, w) + Bn(w);
                if (architecture.Block == NdsBlock.ResBasic)
                {
                    total += Conv(3, width, w) + Bn(w) + Conv(3, w, w) + Bn(w);
                }
                else
                {
                    int wB = (int)(w * stage.BottleneckRatio);
                    total += Conv(1, width, wB) + Bn(wB) + Conv(3, wB, wB, wB / stage.GroupWidth) + Bn(wB) + Conv(1, wB, w) + Bn(w);
                }
                width = w;
            }
        }
        return total + (long)width * classes + classes;
    }
}
