using Naswot.Data;
using Naswot.Networks;
using Naswot.Runtime;

namespace Naswot.Tests.Scoring.Proxies;

/// <summary>Small networks and batches whose proxy values a naive evaluation can recompute, and their forward passes.</summary>
internal static class TinyNetworks
{
    /// <summary>Two 1×1 conv (with bias) → ReLU layers of <paramref name="width"/> channels, a tap before each ReLU, pooling and a linear layer.</summary>
    public static NetworkGraph TwoLayers(int batch, int width, int side, ulong seed = 1)
    {
        var g = new OnnxGraphBuilder(seed);
        string x = g.Input(batch, 3, side, side);
        string h = g.Conv(x, width, 1, 1, 0, "conv1", bias: true);
        g.Tap(h, inWrapper: false);
        string h2 = g.Conv(g.Relu(h), width, 1, 1, 0, "conv2", bias: true);
        g.Tap(h2, inWrapper: false);
        return g.Build(g.Linear(g.GlobalAveragePool(g.Relu(h2)), 2, "fc"));
    }

    /// <summary>
    /// A stem (3×3 conv, BatchNorm) and two ReLU-conv-BatchNorm layers of <paramref name="width"/> channels, each of the
    /// three outputs a stage, then ReLU, pooling and a linear layer; or, with <paramref name="finishAt"/>, the same
    /// network ending at that stage, whose map is then its output.
    /// </summary>
    public static NetworkGraph Staged(int batch, int width, int side, ulong seed = 1, int? finishAt = null)
    {
        var g = new OnnxGraphBuilder(seed);
        string x = g.Input(batch, 3, side, side);
        var stages = new List<string> { g.BatchNorm(g.Conv(x, width, 3, 1, 1, "stem.conv"), "stem.bn") };
        for (int i = 1; i <= 2; i++) stages.Add(g.BatchNorm(g.Conv(g.Relu(stages[^1]), width, 3, 1, 1, $"layer{i}.conv"), $"layer{i}.bn"));
        foreach (string stage in stages) g.MarkStage(stage);
        return finishAt is { } s ? g.Build(stages[s]) : g.Build(g.Linear(g.GlobalAveragePool(g.Relu(stages[^1])), 2, "fc"));
    }

    /// <summary><paramref name="count"/> images of N(0, 1) pixels.</summary>
    public static ImageBatch Gaussian(int count, int side, ulong seed)
    {
        var random = new SeededRandom(seed);
        var pixels = new float[count * 3 * side * side];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = (float)random.NextGaussian();
        return new ImageBatch(pixels, new int[count], side, side, "gaussian");
    }

    /// <summary>1×1 images on a line through input space: u + t·v for t evenly spaced in [−3, 3].</summary>
    public static ImageBatch Line(int count, ulong seed)
    {
        var random = new SeededRandom(seed);
        double[] u = [random.NextGaussian(), random.NextGaussian(), random.NextGaussian()];
        double[] v = [random.NextGaussian(), random.NextGaussian(), random.NextGaussian()];
        var pixels = new float[count * 3];
        for (int i = 0; i < count; i++)
        {
            double t = -3 + 6.0 * i / (count - 1);
            for (int c = 0; c < 3; c++) pixels[i * 3 + c] = (float)(u[c] + t * v[c]);
        }
        return new ImageBatch(pixels, new int[count], 1, 1, "line");
    }

    /// <summary>Each tap's signs, straight from a forward pass: [tap][image][element].</summary>
    public static bool[][][] Signs(NetworkGraph graph, ImageBatch batch)
    {
        using var options = SessionOptionsFactory.Create(new RuntimeOptions { IntraOpThreads = 1 });
        using var session = new NetworkSession(graph, options);
        using var input = new InputTensor(batch.Pixels, batch.Count, batch.Channels, batch.Height, batch.Width);
        using var forward = session.Forward(input);
        return [.. graph.Taps.Select((tap, t) =>
        {
            var signs = forward.Signs(t).ToArray();
            return Enumerable.Range(0, batch.Count).Select(b => signs.Skip(b * tap.ElementsPerImage).Take(tap.ElementsPerImage).Select(s => s != 0).ToArray()).ToArray();
        })];
    }
}
