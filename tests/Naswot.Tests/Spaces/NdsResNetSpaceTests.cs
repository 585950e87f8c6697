using Naswot.Networks;
using Naswot.Spaces;

namespace Naswot.Tests.Spaces;

public class NdsResNetSpaceTests
{
    public static TheoryData<string> Spaces => ["nds-resnet", "nds-resnext-a", "nds-resnext-b"];

    private static NdsResNetSpace Space(string name) => NdsResNetSpace.All.Single(s => s.Name == name);

    /// <summary>The (d·w·r·g)³ totals of NDS's Table 1 as its lists give them.</summary>
    [Theory]
    [InlineData("nds-resnet", 1_259_712L, 9 * 12)]
    [InlineData("nds-resnext-a", 11_390_625L, 5 * 5 * 3 * 3)]
    [InlineData("nds-resnext-b", 52_734_375L, 5 * 5 * 3 * 5)]
    public void Spaces_are_registered_without_benchmarks_and_not_enumerable(string name, long size, int perStage)
    {
        var registered = SearchSpaces.Get(name.ToUpperInvariant());
        var space = Assert.IsType<NdsResNetSpace>(registered.Space);
        Assert.Equal(name, space.Name);
        Assert.Equal(size, space.Size);
        Assert.Equal((long)perStage * perStage * perStage, space.Size);
        Assert.Empty(registered.Benchmarks);
        Assert.Empty(registered.Settings);
        Assert.False(space.IsEnumerable);
        Assert.Contains("cannot be enumerated", Assert.Throws<NaswotException>(() => space.Enumerate()).Message);
        Assert.Null(space.Identify(space.Largest));
        Assert.Throws<ArchitectureException>(() => space.Identify("ds=1"));
    }

    [Theory]
    [InlineData("nds-resnet", "ds=24,24,24;ws=256,256,256;block=res_basic_block")]
    [InlineData("nds-resnext-a", "ds=16,16,16;ws=256,256,256;bms=1,1,1;gws=4,4,4;block=res_bottleneck_block")]
    [InlineData("nds-resnext-b", "ds=16,16,16;ws=1024,1024,1024;bms=1,1,1;gws=16,16,16;block=res_bottleneck_block")]
    public void Largest_is_every_stage_at_its_lists_maxima_and_has_the_most_flops(string name, string largest)
    {
        var space = Space(name);
        Assert.Equal(largest, space.Largest);
        var shape = new NetworkShape(3, 32, 32, 10);
        long Flops(string a) => NdsResNetNetwork.BuildWithoutWeights(space.Parse(a), shape, 1).FlopsPerImage;
        long most = Flops(space.Largest);
        var random = new SeededRandom(11);
        for (int i = 0; i < 30; i++) Assert.True(Flops(space.Sample(random)) < most);
    }

    [Theory]
    [InlineData("nds-resnet", " ws = 16, 32 ,64 ; ds=1,2,4 ;", "ds=1,2,4;ws=16,32,64;block=res_basic_block")]
    [InlineData("nds-resnet", "ds=+3,3,3;ws=16,32,64;block=RES_BASIC_BLOCK", "ds=3,3,3;ws=16,32,64;block=res_basic_block")]
    [InlineData("nds-resnext-a", "block=res_bottleneck_block;gws=2,1,2;bms=0.250,.25,0.25;ws=64,128,16;ds=16,1,4", "ds=16,1,4;ws=64,128,16;bms=0.25,0.25,0.25;gws=2,1,2;block=res_bottleneck_block")]
    [InlineData("nds-resnext-b", "ds=1,2,4;ws=64,1024,512;bms=1.0,0.5,1e0;gws=16,1,8", "ds=1,2,4;ws=64,1024,512;bms=1,0.5,1;gws=16,1,8;block=res_bottleneck_block")]
    public void Texts_of_one_architecture_have_one_canonical_form(string name, string text, string canonical)
    {
        var space = Space(name);
        Assert.Equal(canonical, space.Canonicalize(text));
        Assert.Equal(canonical, space.Canonicalize(canonical));
        Assert.Equal(canonical, space.Parse(canonical).ToString());
    }

