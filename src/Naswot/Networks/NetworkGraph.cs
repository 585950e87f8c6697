using Onnx;

namespace Naswot.Networks;

/// <summary>An initialised network as an ONNX model, with the ReLU inputs it exposes for scoring.</summary>
public sealed class NetworkGraph
{
    /// <summary>Name of the graph's input: N×C×H×W float images.</summary>
    public const string InputName = "images";

    /// <summary>Name of the graph's class-score output.</summary>
    public const string LogitsName = "logits";

    internal NetworkGraph(ModelProto model, IReadOnlyList<Tap> taps, long parameters, long flopsPerImage, long peakActivationBytes = 0)
    {
        Model = model;
        Taps = taps;
        Parameters = parameters;
        FlopsPerImage = flopsPerImage;
        PeakActivationBytes = peakActivationBytes;
    }

    /// <summary>The ONNX model: input <see cref="InputName"/>, one bool output per tap, and the logits.</summary>
    internal ModelProto Model { get; }

    /// <summary>ReLU inputs, one per distinct tensor, in graph order.</summary>
    public IReadOnlyList<Tap> Taps { get; }

    /// <summary>Trainable parameters (conv and linear weights and biases, BatchNorm γ and β).</summary>
    public long Parameters { get; }

    /// <summary>Floating-point operations of one image's forward pass (a multiply-add counts 2).</summary>
    public long FlopsPerImage { get; }

    /// <summary>
    /// The most bytes of activations (float tensors, and the taps' bool signs) alive at once in one forward pass
    /// at the batch size the graph was built for, as the builder's liveness walk finds them.
    /// </summary>
    public long PeakActivationBytes { get; }

    /// <summary>
    /// Bytes scoring this network takes, estimated before it runs: the activations at their peak plus a quarter
    /// (convolution workspace, allocator rounding), the weights three times (the model's copy, ONNX Runtime's, and
    /// its pre-packed convolution kernels) and 32 MiB for the session. Set against the working set that scoring the
    /// largest network of nb101, nds-darts and nds-resnet at batch 64–256 added on this project's machine, it was
    /// 1.1–2.0× the measured growth: an upper estimate, for refusing what cannot fit, not a prediction.
    /// </summary>
    public long EstimatedBytes => PeakActivationBytes + PeakActivationBytes / 4 + 3 * WeightBytes + (32L << 20);

    /// <summary>Bytes of the graph's initializers: weights and constants.</summary>
    public long WeightBytes => Model.Graph.Initializer.Sum(t => (long)t.RawData.Length + 4L * t.FloatData.Count + 8L * t.Int64Data.Count);

    /// <summary>Name of the symbolic batch dimension of an exported network's input and logits.</summary>
    public const string BatchDimension = "batch";

    /// <summary>The same network with the logits as its only output: the bare forward pass that scoring is measured against.</summary>
    public NetworkGraph WithoutTaps()
    {
        var model = Model.Clone();
        var tapOutputs = Taps.Select(t => t.Output).ToHashSet();
        foreach (var node in model.Graph.Node.Where(n => n.Output.Any(tapOutputs.Contains)).ToList()) model.Graph.Node.Remove(node);
        foreach (var output in model.Graph.Output.Where(o => tapOutputs.Contains(o.Name)).ToList()) model.Graph.Output.Remove(output);
        return new NetworkGraph(model, [], Parameters, FlopsPerImage, PeakActivationBytes);
    }

