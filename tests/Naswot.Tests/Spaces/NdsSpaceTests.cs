using Naswot.Networks;
using Naswot.Spaces;

namespace Naswot.Tests.Spaces;

public class NdsSpaceTests
{
    private static SettingValues Settings(int? width = null, int? depth = null)
    {
        var given = new Dictionary<string, string>();
        if (width is { } w) given["width"] = w.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (depth is { } d) given["depth"] = d.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return SettingValues.Of(NdsSpace.Darts.ArchitectureSettings, given);
    }

    [Fact]
    public void The_five_spaces_are_registered_with_ndss_cell_structure()
    {
        Assert.Equal(["nds-darts", "nds-enas", "nds-pnas", "nds-nasnet", "nds-amoeba"], NdsSpace.All.Select(s => s.Name));
        Assert.Equal([8, 5, 8, 13, 8], NdsSpace.All.Select(s => s.Ops.Count));
        Assert.Equal([4, 5, 5, 5, 5], NdsSpace.All.Select(s => s.Nodes));
        Assert.Equal([NdsCellOutput.AllNodes, NdsCellOutput.LooseEnds, NdsCellOutput.AllNodes, NdsCellOutput.LooseEnds, NdsCellOutput.LooseEnds],
            NdsSpace.All.Select(s => s.Output));
        Assert.Contains(NdsOp.None, NdsSpace.Darts.Ops);
        foreach (var space in NdsSpace.All)
        {
            Assert.Same(space, SearchSpaces.Get(space.Name.ToUpperInvariant()).Space);
            Assert.Equal(long.MaxValue, space.Size);
            Assert.False(space.IsEnumerable);
            Assert.Contains("cannot be enumerated", Assert.Throws<NaswotException>(() => space.Enumerate()).Message);
            Assert.Null(space.Identify(space.Largest));
            Assert.Equal(space.Ops.Count, space.Ops.Distinct().Count());
        }
        // Every op of pycls is in some space.
        Assert.Equal(NdsOps.All.Order(), NdsSpace.All.SelectMany(s => s.Ops).Distinct().Order());
    }

    [Fact]
    public void Width_and_depth_are_settings_that_default_to_nb301s_network()
    {
        var specs = NdsSpace.Darts.ArchitectureSettings;
        Assert.Equal([("width", "32", (1, 512)), ("depth", "8", (1, 100))], specs.Select(s => (s.Name, s.Default, s.Range!.Value)));
        Assert.Equal(specs.Select(s => s.Name), SearchSpaces.Get("nds-amoeba").Settings.Select(s => s.Name));
        Assert.Empty(SearchSpaces.Get("nds-darts").Networks.Settings);
    }

    [Fact]
    public void The_canonical_form_is_the_darts_repr_with_width_and_depth()
    {
        var space = NdsSpace.Darts;
        Assert.Equal(NdsGenotypes.DartsV2 + ";width=32;depth=8", space.Canonicalize(NdsGenotypes.DartsV2));
        Assert.Equal(NdsGenotypes.DartsV2 + ";width=16;depth=8", space.Canonicalize(NdsGenotypes.DartsV2, Settings(width: 16)));
        Assert.Equal(NdsGenotypes.DartsV2 + ";width=24;depth=12", space.Canonicalize(NdsGenotypes.DartsV2 + "; depth=12 ;width=24"));
        // The suffix wins over the settings, field by field.
        Assert.Equal(NdsGenotypes.DartsV2 + ";width=24;depth=20", space.Canonicalize(NdsGenotypes.DartsV2 + ";width=24", Settings(16, 20)));
        string canonical = space.Canonicalize(NdsGenotypes.DartsV2 + ";width=36;depth=20");
        Assert.Equal(canonical, space.Canonicalize(canonical, Settings(16, 4)));
        var parsed = space.Parse(canonical);
        Assert.Equal((36, 20, NdsGenotypes.DartsV2), (parsed.Width, parsed.Depth, parsed.Genotype));
    }

