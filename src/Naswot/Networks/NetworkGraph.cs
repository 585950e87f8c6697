using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;

namespace Naswot.Networks;

/// <summary>The outputs a forward pass gives its proxies, besides the logits.</summary>
[Flags]
public enum NetworkOutputs
{
    /// <summary>The logits only: a bare forward pass.</summary>
    None = 0,

    /// <summary>Each tap's signs (x &gt; 0), as the graph is built.</summary>
    SignTaps = 1,

    /// <summary>
    /// The first image of every <see cref="ProbeKind.Layer"/> map (1×C×H×W, sliced in the graph, named
    /// <see cref="NetworkGraph.OutputOf"/>(probe, "first")): MeCo reads one sample, and the whole batch of every layer
    /// would hold the pass's every activation at once.
    /// </summary>
    LayerMaps = 2,

    /// <summary>
    /// For each <see cref="ProbeKind.Stage"/> map x of C channels, computed in the graph: its C×C Gram matrix
    /// Σ x·xᵀ over images and positions, and its C channel means, instead of the map itself.
    /// </summary>
    StageGrams = 4,

    /// <summary>The <see cref="ProbeKind.PrePool"/> map.</summary>
    PrePoolMap = 8,

    /// <summary>Every <see cref="ProbeKind.BatchNormVariance"/>.</summary>
    BatchNormVariances = 16,
}

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

    /// <summary>Trainable parameter tensors, as PyTorch's <c>named_parameters()</c> lists them (a conv's weight, a BatchNorm's γ and β, …).</summary>
    public int ParameterTensors { get; init; }

    /// <summary>Convolutions and linear layers, each once (BatchNorm's γ and β are not a layer of their own).</summary>
    public int TrainableLayers { get; init; }

    /// <summary>
    /// Tensors a proxy may read besides the taps, in graph order: layer outputs, the stages the space marks, the map
    /// global pooling reads, BatchNorm variances. None of them is an output until asked for (<see cref="WithOutputs"/>).
    /// </summary>
    public IReadOnlyList<Probe> Probes { get; init; } = [];

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
        return new NetworkGraph(model, [], Parameters, FlopsPerImage, PeakActivationBytes) { Probes = Probes, ParameterTensors = ParameterTensors, TrainableLayers = TrainableLayers };
    }

    /// <summary>
    /// The same network with the outputs <paramref name="outputs"/> asks for: the taps' signs (or none of them), then
    /// the probes' values after the logits, named <see cref="OutputOf"/>. A graph without any of <see cref="Probes"/>'
    /// outputs is the one <see cref="WithoutTaps"/> or the builder gives, node for node.
    /// </summary>
    public NetworkGraph WithOutputs(NetworkOutputs outputs)
    {
        // NASWOT's graph as built: no copy.
        if (outputs == NetworkOutputs.SignTaps) return this;
        var source = outputs.HasFlag(NetworkOutputs.SignTaps) ? this : WithoutTaps();
        var model = source.Model.Clone();
        var graph = model.Graph;
        long extraBytes = 0;
        foreach (var probe in Probes)
        {
            switch (probe.Kind)
            {
                case ProbeKind.Layer when outputs.HasFlag(NetworkOutputs.LayerMaps):
                    AddFirstImage(graph, probe);
                    extraBytes += 4L * probe.Channels * probe.Positions;
                    break;
                case ProbeKind.PrePool when outputs.HasFlag(NetworkOutputs.PrePoolMap):
                case ProbeKind.BatchNormVariance when outputs.HasFlag(NetworkOutputs.BatchNormVariances):
                    if (graph.Output.All(o => o.Name != probe.Tensor))
                    {
                        graph.Output.Add(FloatValue(probe.Tensor, probe.Shape));
                        extraBytes += 4L * probe.Shape.Aggregate(1L, (n, d) => n * d);
                    }
                    break;
                case ProbeKind.Stage when outputs.HasFlag(NetworkOutputs.StageGrams):
                    AddGram(graph, probe);
                    extraBytes += 4L * probe.Channels * (probe.Channels + 1);
                    break;
            }
        }
        return new NetworkGraph(model, source.Taps, Parameters, FlopsPerImage, PeakActivationBytes + extraBytes)
        {
            Probes = Probes,
            ParameterTensors = ParameterTensors,
            TrainableLayers = TrainableLayers,
        };
    }

    /// <summary>
    /// The name of a probe's output in a graph from <see cref="WithOutputs"/>: the tensor's own, or for a stage's Gram
    /// matrix and means, and a layer map's first image, the tensor's name with <c>.gram</c>, <c>.mean</c>, <c>.first</c>.
    /// </summary>
    public static string OutputOf(Probe probe, string part = "")
    {
        ArgumentNullException.ThrowIfNull(probe);
        return part.Length == 0 ? probe.Tensor : $"{probe.Tensor}.{part}";
    }

    /// <summary>
    /// The same network with every convolution's and linear layer's weights drawn from N(0, 1) and their biases zero,
    /// as Zen-NAS initialises the networks it scores (idstcv/ZenNAS@d1d617e0:ZeroShotProxy/compute_zen_score.py,
    /// <c>network_weight_gaussian_init</c>); BatchNorm keeps γ = 1, β = 0. Each layer draws from a stream of
    /// <paramref name="seed"/> named after the layer, so networks sharing a layer share its weights.
    /// </summary>
    /// <exception cref="InvalidOperationException">The graph was built without weights.</exception>
    public NetworkGraph WithGaussianWeights(ulong seed)
    {
        var model = Model.Clone();
        var initializers = model.Graph.Initializer.ToDictionary(t => t.Name);
        foreach (var node in model.Graph.Node.Where(n => n.OpType is "Conv" or "Gemm"))
        {
            if (!initializers.TryGetValue(node.Input[1], out var weight))
                throw new InvalidOperationException($"{node.Name}: the graph has no weights (built to count only)");
            int count = (int)weight.Dims.Aggregate(1L, (n, d) => n * d);
            var values = LayerWeights.Get(seed, "gaussian:" + weight.Name, count, WeightDistribution.Gaussian(1));
            weight.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan()));
            weight.FloatData.Clear();
            if (node.Input.Count > 2 && initializers.TryGetValue(node.Input[2], out var bias))
            {
                int length = (int)bias.Dims.Aggregate(1L, (n, d) => n * d);
                bias.RawData = ByteString.CopyFrom(new byte[4 * length]);
                bias.FloatData.Clear();
            }
        }
        return new NetworkGraph(model, Taps, Parameters, FlopsPerImage, PeakActivationBytes) { Probes = Probes, ParameterTensors = ParameterTensors, TrainableLayers = TrainableLayers };
    }

    /// <summary>Nodes computing a stage map's Gram matrix Σ x·xᵀ (as C × N·H·W, times its transpose) and channel means.</summary>
    private static void AddGram(GraphProto graph, Probe probe)
    {
        string x = probe.Tensor, prefix = $"{x}.probe";
        int c = probe.Channels;
        var shape = new TensorProto { Name = $"{prefix}.shape", DataType = (int)TensorProto.Types.DataType.Int64 };
        shape.Dims.Add(2);
        shape.Int64Data.AddRange([c, -1]);
        graph.Initializer.Add(shape);
        graph.Node.Add(Node("Transpose", [x], $"{prefix}.cnhw", OnnxGraphBuilder.Ints("perm", 1, 0, 2, 3)));
        graph.Node.Add(Node("Reshape", [$"{prefix}.cnhw", shape.Name], $"{prefix}.rows"));
        graph.Node.Add(Node("Gemm", [$"{prefix}.rows", $"{prefix}.rows"], OutputOf(probe, "gram"), OnnxGraphBuilder.Int("transB", 1)));
        graph.Node.Add(Node("ReduceMean", [x], OutputOf(probe, "mean"), OnnxGraphBuilder.Ints("axes", 0, 2, 3), OnnxGraphBuilder.Int("keepdims", 0)));
        graph.Output.Add(FloatValue(OutputOf(probe, "gram"), [c, c]));
        graph.Output.Add(FloatValue(OutputOf(probe, "mean"), [c]));
    }

    /// <summary>A node slicing a layer map's first image out (x[0:1]).</summary>
    private static void AddFirstImage(GraphProto graph, Probe probe)
    {
        string prefix = $"{probe.Tensor}.probe";
        string Ints(string name, long value)
        {
            var tensor = new TensorProto { Name = $"{prefix}.{name}", DataType = (int)TensorProto.Types.DataType.Int64 };
            tensor.Dims.Add(1);
            tensor.Int64Data.Add(value);
            graph.Initializer.Add(tensor);
            return tensor.Name;
        }
        string output = OutputOf(probe, "first");
        graph.Node.Add(Node("Slice", [probe.Tensor, Ints("start", 0), Ints("end", 1), Ints("axis", 0)], output));
        graph.Output.Add(FloatValue(output, [1, probe.Shape[1], probe.Shape[2], probe.Shape[3]]));
    }

    private static NodeProto Node(string op, string[] inputs, string output, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = output };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        return node;
    }

    private static ValueInfoProto FloatValue(string name, IReadOnlyList<int> shape)
    {
        var tensorShape = new TensorShapeProto();
        foreach (int d in shape) tensorShape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = tensorShape } },
        };
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
