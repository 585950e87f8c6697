using Naswot.Benchmarks;
using Naswot.Data;
using Naswot.Networks;
using Naswot.Runtime;
using Naswot.Scoring;
using Naswot.Scoring.Proxies;
using Naswot.Spaces;
using Naswot.Tests.Spaces;

namespace Naswot.Tests.Networks;

public class NdsNetworkTests
{
    private static readonly NdsNetworkOptions Cifar10 = new();

    private static NdsArchitecture At(NdsSpace space, string genotype, int width, int depth) =>
        space.Parse(FormattableString.Invariant($"{genotype};width={width};depth={depth}"));

    private static long Parameters(NdsArchitecture architecture) => NdsNetwork.CountParameters(architecture, Cifar10);

    /// <summary>
    /// At DARTS's CIFAR-10 settings (C = 36, 20 cells, 10 classes, no auxiliary head): DARTS V2 3,349,342 and V1
    /// 3,169,414 are the counts the DARTS code prints (project issue 9); the others were derived with an independent
    /// Python re-implementation of the count and agree with <see cref="NdsGenotypes.NetworkParameters"/>.
    /// </summary>
    [Theory]
    [InlineData("nds-darts", NdsGenotypes.DartsV2, 3_349_342)]
    [InlineData("nds-darts", NdsGenotypes.DartsV1, 3_169_414)]
    [InlineData("nds-nasnet", NdsGenotypes.NasNet, 3_830_950)]
    [InlineData("nds-amoeba", NdsGenotypes.AmoebaNet, 3_145_078)]
    [InlineData("nds-pnas", NdsGenotypes.PnasNet, 4_481_110)]
    [InlineData("nds-enas", NdsGenotypes.Enas, 3_859_894)]
    public void Published_genotypes_have_their_parameter_counts_at_darts_cifar10_settings(string space, string genotype, long expected)
    {
        var architecture = At((NdsSpace)SearchSpaces.Get(space).Space, genotype, 36, 20);
        Assert.Equal(expected, Parameters(architecture));
        Assert.Equal(expected, NdsGenotypes.NetworkParameters(architecture, 10));
    }

    [Fact]
    public void Parameter_counts_of_samples_of_every_space_equal_the_hand_formula()
    {
        foreach (var space in NdsSpace.All)
        {
            var random = new SeededRandom(21);
            for (int i = 0; i < 40; i++)
            {
                var architecture = space.SampleArchitecture(random);
                Assert.Equal(NdsGenotypes.NetworkParameters(architecture, 10), Parameters(architecture));
            }
        }
    }

    /// <summary>
    /// NASLib's NB301 network is NB301's (C = 32, 8 cells, 10 classes) with its cell ops' BatchNorms not affine
    /// (automl/NASLib@00a668b1fa4140621668f38f14221cadeb596031:naslib/search_spaces/nasbench301/graph.py, <c>_set_ops</c>):
    /// its count is ours less 2 per BatchNorm channel inside ops, for every bundled genotype.
    /// </summary>
    [Fact]
    public void Nb301_genotypes_have_naslibs_counts_less_the_op_batchnorms()
    {
        Assert.Equal(1218, Nb301Benchmark.Cifar10.Records.Count);
        foreach (var record in Nb301Benchmark.Cifar10.Records)
        {
            var a = record.Architecture;
            long opBatchNorms = 0;
            for (int i = 0; i < a.Depth; i++)
            {
                bool reduction = NdsNetwork.IsReduction(i, a.Depth);
                long c = a.Width << (i >= a.Depth / 3 ? 1 : 0) << (i >= 2 * a.Depth / 3 ? 1 : 0);
                foreach (var e in (reduction ? a.Reduce : a.Normal).Edges)
                {
                    opBatchNorms += e.Op switch
                    {
                        NdsOp.SepConv3x3 or NdsOp.SepConv5x5 => 4 * c,
                        NdsOp.DilConv3x3 or NdsOp.DilConv5x5 => 2 * c,
                        NdsOp.SkipConnect when reduction && e.Input < 2 => 2 * c,
                        _ => 0,
                    };
                }
            }
            Assert.Equal(record.NasLibParameters, Parameters(a) - opBatchNorms);
        }
    }