    [Fact]
    public void Other_spellings_of_a_genotype_have_its_canonical_form()
    {
        string canonical = NdsSpace.Darts.Canonicalize(NdsGenotypes.DartsV2);
        // NDS's data as JSON: lists for pairs, double quotes; older DARTS genotypes: range(2, 6); any order, spacing, trailing commas.
        string[] spellings =
        [
            NdsGenotypes.DartsV2.Replace('\'', '"').Replace("(\"", "[\"").Replace("),", "],").Replace(")]", "]]"),
            NdsGenotypes.DartsV2.Replace("[2, 3, 4, 5]", "range(2, 6)"),
            "  Genotype( reduce_concat = [2,3,4,5],\n normal=[('sep_conv_3x3',0),('sep_conv_3x3',1),('sep_conv_3x3',0),('sep_conv_3x3',1),('sep_conv_3x3',1)," +
            "('skip_connect',0),('skip_connect',0),('dil_conv_3x3',2),], normal_concat=[2, 3, 4, 5], reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), " +
            "('skip_connect', 2), ('max_pool_3x3', 1), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('max_pool_3x3', 1)], ) ;width=32\n",
        ];
        foreach (string spelling in spellings) Assert.Equal(canonical, NdsSpace.Darts.Canonicalize(spelling));
    }

    [Fact]
    public void Published_genotypes_lie_in_the_spaces_whose_ops_nodes_and_output_they_fit()
    {
        // DARTS cells have 4 nodes; NASNet's and Amoeba's ops are in each other's sets; ENAS's in NASNet's, Amoeba's and PNAS's,
        // but PNAS concatenates every node and ENAS its loose ends.
        var expected = new Dictionary<string, string[]>
        {
            [NdsGenotypes.DartsV1] = ["nds-darts"],
            [NdsGenotypes.DartsV2] = ["nds-darts"],
            [NdsGenotypes.NasNet] = ["nds-nasnet", "nds-amoeba"],
            [NdsGenotypes.AmoebaNet] = ["nds-nasnet", "nds-amoeba"],
            [NdsGenotypes.PnasNet] = ["nds-pnas"],
            [NdsGenotypes.Enas] = ["nds-enas", "nds-nasnet", "nds-amoeba"],
        };
        foreach (var (space, genotype) in NdsGenotypes.All)
        {
            Assert.Contains(space.Name, expected[genotype]);
            foreach (var other in NdsSpace.All)
            {
                bool member = other.TryParse(genotype, null, out var parsed, out string? error);
                Assert.True(member == expected[genotype].Contains(other.Name), $"{other}: {error}");
                if (member) Assert.Equal(genotype + ";width=32;depth=8", parsed.ToString());
            }
        }
        var wrongOutput = Assert.Throws<ArchitectureException>(() => NdsSpace.Pnas.Canonicalize(NdsGenotypes.Enas));
        Assert.Contains("reduce_concat [2, 3, 6]: nds-pnas concatenates every node, here [2, 3, 4, 5, 6]", wrongOutput.Message);
        var wrongNodes = Assert.Throws<ArchitectureException>(() => NdsSpace.Enas.Canonicalize(NdsGenotypes.DartsV2));
        Assert.Contains("normal has 8 ops; nds-enas cells have 10 (5 nodes of 2 ops)", wrongNodes.Message);
    }

