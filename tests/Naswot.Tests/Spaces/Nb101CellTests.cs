using System.Text;
using Naswot.Benchmarks;
using Naswot.Spaces;

namespace Naswot.Tests.Spaces;

public class Nb101CellTests
{
    /// <summary>vis[0] of nasbench-vis, the worked example of the NB101 spec.</summary>
    internal const string Vis0 = "0100110001000000010010000010000001000000010000000:input,conv3x3-bn-relu,maxpool3x3,conv3x3-bn-relu,conv3x3-bn-relu,conv1x1-bn-relu,output";

    [Theory]
    [InlineData("0100:input,output", "043721b9c7fe8c5fad811d47d83132ec")]
    [InlineData("010001000:input,conv3x3-bn-relu,output", "b49ac8c578b4561d79ac7087988f1c61")]
    [InlineData("010001000:input,conv1x1-bn-relu,output", "d1269d9156ddc027c40473008192958a")]
    [InlineData("010001000:input,maxpool3x3,output", "53cee42601ad14d661bb6878031d6acb")]
    [InlineData("011001000:input,conv3x3-bn-relu,output", "d32d0b26d534203b48d866facd98cc3e")]
    [InlineData(Vis0, "00005c142e6f48ac74fdcf73e3439874")]
    public void Hash_is_nb101s(string cell, string hash) => Assert.Equal(hash, Nb101Cell.Parse(cell).Hash());

    [Nb101DataFact]
    public void Every_cell_of_the_shared_files_hashes_to_its_key()
    {
        foreach (var cell in Nb101SharedCells.Vis().Concat(Nb101SharedCells.NasLib30()).Concat(Nb101SharedCells.ZeroCostRows()))
            Assert.True(cell.Hash == Nb101Cell.Parse(cell.Text).Hash(), cell.Text);
    }

    [Nb101DataFact]
    public void The_nb101_records_are_pruned_and_in_canonical_order()
    {
        foreach (var cell in Nb101SharedCells.Vis().Concat(Nb101SharedCells.NasLib30()))
        {
            var parsed = Nb101Cell.Parse(cell.Text);
            Assert.Equal(cell.Text, parsed.ToString());
            Assert.Equal(parsed, parsed.Canonical());
        }
    }

    [Fact]
    public void Every_bundled_cell_is_a_fixed_point_with_its_tables_hash()
    {
        var records = Nb101Benchmark.Cifar10.Records;
        foreach (var record in records)
        {
            Assert.Equal(record.Hash, record.Cell.Hash());
            Assert.Equal(record.Cell, record.Cell.Canonical());
            Assert.Equal(record.Cell.ToString(), Nb101Space.Instance.Canonicalize(record.Cell.ToString()));
        }
        // Distinct hashes, distinct texts: no two bundled cells are isomorphic or collide.
        Assert.Equal(records.Count, records.Select(r => r.Cell.ToString()).Distinct().Count());
    }

    [Fact]
    public void Relabelled_cells_canonicalise_back_to_the_stored_text()
    {
        var random = new SeededRandom(101);
        int moved = 0;
        foreach (var record in Nb101Benchmark.Cifar10.Records)
        {
            for (int attempt = 0; attempt < 8; attempt++)
            {
                string text = Relabel(record.Cell, RandomTopologicalOrder(record.Cell, random));
                if (text != record.Cell.ToString()) moved++;
                Assert.Equal(record.Hash, Nb101Cell.Parse(text).Hash());
                Assert.Equal(record.Cell.ToString(), Nb101Space.Instance.Canonicalize(text));
            }
        }
        Assert.True(moved > 3000, $"{moved} relabellings differ from the stored order");
    }

    [Fact]
    public void Isomorphic_orders_of_the_order_dependent_cell_meet_in_the_stored_one()
    {
        // Three orders of NB101 cell 0009c0222bcc089903909219cc8b0593 (four conv1x1); the table stores bits 26915.
        string[] orders =
        [
            "010010001100000001000001000001000000:input,conv1x1,conv1x1,conv1x1,conv1x1,output",
            "011000000001000110000001000001000000:input,conv1x1,conv1x1,conv1x1,conv1x1,output",
            "010100001010000001000001000001000000:input,conv1x1,conv1x1,conv1x1,conv1x1,output",
        ];
        string stored = "011000000001000110000001000001000000:input,conv1x1-bn-relu,conv1x1-bn-relu,conv1x1-bn-relu,conv1x1-bn-relu,output";
        foreach (string order in orders)
        {
            Assert.Equal("0009c0222bcc089903909219cc8b0593", Nb101Cell.Parse(order).Hash());
            Assert.Equal(stored, Nb101Space.Instance.Canonicalize(order));
        }
        Assert.Equal(26915u, Nb101Cell.Parse(stored).EnumerationBits);
    }