    /// <summary>The ResNeXt-A-range record that NNI's NDS tutorial queries (ds 16,1,4; ws 64,128,16; bot_muls .25; num_gs 2,1,2).</summary>
    [Fact]
    public void The_record_of_nnis_nds_example_is_a_resnext_a_member()
    {
        var parsed = NdsResNetSpace.ResNeXtA.Parse("ds=16,1,4;ws=64,128,16;bms=0.25,0.25,0.25;gws=2,1,2");
        Assert.Equal(new NdsStage(16, 64, 0.25, 2), parsed.Stages[0]);
        Assert.Equal((16, 8), (parsed.Stages[0].BottleneckWidth, parsed.Stages[0].Groups));
        Assert.Equal((4, 2), (parsed.Stages[2].BottleneckWidth, parsed.Stages[2].Groups));
        Assert.Throws<ArchitectureException>(() => NdsResNetSpace.ResNeXtB.Parse(parsed.ToString()));
    }

    [Theory]
    [InlineData("nds-resnet", "ds=1,2;ws=16,32,64", "ds has 2 values, expected 3 (one per stage)")]
    [InlineData("nds-resnet", "ds=1,2,4,8;ws=16,32,64", "ds has 4 values, expected 3 (one per stage)")]
    [InlineData("nds-resnet", "ds=1,2,5;ws=16,32,64", "ds 5 (stage 3) is not one of 1,2,3,4,6,8,12,16,24")]
    [InlineData("nds-resnet", "ds=1,2,4;ws=16,20,64", "ws 20 (stage 2) is not one of 16,24,32,40,48,64,80,96,128,160,192,256")]
    [InlineData("nds-resnet", "ds=1,x,4;ws=16,32,64", "ds value 'x' is not a number")]
    [InlineData("nds-resnet", "ds=1,2,4", "ws missing (expected ds, ws)")]
    [InlineData("nds-resnet", "ds=1,2,4;ws=16,32,64;ds=1,1,1", "ds given twice")]
    [InlineData("nds-resnet", "ds=1,2,4;ws=16,32,64;bms=1,1,1", "nds-resnet has no bms: its res_basic_block stages have no bottleneck or groups")]
    [InlineData("nds-resnet", "ds=1,2,4;ws=16,32,64;ss=1,2,2", "unknown key 'ss' (expected ds, ws and optionally block)")]
    [InlineData("nds-resnet", "ds=1,2,4;ws=16,32,64;vanilla_block", "'vanilla_block' is not key=values (expected ds, ws and optionally block)")]
    [InlineData("nds-resnet", "ds=1,2,4;ws=16,32,64;block=vanilla_block", "unknown block type 'vanilla_block' (valid: res_basic_block, res_bottleneck_block)")]
    [InlineData("nds-resnet", "ds=1,2,4;ws=16,32,64;block=res_bottleneck_block", "block res_bottleneck_block is not nds-resnet's: its stages are res_basic_block")]
    [InlineData("nds-resnext-a", "ds=1,2,4;ws=16,32,64;bms=1,1,1", "gws missing (expected ds, ws, bms, gws)")]
    [InlineData("nds-resnext-a", "ds=1,2,4;ws=16,32,64;bms=1,0.3,1;gws=1,1,1", "bms 0.3 (stage 2) is not one of 0.25,0.5,1")]
    [InlineData("nds-resnext-a", "ds=1,2,4;ws=16,32,64;bms=1,1,1;gws=1,8,1", "gws 8 (stage 2) is not one of 1,2,4")]
    [InlineData("nds-resnext-a", "ds=1,2,4;ws=16,32,512;bms=1,1,1;gws=1,1,1", "ws 512 (stage 3) is not one of 16,32,64,128,256")]
    [InlineData("nds-resnext-b", "ds=1,2,4;ws=16,64,64;bms=1,1,1;gws=1,1,1", "ws 16 (stage 1) is not one of 64,128,256,512,1024")]
    [InlineData("nds-resnext-b", "", "ds missing (expected ds, ws, bms, gws)")]
    [InlineData("nds-resnext-b", "ds=1,2,4;ws=64,64,64;bms=1,1,1;gws=1,1,1;block=res_basic_block", "block res_basic_block is not nds-resnext-b's: its stages are res_bottleneck_block")]
    public void Bad_texts_are_one_line_naming_the_problem(string name, string text, string problem)
    {
        var space = Space(name);
        var error = Assert.Throws<ArchitectureException>(() => space.Canonicalize(text));
        string title = name switch { "nds-resnet" => "ResNet", "nds-resnext-a" => "ResNeXt-A", _ => "ResNeXt-B" };
        Assert.Equal($"NDS {title} architecture '{text.Trim()}': {problem}", error.Message);
        Assert.False(space.TryParse(text, out _, out string? message));
        Assert.Equal(problem, message);
    }