    /// <summary>
    /// Every op of the five sets on its own, against <see cref="NdsGenotypes.OpParameters"/>, its output shape, and its
    /// taps: as many as it has ReLUs, each counted once (<c>SepConv</c>, <c>DilConv</c>, <c>FactorizedReduce</c> and the
    /// <c>nn.Sequential</c> convs are not named "ReLU…", so only their ReLUs are hooked).
    /// </summary>
    [Fact]
    public void Every_op_has_its_parameters_shape_and_relus()
    {
        const int C = 6;
        foreach (var op in NdsOps.All)
        {
            foreach (int stride in new[] { 1, 2 })
            {
                var g = new OnnxGraphBuilder(1, countOnly: true);
                string x = g.Input(2, C, 8, 8);
                string y = NdsLayers.Op(g, x, op, C, stride, counted: true, "op");
                Assert.Equal([2, C, 8 / stride, 8 / stride], g.Shape(y));
                if (op == NdsOp.SkipConnect && stride == 1)
                {
                    Assert.Equal(x, y);
                    continue;
                }
                var graph = g.Build(y);
                Assert.Equal(NdsGenotypes.OpParameters(op, C, stride), graph.Parameters);
                int relus = op switch
                {
                    NdsOp.SepConv3x3 or NdsOp.SepConv5x5 or NdsOp.SepConv7x7 or NdsOp.DilSepConv3x3 => 2,
                    NdsOp.DilConv3x3 or NdsOp.DilConv5x5 or NdsOp.Conv1x1 or NdsOp.Conv3x3 or NdsOp.Conv3x1By1x3 or NdsOp.Conv7x1By1x7 => 1,
                    NdsOp.SkipConnect => stride == 2 ? 1 : 0,
                    _ => 0,
                };
                Assert.Equal(relus, graph.Taps.Count);
                Assert.All(graph.Taps, t => Assert.Equal((1, 0), (t.Relus, t.Wrappers)));
            }
        }
    }

    [Theory]
    [InlineData(NdsOp.Conv3x1By1x3, 3)]
    [InlineData(NdsOp.Conv7x1By1x7, 7)]
    public void Factorised_convs_stride_across_then_down(NdsOp op, int k)
    {
        var g = new OnnxGraphBuilder(1);
        var graph = g.Build(NdsLayers.Op(g, g.Input(1, 4, 8, 8), op, 4, 2, counted: true, "op"));
        // kernel_shape, strides and pads (top, left, bottom, right) of each conv, in order.
        string[] convs = [.. graph.Model.Graph.Node.Where(n => n.OpType == "Conv")
            .Select(n => string.Join(" ", new[] { "kernel_shape", "strides", "pads" }.Select(a => string.Join(",", n.Attribute.Single(x => x.Name == a).Ints))))];
        int p = k / 2;
        Assert.Equal([$"1,{k} 1,2 0,{p},0,{p}", $"{k},1 2,1 {p},0,{p},0"], convs);
    }