    [Theory]
    [InlineData("0100", "expected '<adjacency bits")]
    [InlineData("010:input,output", "wrong length: 3 adjacency bits for 2 ops, expected 4")]
    [InlineData("0200:input,output", "adjacency bit 1 is '2'")]
    [InlineData("010001000:input,conv5x5,output", "unknown op 'conv5x5' at vertex 1")]
    [InlineData("0110:input,output", "not upper-triangular: edge 1->0")]
    [InlineData("010001000:conv3x3,conv3x3,output", "first op is 'conv3x3-bn-relu': expected input")]
    [InlineData("010001000:input,conv3x3,conv1x1", "last op is 'conv1x1-bn-relu': expected output")]
    [InlineData("010001000:input,input,output", "vertex 1 is 'input'")]
    [InlineData("0:input", "at least 2 vertices")]
    [InlineData("0000:input,output", "input is disconnected from output")]
    [InlineData("0100000100000000000100000:input,conv3x3,conv3x3,maxpool3x3,output", "input is disconnected from output")]
    [InlineData(
        "0100000000100000000100000000100000000100000000100000000100000000:input,conv3x3,conv3x3,conv3x3,conv3x3,conv3x3,conv3x3,output",
        "too many vertices: 8 after pruning, at most 7")]
    [InlineData("0111111001111100011110000111000001100000010000000:input,conv3x3,conv3x3,conv3x3,conv3x3,conv3x3,output", "too many edges: 21 after pruning, at most 9")]
    public void Bad_cells_are_one_line_naming_the_problem(string text, string problem)
    {
        var error = Assert.Throws<ArchitectureException>(() => Nb101Cell.Parse(text));
        Assert.Contains(problem, error.Message);
        Assert.StartsWith($"NB101 architecture '{text}': ", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    // Vertex 2 is a dead end (0→2 only), vertex 3 is unreachable (3→6 only), 4 and 5 are isolated.
    [InlineData("0110000000000100000000000001000000000000000000000:input,conv1x1,maxpool3x3,conv3x3,conv3x3,conv3x3,output",
        "010001000:input,conv1x1-bn-relu,output")]
    // Dead-end vertex 2 between kept ones: the others keep their order.
    [InlineData("0110000010000000000100000:input,conv3x3,maxpool3x3,conv1x1,output",
        "0100001000010000:input,conv3x3-bn-relu,conv1x1-bn-relu,output")]
    // Eleven edges, two of them into dead-end vertex 5: nine after pruning, which NB101 accepts.
    [InlineData("0111110001100000010000000100000001100000000000000:input,conv3x3,conv3x3,conv3x3,conv3x3,maxpool3x3,output",
        "011110001100000100000010000001000000:input,conv3x3-bn-relu,conv3x3-bn-relu,conv3x3-bn-relu,conv3x3-bn-relu,output")]
    public void Vertices_off_every_input_output_path_are_pruned(string text, string pruned)
    {
        var cell = Nb101Cell.Parse(text);
        Assert.Equal(pruned, cell.ToString());
        Assert.True(cell.EdgeCount <= Nb101Cell.MaxEdges);
    }

    [Fact]
    public void Short_op_names_and_surrounding_space_are_accepted()
    {
        Assert.Equal(Nb101Cell.Parse("010001000:input,conv3x3-bn-relu,output"), Nb101Cell.Parse("  010001000 : input, conv3x3 ,output \n"));
        Assert.Equal(Nb101Op.MaxPool3x3, Nb101Cell.Parse("010001000:input,maxpool3x3,output").Op(1));
    }

    /// <summary>Vertices in an order whose edges all go forward (an NB101 spec), each ready interior vertex as likely next.</summary>
    private static int[] RandomTopologicalOrder(Nb101Cell cell, SeededRandom random)
    {
        int n = cell.Vertices;
        var order = new List<int> { 0 };
        var left = Enumerable.Range(1, n - 2).ToList();
        while (left.Count > 0)
        {
            var ready = left.Where(v => left.All(u => !cell.HasEdge(u, v))).ToList();
            int next = ready[random.NextInt(ready.Count)];
            order.Add(next);
            left.Remove(next);
        }
        order.Add(n - 1);
        return [.. order];
    }

    /// <summary>The cell with old vertex order[i] at position i, as bits:ops text written here from the cell's edges.</summary>
    private static string Relabel(Nb101Cell cell, int[] order)
    {
        int n = cell.Vertices;
        var bits = new StringBuilder();
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) bits.Append(cell.HasEdge(order[i], order[j]) ? '1' : '0');
        var ops = order.Select(v => v == 0 ? "input" : v == n - 1 ? "output" : cell.Op(v).Name());
        return $"{bits}:{string.Join(',', ops)}";
    }
}