    [Theory]
    [InlineData("nds-darts", "('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0)", "('foo_conv', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0)",
        "normal[0] ('foo_conv', 0): unknown op 'foo_conv' (valid: none, avg_pool_3x3")]
    [InlineData("nds-darts", "('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0)", "('sep_conv_7x7', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0)",
        "normal[0] ('sep_conv_7x7', 0): 'sep_conv_7x7' is not an op of nds-darts (its ops: none, max_pool_3x3, avg_pool_3x3, skip_connect")]
    [InlineData("nds-darts", "('skip_connect', 0), ('dil_conv_3x3', 2)]", "('skip_connect', 0), ('dil_conv_3x3', 5)]",
        "normal[7] ('dil_conv_3x3', 5): input 5 out of range, node 5 reads states 0..4")]
    [InlineData("nds-darts", "('skip_connect', 0), ('dil_conv_3x3', 2)]", "('skip_connect', 0), ('dil_conv_3x3', -1)]",
        "normal[7] ('dil_conv_3x3', -1): input -1 out of range")]
    [InlineData("nds-darts", ", ('skip_connect', 0), ('dil_conv_3x3', 2)]", "]", "normal has 6 ops; nds-darts cells have 8 (4 nodes of 2 ops)")]
    [InlineData("nds-darts", "normal_concat=[2, 3, 4, 5]", "normal_concat=[2, 3, 5]", "normal_concat [2, 3, 5]: nds-darts concatenates every node, here [2, 3, 4, 5]")]
    [InlineData("nds-darts", "reduce_concat=[2, 3, 4, 5])", "reduce_concat=[2, 3, 4, 5]", "malformed genotype at character 418: expected ')'")]
    [InlineData("nds-darts", "normal_concat=[2, 3, 4, 5], ", "", "malformed genotype at character 391: field 'normal_concat' missing")]
    [InlineData("nds-darts", "normal_concat", "norm_concat", "unknown field 'norm_concat' (a genotype has normal, normal_concat, reduce, reduce_concat)")]
    [InlineData("nds-darts", "('dil_conv_3x3', 2)]", "('dil_conv_3x3', x)]", "expected an integer")]
    [InlineData("nds-darts", "reduce_concat=[2, 3, 4, 5])", "reduce_concat=[2, 3, 4, 5]);width=0", "width=0: expected an integer 1..512")]
    [InlineData("nds-darts", "reduce_concat=[2, 3, 4, 5])", "reduce_concat=[2, 3, 4, 5]);depth=500", "depth=500: expected an integer 1..100")]
    [InlineData("nds-darts", "reduce_concat=[2, 3, 4, 5])", "reduce_concat=[2, 3, 4, 5]);width=wide", "width=wide: expected an integer 1..512")]
    [InlineData("nds-darts", "reduce_concat=[2, 3, 4, 5])", "reduce_concat=[2, 3, 4, 5]);cells=8", "';cells=': not a setting of nds-darts (valid: width, depth)")]
    [InlineData("nds-darts", "reduce_concat=[2, 3, 4, 5])", "reduce_concat=[2, 3, 4, 5]);width=8;width=9", "'width' given twice")]
    [InlineData("nds-darts", "Genotype(", "Genotype[", "malformed genotype at character 9: expected '('")]
    public void A_bad_architecture_is_one_line_naming_the_problem(string space, string find, string replace, string expected)
    {
        string text = NdsGenotypes.DartsV2.Replace(find, replace);
        Assert.NotEqual(NdsGenotypes.DartsV2, text);
        var error = Assert.Throws<ArchitectureException>(() => SearchSpaces.Get(space).Space.Canonicalize(text));
        Assert.StartsWith($"{space} architecture 'Genotype", error.Message);
        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Samples_are_seeded_members_drawn_from_ndss_choices()
    {
        foreach (var space in NdsSpace.All)
        {
            var a = new SeededRandom(3);
            var b = new SeededRandom(3);
            var ops = new HashSet<NdsOp>();
            var widths = new HashSet<int>();
            var depths = new HashSet<int>();
            var inputsOfLastNode = new HashSet<int>();
            for (int i = 0; i < 300; i++)
            {
                string text = space.Sample(a);
                Assert.Equal(text, space.Sample(b));
                Assert.Equal(text, space.Canonicalize(text));
                var architecture = space.Parse(text);
                foreach (var cell in new[] { architecture.Normal, architecture.Reduce })
                {
                    Assert.Equal(2 * space.Nodes, cell.Edges.Count);
                    for (int e = 0; e < cell.Edges.Count; e++) Assert.InRange(cell.Edges[e].Input, 0, e / 2 + 1);
                    Assert.All(cell.Edges, edge => Assert.Contains(edge.Op, space.Ops));
                    ops.UnionWith(cell.Edges.Select(edge => edge.Op));
                    inputsOfLastNode.Add(cell.Edges[^1].Input);
                }
                widths.Add(architecture.Width);
                depths.Add(architecture.Depth);
            }
            Assert.Equal(space.Ops.Order(), ops.Order());
            Assert.Equal([16, 24, 32], widths.Order());
            Assert.Equal([4, 8, 12, 16, 20], depths.Order());
            Assert.Equal(Enumerable.Range(0, space.Nodes + 1), inputsOfLastNode.Order());
        }
    }

    [Fact]
    public void Loose_end_spaces_concatenate_exactly_the_unread_nodes()
    {
        var random = new SeededRandom(8);
        var lengths = new HashSet<int>();
        for (int i = 0; i < 200; i++)
        {
            var cell = NdsSpace.Amoeba.SampleArchitecture(random).Normal;
            for (int state = 2; state < 2 + cell.Nodes; state++)
                Assert.Equal(!cell.Edges.Any(e => e.Input == state), cell.Concat.Contains(state));
            lengths.Add(cell.Concat.Count);
        }
        // The last node is never read; with 5 nodes the loose ends number 1 to 5.
        Assert.True(lengths.Count >= 4, string.Join(",", lengths));
        Assert.All(lengths, n => Assert.InRange(n, 1, 5));
        // A sample of NDS's own Amoeba data: 5 nodes, normal_concat [3, 5, 6], reduce_concat [3, 6].
        string nds = "Genotype(normal=[['avg_pool_3x3', 0], ['conv_7x1_1x7', 1], ['sep_conv_3x3', 2], ['sep_conv_5x5', 0], ['dil_sep_conv_3x3', 2], " +
            "['dil_sep_conv_3x3', 2], ['skip_connect', 4], ['dil_sep_conv_3x3', 4], ['conv_7x1_1x7', 2], ['sep_conv_3x3', 4]], normal_concat=[3, 5, 6], " +
            "reduce=[['avg_pool_3x3', 0], ['dil_sep_conv_3x3', 1], ['sep_conv_3x3', 0], ['sep_conv_3x3', 0], ['skip_connect', 2], ['sep_conv_7x7', 0], " +
            "['conv_7x1_1x7', 4], ['skip_connect', 4], ['conv_7x1_1x7', 0], ['conv_7x1_1x7', 5]], reduce_concat=[3, 6])";
        var parsed = NdsSpace.Amoeba.Parse(nds);
        Assert.Equal([3, 5, 6], parsed.Normal.Concat);
        Assert.Equal([3, 6], parsed.Reduce.Concat);
    }

    [Fact]
    public void A_mutation_changes_one_op_or_one_input_of_one_cell()
    {
        foreach (var space in NdsSpace.All)
        {
            var random = new SeededRandom(11);
            int opChanges = 0, inputChanges = 0;
            for (int i = 0; i < 200; i++)
            {
                var parent = space.SampleArchitecture(random);
                var child = space.Parse(space.Mutate(parent.ToString(), random));
                Assert.Equal((parent.Width, parent.Depth), (child.Width, child.Depth));
                var differences = parent.Normal.Edges.Zip(child.Normal.Edges).Concat(parent.Reduce.Edges.Zip(child.Reduce.Edges))
                    .Where(pair => pair.First != pair.Second).ToList();
                var (before, after) = Assert.Single(differences);
                if (before.Op != after.Op) opChanges++;
                if (before.Input != after.Input) inputChanges++;
                Assert.True(before.Op == after.Op || before.Input == after.Input);
            }
            Assert.True(opChanges > 50 && inputChanges > 50, $"{space}: {opChanges} op and {inputChanges} input mutations");
        }
    }

    [Fact]
    public void Largest_has_more_flops_than_samples_and_than_any_other_op_everywhere()
    {
        var options = new NdsNetworkOptions();
        foreach (var space in NdsSpace.All)
        {
            long Flops(NdsArchitecture a) => NdsNetwork.BuildWithoutWeights(a, options, 1).FlopsPerImage;
            var largest = space.Parse(space.Largest);
            Assert.Equal(space.Largest, largest.ToString());
            Assert.Equal((32, 20), (largest.Width, largest.Depth));
            long most = Flops(largest);
            var random = new SeededRandom(2);
            for (int i = 0; i < 20; i++) Assert.True(Flops(space.SampleArchitecture(random)) < most);
            foreach (var op in space.Ops.Where(o => o != largest.Normal.Edges[0].Op))
                Assert.True(Flops(space.Parse(space.Largest.Replace(largest.Normal.Edges[0].Op.Name(), op.Name()))) < most, $"{space} {op}");
        }
    }
}
