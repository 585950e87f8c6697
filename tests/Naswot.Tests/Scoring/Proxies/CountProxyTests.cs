using Naswot.Data;
using Naswot.Networks;
using Naswot.Scoring.Proxies;
using Naswot.Spaces;

namespace Naswot.Tests.Scoring.Proxies;

public class CountProxyTests
{
    private static readonly NetworkShape Cifar = NetworkShape.Of(Datasets.Get("cifar10"));

    /// <summary>
    /// xautodl's NB201 network: the stem conv, 15 cells of one conv per conv edge (skip, pool and none have none), two
    /// ResNet blocks of three convs, the classifier; a cell's edges into nothing still hold their layers.
    /// </summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4321)]
    [InlineData(15624)]
    public void Nb201_layers_are_the_stem_fifteen_cells_two_blocks_and_the_classifier(int index)
    {
        var cell = Nb201Space.Instance.CellAt(index);
        int convolutions = 0;
        for (int to = 1; to < Nb201Cell.Nodes; to++)
            for (int from = 0; from < to; from++)
                if (cell.Op(from, to).IsConvolution()) convolutions++;
        var graph = Nb201Network.BuildWithoutWeights(cell, Nb201NetworkOptions.For(Cifar), 1);
        Assert.Equal(1 + 15 * convolutions + 2 * 3 + 1, CountProxy.Layers.CreateEvaluator(1, new()).Evaluate(graph, null, []));
    }

    /// <summary>Where no layer is pruned (NB101's cells read every vertex), the count is the graph's Conv and Gemm nodes.</summary>
    [Fact]
    public void Nb101_layers_are_the_graphs_conv_and_gemm_nodes()
    {
        var registered = SearchSpaces.Get("nb101");
        var random = new SeededRandom(3);
        for (int i = 0; i < 5; i++)
        {
            var graph = registered.Networks.Build(registered.Space.Sample(random), new NetworkSpec(Cifar, 2, 1, registered.NetworkSettings(SettingValues.None)));
            Assert.Equal(graph.Model.Graph.Node.Count(n => n.OpType is "Conv" or "Gemm"), graph.TrainableLayers);
        }
    }
}
