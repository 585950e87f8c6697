using Microsoft.ML.OnnxRuntime;
using Naswot.Data;
using Naswot.Networks;
using Naswot.Runtime;
using Naswot.Spaces;

namespace Naswot.Tests.Runtime;

public class SessionOptionsFactoryTests
{
    [Fact]
    public void The_skipped_optimizers_change_no_output_bit()
    {
        var dataset = Datasets.Get("cifar10");
        var batch = DataSource.LoadBundled(dataset, BatchSelection.First(8));
        using var input = new InputTensor(batch.Pixels, batch.Count, batch.Channels, batch.Height, batch.Width);
        using var skipping = SessionOptionsFactory.Create(new RuntimeOptions { IntraOpThreads = 1 });
        using var everything = SessionOptionsFactory.Create(new RuntimeOptions { IntraOpThreads = 1 });
        everything.AddSessionConfigEntry("optimization.disable_specified_optimizers", "");
        var random = new SeededRandom(12);
        for (int i = 0; i < 4; i++)
        {
            var graph = Nb201Network.Build(Nb201Space.Instance.SampleCell(random), Nb201NetworkOptions.For(NetworkShape.Of(dataset)), batch.Count, 1);
            var skipped = Outputs(graph, skipping, input);
            Assert.Equal(graph.Taps.Count, skipped.Length);
            Assert.All(skipped, bytes => Assert.NotEmpty(bytes));
            Assert.Equal(skipped, Outputs(graph, everything, input));
            Assert.Equal(Outputs(graph.WithoutTaps(), skipping, input), Outputs(graph.WithoutTaps(), everything, input));
        }
    }

    private static byte[][] Outputs(NetworkGraph graph, SessionOptions options, InputTensor input)
    {
        using var session = new NetworkSession(graph, options);
        using var outputs = session.Run(input);
        return [.. outputs.Select(o => o.GetTensorDataAsSpan<byte>().ToArray())];
    }
}