    /// <summary>
    /// DARTS V2 at C = 4, 5 cells (reductions 1 and 3; FactorizedReduce before cells 2 and 4), every module reached.
    /// Normal cells: five sep_conv_3x3 (2 ReLUs each) and a dil_conv_3x3: 11 ReLUs; reduction cells: pools and identities,
    /// none. Preprocessing: 8 ReLUConvBN (counted twice under reference) and 2 FactorizedReduce (once).
    /// </summary>
    [Fact]
    public void Preprocessing_relus_count_twice_under_reference_and_op_relus_once()
    {
        var graph = NdsNetwork.Build(At(NdsSpace.Darts, NdsGenotypes.DartsV2, 4, 5), Cifar10, 2, 1);
        Assert.Equal(3 * 11 + 10, graph.Taps.Sum(t => t.Relus));
        Assert.Equal(3 * 11 + 8 * 2 + 2, graph.Taps.Sum(t => t.Relus + t.Wrappers));
        // Wrapped inputs: the stem output (cell 0's two preprocessings and cell 1's older one), and the outputs of cells 0-3.
        Assert.Equal(5, graph.Taps.Count(t => t.Wrappers > 0));
        Assert.Equal((3, 3), (graph.Taps[0].Relus, graph.Taps[0].Wrappers));
    }

    /// <summary>The normal cell never reads state 1 (4 sep_conv_3x3 and a dil_conv_3x3: 9 ReLUs); the reduction cell is DARTS V2's.</summary>
    private const string NeverReadsState1 =
        "Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 0), ('sep_conv_3x3', 2), ('skip_connect', 0), ('sep_conv_3x3', 3), ('max_pool_3x3', 2), " +
        "('dil_conv_3x3', 4), ('skip_connect', 0)], normal_concat=[2, 3, 4, 5], reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), " +
        "('max_pool_3x3', 1), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('max_pool_3x3', 1)], reduce_concat=[2, 3, 4, 5])";

    /// <summary>
    /// Four cells: normal, reduction, reduction, normal. The last cell never reads state 1, the output of cell 2, which
    /// nothing else reads: the backward pass never reaches cell 2, nor the unread preprocessing of cells 0 and 3, so
    /// their ReLUs are not counted. Counted: cell 0 its ReLUConvBN of state 0 and 9 op ReLUs; cell 1 two ReLUConvBN;
    /// cell 3 its FactorizedReduce and 9 op ReLUs. The modules are still built: the count of parameters is the network's.
    /// </summary>
    [Fact]
    public void Relus_the_backward_pass_never_reaches_are_not_counted()
    {
        var architecture = At(NdsSpace.Darts, NeverReadsState1, 4, 4);
        Assert.Equal([true, true, false, true], NdsNetwork.ReachedCells(architecture));
        var graph = NdsNetwork.Build(architecture, Cifar10, 2, 1);
        Assert.Equal(1 + 9 + 2 + 1 + 9, graph.Taps.Sum(t => t.Relus));
        Assert.Equal(2 + 9 + 4 + 1 + 9, graph.Taps.Sum(t => t.Relus + t.Wrappers));
        Assert.Equal(NdsGenotypes.NetworkParameters(architecture, 10), graph.Parameters);
    }

    /// <summary>
    /// As above with the last op <c>('none', 1)</c>: x·0 is still differentiated, so state 1 is reached through it and
    /// every cell and preprocessing counts: cells 0 and 3 gain a ReLUConvBN, cell 2 (a FactorizedReduce and a ReLUConvBN) is counted.
    /// </summary>
    [Fact]
    public void A_state_read_only_by_none_ops_is_still_reached()
    {
        var architecture = At(NdsSpace.Darts, NeverReadsState1.Replace("('dil_conv_3x3', 4), ('skip_connect', 0)]", "('dil_conv_3x3', 4), ('none', 1)]"), 4, 4);
        Assert.All(NdsNetwork.ReachedCells(architecture), Assert.True);
        var graph = NdsNetwork.Build(architecture, Cifar10, 2, 1);
        Assert.Equal((2 + 9) + 2 + 2 + (2 + 9), graph.Taps.Sum(t => t.Relus));
        Assert.Equal((4 + 9) + 4 + 3 + (3 + 9), graph.Taps.Sum(t => t.Relus + t.Wrappers));
    }