    /// <summary>
    /// The network as a model to train or deploy elsewhere: the logits as its only output, an input of any batch
    /// size, and every BatchNorm in inference mode with PyTorch's initial running statistics (mean 0, variance 1)
    /// instead of the batch statistics that scoring computes. The weights are the scoring network's. Each ReLU module
    /// is a Relu node of its own, as PyTorch exports them, so an importer that counts Relu nodes counts what the
    /// <c>once</c> rule counts (except ReLUs of ops left out because only a <c>none</c> op reads them).
    /// </summary>
    public NetworkGraph ForInference()
    {
        var model = WithoutTaps().Model;
        var graph = model.Graph;
        SplitSharedRelus(graph);
        var initializers = graph.Initializer.ToDictionary(t => t.Name);
        foreach (var node in graph.Node.Where(n => n.OpType == "BatchNormalization"))
        {
            long channels = initializers[node.Input[1]].Dims[0];
            node.Input[3] = Constant(graph, $"{node.Name}.running_mean", channels, 0f);
            node.Input[4] = Constant(graph, $"{node.Name}.running_var", channels, 1f);
        }
        RemoveDeadNodes(graph);
        foreach (var value in graph.Input.Concat(graph.Output))
            value.Type.TensorType.Shape.Dim[0] = new TensorShapeProto.Types.Dimension { DimParam = BatchDimension };
        return new NetworkGraph(model, [], Parameters, FlopsPerImage);
    }

    /// <summary>The model as ONNX protobuf bytes.</summary>
    public byte[] ToOnnxBytes() => Google.Protobuf.MessageExtensions.ToByteArray(Model);

    private static string Constant(GraphProto graph, string name, long length, float value)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.Add(length);
        tensor.FloatData.AddRange(Enumerable.Repeat(value, (int)length));
        graph.Initializer.Add(tensor);
        return name;
    }

    /// <summary>
    /// Scoring shares one Relu node among the ReLU modules that read the same tensor (they compute the same values);
    /// here each module gets its node back, the node's readers dealt out among the copies.
    /// </summary>
    private void SplitSharedRelus(GraphProto graph)
    {
        var tapped = Model.Graph.Node.Where(n => n.OpType == "Greater").ToDictionary(n => n.Output[0], n => n.Input[0]);
        foreach (var tap in Taps.Where(t => t.Relus > 1))
        {
            string x = tapped[tap.Output];
            var relu = graph.Node.FirstOrDefault(n => n.OpType == "Relu" && n.Input[0] == x);
            if (relu is null) continue;
            string y = relu.Output[0];
            var readers = graph.Node.Where(n => n.Input.Contains(y)).ToList();
            int copies = Math.Min(tap.Relus, readers.Count);
            int at = graph.Node.IndexOf(relu);
            for (int c = 1; c < copies; c++)
            {
                var copy = new NodeProto { OpType = "Relu", Name = $"{relu.Name}.{c}" };
                copy.Input.Add(x);
                copy.Output.Add($"{y}.{c}");
                graph.Node.Insert(at + c, copy);
            }
            for (int r = 0; r < readers.Count; r++)
            {
                int c = r % copies;
                if (c == 0) continue;
                var reader = readers[r];
                for (int i = 0; i < reader.Input.Count; i++)
                {
                    if (reader.Input[i] == y) reader.Input[i] = $"{y}.{c}";
                }
            }
        }
    }

    /// <summary>Drops the nodes (and initializers) no output depends on: the batch-statistics subgraphs of BatchNorm.</summary>
    private static void RemoveDeadNodes(GraphProto graph)
    {
        var needed = graph.Output.Select(o => o.Name).ToHashSet();
        var producers = graph.Node.SelectMany(n => n.Output.Select(o => (Output: o, Node: n))).ToDictionary(x => x.Output, x => x.Node);
        var live = new HashSet<NodeProto>();
        var pending = new Stack<string>(needed);
        while (pending.TryPop(out string? tensor))
        {
            if (!producers.TryGetValue(tensor, out var node) || !live.Add(node)) continue;
            foreach (string input in node.Input) pending.Push(input);
        }
        foreach (var node in graph.Node.Where(n => !live.Contains(n)).ToList()) graph.Node.Remove(node);
        var used = graph.Node.SelectMany(n => n.Input).ToHashSet();
        foreach (var initializer in graph.Initializer.Where(t => !used.Contains(t.Name)).ToList()) graph.Initializer.Remove(initializer);
    }
}
