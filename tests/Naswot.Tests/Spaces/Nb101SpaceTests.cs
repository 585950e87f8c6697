using Naswot.Benchmarks;
using Naswot.Networks;
using Naswot.Spaces;

namespace Naswot.Tests.Spaces;

public class Nb101SpaceTests
{
    private static readonly Nb101Space Space = Nb101Space.Instance;

    [Fact]
    public void The_space_is_nb101s_and_not_enumerable()
    {
        Assert.Equal("nb101", Space.Name);
        Assert.Equal(423_624, Space.Size);
        Assert.False(Space.IsEnumerable);
        var error = Assert.Throws<NaswotException>(() => Space.Enumerate());
        Assert.Contains("cannot be enumerated", error.Message);
        Assert.Same(Space, SearchSpaces.Get("NB101").Space);
    }

    [Fact]
    public void A_bundled_hash_stands_for_its_cell_in_any_case()
    {
        var record = Nb101Benchmark.Cifar10.Records[0];
        Assert.Equal(record.Cell.ToString(), Space.Canonicalize("  " + record.Hash.ToUpperInvariant() + "\n"));
        Assert.Equal("NB101 hash 00005c142e6f48ac74fdcf73e3439874", Space.Identify(Nb101CellTests.Vis0));
        Assert.Equal($"NB101 hash {record.Hash}", Space.Identify(record.Hash));
    }

    [Fact]
    public void An_unknown_hash_is_one_line_asking_for_the_cell()
    {
        var error = Assert.Throws<ArchitectureException>(() => Space.Canonicalize("ffffffffffffffffffffffffffffffff"));
        Assert.Contains($"not among the {Nb101Benchmark.Cifar10.Records.Count:N0} bundled cells", error.Message);
        Assert.Contains("give the cell as <adjacency bits>:<ops>", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Largest_is_the_bundled_cell_of_the_most_flops_at_the_default_stem()
    {
        var options = new Nb101NetworkOptions();
        long Flops(Nb101Cell cell) => Nb101Network.BuildWithoutWeights(cell, options, 1).FlopsPerImage;
        var largest = Space.Parse(Space.Largest);
        Assert.Equal(Space.Largest, largest.ToString());
        Assert.True(Nb101Benchmark.Cifar10.IndexOf(Space.Largest) >= 0);
        Assert.Equal(Nb101Benchmark.Cifar10.Records.Max(r => Flops(r.Cell)), Flops(largest));
    }

    [Fact]
    public void Samples_are_seeded_canonical_members()
    {
        var a = new SeededRandom(5);
        var b = new SeededRandom(5);
        for (int i = 0; i < 200; i++)
        {
            string cell = Space.Sample(a);
            Assert.Equal(cell, Space.Sample(b));
            Assert.Equal(cell, Space.Canonicalize(cell));
        }
    }

    [Fact]
    public void Samples_have_the_vertex_counts_of_nb101s_random_specs()
    {
        // Of the 2^21 upper-triangular 7×7 matrices, 1,538,083 prune to a member (ops never decide that); by vertex
        // count 2..7: found by pruning every one of them as NB101 does, in a throw-away script.
        long[] members = [149_607, 310_754, 422_740, 466_334, 183_855, 4_793];
        const int Draws = 5000;
        var counts = new int[members.Length];
        var random = new SeededRandom(8);
        for (int i = 0; i < Draws; i++) counts[Space.SampleCell(random).Vertices - 2]++;
        // Chi-square, 5 dof, p≈0.001 bound 20.5.
        double chiSquare = 0;
        for (int v = 0; v < members.Length; v++)
        {
            double expected = Draws * (double)members[v] / members.Sum();
            chiSquare += (counts[v] - expected) * (counts[v] - expected) / expected;
        }
        Assert.True(chiSquare < 20.5, $"chi-square {chiSquare}: {string.Join(", ", counts)}");
    }

    [Fact]
    public void Mutations_are_seeded_canonical_members_that_differ_from_the_cell()
    {
        string[] starts = ["0100:input,output", "011001000:input,conv3x3,output", Nb101CellTests.Vis0, Space.Largest];
        var a = new SeededRandom(9);
        var b = new SeededRandom(9);
        foreach (string start in starts)
        {
            string current = Space.Canonicalize(start);
            for (int i = 0; i < 300; i++)
            {
                string mutated = Space.Mutate(current, a);
                Assert.Equal(mutated, Space.Mutate(current, b));
                Assert.Equal(mutated, Space.Canonicalize(mutated));
                Assert.NotEqual(Space.Parse(current).Hash(), Space.Parse(mutated).Hash());
                // Alternate between mutating the start and walking on, so small and large cells are both mutated.
                current = i % 2 == 0 ? mutated : Space.Canonicalize(start);
            }
        }
    }

}