    [Theory]
    [MemberData(nameof(Spaces))]
    public void Samples_are_seeded_uniform_members(string name)
    {
        var space = Space(name);
        var a = new SeededRandom(5);
        var b = new SeededRandom(5);
        const int Draws = 3000;
        var depths = new Dictionary<int, int>();
        var widths = new Dictionary<int, int>();
        var ratios = new Dictionary<double, int>();
        var groups = new Dictionary<int, int>();
        for (int i = 0; i < Draws; i++)
        {
            string text = space.Sample(a);
            Assert.Equal(text, space.Sample(b));
            Assert.Equal(text, space.Canonicalize(text));
            foreach (var stage in space.Parse(text).Stages)
            {
                Assert.Contains(stage.Depth, space.Depths);
                Assert.Contains(stage.Width, space.Widths);
                Count(depths, stage.Depth);
                Count(widths, stage.Width);
                if (space.Block == NdsBlock.ResBasic)
                {
                    Assert.Equal((0.0, 0), (stage.BottleneckRatio, stage.GroupWidth));
                    continue;
                }
                Assert.Contains(stage.BottleneckRatio, space.BottleneckRatios);
                Assert.Contains(stage.GroupWidth, space.GroupWidths);
                Count(ratios, stage.BottleneckRatio);
                Count(groups, stage.GroupWidth);
            }
        }
        // Uniform: every value of a list within 15% of its share of the 9,000 stages.
        AssertUniform(depths, space.Depths.Count);
        AssertUniform(widths, space.Widths.Count);
        if (space.Block == NdsBlock.ResBottleneck)
        {
            AssertUniform(ratios, space.BottleneckRatios.Count);
            AssertUniform(groups, space.GroupWidths.Count);
        }

        static void Count<T>(Dictionary<T, int> counts, T value) where T : notnull => counts[value] = counts.GetValueOrDefault(value) + 1;

        static void AssertUniform<T>(Dictionary<T, int> counts, int values) where T : notnull
        {
            Assert.Equal(values, counts.Count);
            double expected = 3.0 * Draws / values;
            Assert.All(counts.Values, n => Assert.InRange(n, 0.85 * expected, 1.15 * expected));
        }
    }

    [Theory]
    [MemberData(nameof(Spaces))]
    public void Mutation_changes_exactly_one_value_of_one_stage_to_another_of_its_list(string name)
    {
        var space = Space(name);
        var random = new SeededRandom(9);
        string current = space.Sample(random);
        var changed = new HashSet<(int Stage, int Parameter)>();
        for (int i = 0; i < 600; i++)
        {
            string child = space.Mutate(current, random);
            Assert.Equal(child, space.Canonicalize(child));
            var before = space.Parse(current).Stages;
            var after = space.Parse(child).Stages;
            var differences = new List<(int, int)>();
            for (int s = 0; s < NdsResNetArchitecture.StageCount; s++)
            {
                if (before[s].Depth != after[s].Depth) differences.Add((s, 0));
                if (before[s].Width != after[s].Width) differences.Add((s, 1));
                if (before[s].BottleneckRatio != after[s].BottleneckRatio) differences.Add((s, 2));
                if (before[s].GroupWidth != after[s].GroupWidth) differences.Add((s, 3));
            }
            changed.Add(Assert.Single(differences));
            current = child;
        }
        // Every parameter of every stage gets mutated.
        Assert.Equal(NdsResNetArchitecture.StageCount * (space.Block == NdsBlock.ResBasic ? 2 : 4), changed.Count);
    }
}
