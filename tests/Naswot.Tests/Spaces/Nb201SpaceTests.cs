using Naswot.Spaces;

namespace Naswot.Tests.Spaces;

public class Nb201SpaceTests
{
    [Nb201DataFact]
    public void Index_order_is_the_benchmarks()
    {
        var space = Nb201Space.Instance;
        int index = 0;
        foreach (string line in File.ReadLines(SharedData.Path("data", "nb201", "nb201_params.csv")).Skip(1))
        {
            string[] fields = line.Split(',');
            Assert.Equal(index, int.Parse(fields[0], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(fields[1], space.CellAt(index).ToString());
            Assert.Equal(index, space.IndexOf(Nb201Cell.Parse(fields[1])));
            index++;
        }
        Assert.Equal(Nb201Cell.Count, index);
    }

    [Fact]
    public void Index_and_cell_are_inverse_for_all_cells()
    {
        var space = Nb201Space.Instance;
        for (int index = 0; index < Nb201Cell.Count; index++) Assert.Equal(index, space.IndexOf(space.CellAt(index)));
        Assert.Throws<ArchitectureException>(() => space.CellAt(Nb201Cell.Count));
    }

    [Fact]
    public void Sampling_is_seeded_and_covers_the_space_uniformly()
    {
        var space = Nb201Space.Instance;
        var a = new SeededRandom(7);
        var b = new SeededRandom(7);
        for (int i = 0; i < 100; i++) Assert.Equal(space.Sample(a), space.Sample(b));

        // 5 ops on edge 0: each should appear about 1/5 of the time (chi-square, 4 dof, p≈0.001 bound 18.5).
        var counts = new int[Nb201Ops.Count];
        var random = new SeededRandom(11);
        const int Draws = 20_000;
        for (int i = 0; i < Draws; i++) counts[(int)space.SampleCell(random)[0]]++;
        double expected = Draws / (double)Nb201Ops.Count;
        double chiSquare = counts.Sum(c => (c - expected) * (c - expected) / expected);
        Assert.True(chiSquare < 18.5, $"chi-square {chiSquare}");
    }
}