    [Fact]
    public void Built_graphs_hold_exactly_the_counted_parameters()
    {
        foreach (var (space, genotype) in NdsGenotypes.All)
        {
            var architecture = At(space, genotype, 4, 5);
            var graph = NdsNetwork.Build(architecture, Cifar10, 2, 1);
            long inGraph = graph.Model.Graph.Initializer
                .Where(t => t.Name.EndsWith(".weight", StringComparison.Ordinal) || t.Name.EndsWith(".bias", StringComparison.Ordinal))
                .Sum(t => t.Dims.Aggregate(1L, (a, b) => a * b));
            Assert.Equal(Parameters(architecture), inGraph);
            Assert.Equal(graph.FlopsPerImage, NdsNetwork.BuildWithoutWeights(architecture, Cifar10, 2).FlopsPerImage);
        }
    }

    [Fact]
    public void Networks_of_every_space_score_in_onnx_runtime()
    {
        var dataset = Datasets.Get("cifar10");
        var batch = DataSource.LoadBundled(dataset, BatchSelection.First(4));
        using var scorer = new NetworkScorer(batch, new NaswotProxy(), new RuntimeOptions { IntraOpThreads = 1 });
        var spec = new NetworkSpec(NetworkShape.Of(dataset), batch.Count, 1, SettingValues.None);
        var random = new SeededRandom(4);
        // The published genotypes, a sample of each space (its cells at a small width and depth), and one with an unreached cell.
        var architectures = NdsGenotypes.All.Select(x => (x.Space, At(x.Space, x.Genotype, 8, 5).ToString()))
            .Concat(NdsSpace.All.Select(s => (s, At(s, s.SampleArchitecture(random).Genotype, 8, 4).ToString())))
            .Append((NdsSpace.Darts, At(NdsSpace.Darts, NeverReadsState1, 8, 4).ToString()));
        foreach (var (space, text) in architectures)
        {
            double score = scorer.Score(SearchSpaces.Get(space.Name).Networks.Build(text, spec)).Score;
            Assert.True(double.IsFinite(score), $"{space} {text}: {score}");
        }
    }

    [Fact]
    public void A_layer_of_the_same_name_and_shape_holds_the_same_weights_in_every_architecture()
    {
        static byte[] Weights(string genotype, string layer) =>
            NdsNetwork.Build(At(NdsSpace.Darts, genotype, 4, 5), Cifar10, 2, 7).Model.Graph.Initializer.Single(t => t.Name == layer).RawData.ToByteArray();
        // Both genotypes' first normal op is a sep_conv_3x3 (of state 1 in V1, state 0 in V2): a C → C layer at the same place.
        Assert.Equal(Weights(NdsGenotypes.DartsV1, "cell0.node2.op0.1.dw.weight"), Weights(NdsGenotypes.DartsV2, "cell0.node2.op0.1.dw.weight"));
        Assert.Equal(Weights(NdsGenotypes.DartsV1, "cell2.pre0.conv_1.weight"), Weights(NdsGenotypes.DartsV2, "cell2.pre0.conv_1.weight"));
        Assert.NotEqual(Weights(NdsGenotypes.DartsV2, "cell0.node2.op0.1.dw.weight"), Weights(NdsGenotypes.DartsV2, "cell0.node2.op1.1.dw.weight"));
    }

    [Fact]
    public void Image_sides_must_be_divisible_by_4()
    {
        var error = Assert.Throws<NaswotException>(() => NdsNetworkOptions.For(new NetworkShape(3, 30, 32, 10)));
        Assert.Equal("NDS networks need image sides divisible by 4 (two reductions halve them), got 30x32", error.Message);
        var imageNet16 = NdsNetworkOptions.For(new NetworkShape(3, 16, 16, 120));
        var architecture = At(NdsSpace.Darts, NdsGenotypes.DartsV2, 36, 20);
        Assert.Equal(Parameters(architecture) + 110 * (36 * 4 * 4 + 1), NdsNetwork.CountParameters(architecture, imageNet16));
    }
}
