using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Naswot.Runtime;
using Onnx;

namespace Naswot.Networks;

/// <summary>What an imported model's activations other than <c>Relu</c> do to its score.</summary>
public enum OtherActivations
{
    /// <summary>A model that has any is refused with a line naming them: never scored as if they were not there.</summary>
    Refuse,

    /// <summary>Scored on its Relu nodes alone; the others are listed in <see cref="ImportedNetwork.Warnings"/>.</summary>
    Ignore,

    /// <summary>Each one's input signs (x &gt; 0) count as a ReLU's would.</summary>
    Count,
}

/// <summary>How <see cref="ImportedNetwork.Load"/> reads a model.</summary>
public sealed record ImportOptions
{
    /// <summary>What to do with LeakyRelu, PRelu, Clip (ReLU6), Gelu, Sigmoid (SiLU), Tanh and the like.</summary>
    public OtherActivations OtherActivations { get; init; } = OtherActivations.Refuse;
}

/// <summary>
/// An ONNX model from elsewhere, made ready to score: every Relu node's input exposed as a tap, each Relu node counted
/// once, and every BatchNormalization computing batch statistics as the method prescribes.
/// </summary>
/// <remarks>
/// BatchNormalization nodes in inference mode (running statistics) are converted, and nodes in training mode kept in
/// meaning; both become the construction of <see cref="OnnxGraphBuilder.BatchNorm"/>, so a network that
/// <see cref="NetworkGraph.ForInference"/> wrote scores as the network it was built from. BatchNorm that an exporter
/// folded into the convolutions cannot be recovered: such a model is scored as it is, with a warning.
/// </remarks>
public sealed class ImportedNetwork
{
    /// <summary>Default-domain opsets accepted: from BatchNormalization-7 to the newest ONNX Runtime 1.31 runs.</summary>
    public const int MinOpset = 7, MaxOpset = 23;

    private static readonly HashSet<string> OtherActivationOps =
    [
        "LeakyRelu", "PRelu", "Clip", "Gelu", "FastGelu", "BiasGelu", "QuickGelu", "Elu", "Selu", "Celu", "Sigmoid",
        "HardSigmoid", "HardSwish", "Swish", "Mish", "Tanh", "Softplus", "Softsign", "ThresholdedRelu",
    ];

    private ImportedNetwork(NetworkGraph graph, string inputName, string inputShape, string layout, int relus,
        IReadOnlyDictionary<string, int> others, int trainingBatchNorms, int convertedBatchNorms, IReadOnlyList<string> warnings)
    {
        Graph = graph;
        InputName = inputName;
        InputShape = inputShape;
        Layout = layout;
        Relus = relus;
        OtherActivationCounts = others;
        TrainingBatchNorms = trainingBatchNorms;
        ConvertedBatchNorms = convertedBatchNorms;
        Warnings = warnings;
    }

    /// <summary>The network to score: input <see cref="NetworkGraph.InputName"/> (N×3×H×W, the batch's), one tap per tapped tensor.</summary>
    /// <remarks><see cref="NetworkGraph.FlopsPerImage"/> is 0: FLOPs are not counted for imported models.</remarks>
    public NetworkGraph Graph { get; }

    /// <summary>The model's own name for its input.</summary>
    public string InputName { get; }

    /// <summary>The input's shape as the model declares it, e.g. <c>batch×3×32×32</c>.</summary>
    public string InputShape { get; }

    /// <summary><c>NCHW</c>, or <c>NHWC</c> for a model whose input has its 3 channels last (the images are transposed for it).</summary>
    public string Layout { get; }

    /// <summary>Relu nodes counted, once each.</summary>
    public int Relus { get; }

    /// <summary>Other activation nodes by op type: refused, ignored or counted as <see cref="ImportOptions.OtherActivations"/> says.</summary>
    public IReadOnlyDictionary<string, int> OtherActivationCounts { get; }

    /// <summary>BatchNormalization nodes exported in training mode: their batch statistics are used as they are.</summary>
    public int TrainingBatchNorms { get; }

    /// <summary>BatchNormalization nodes in inference mode, converted to batch statistics.</summary>
    public int ConvertedBatchNorms { get; }

    /// <summary>What the user should know: folded BatchNorm, activations not counted.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>One line: input, ReLUs, BatchNorm handling.</summary>
    public string Describe()
    {
        string batchNorm = (TrainingBatchNorms, ConvertedBatchNorms) switch
        {
            (0, 0) => "no BatchNormalization",
            (var t, 0) => $"{t} BatchNormalization in training mode, used as they are (batch statistics)",
            (0, var c) => $"{c} BatchNormalization in inference mode, converted to batch statistics",
            var (t, c) => $"{t} BatchNormalization in training mode used as they are, {c} in inference mode converted to batch statistics",
        };
        return $"input '{InputName}' {InputShape} ({Layout}); {Relus} Relu nodes counted once each over {Graph.Taps.Count} tensors; {batchNorm}";
    }

    /// <summary>Reads the model at <paramref name="path"/> and prepares it for batches of <paramref name="batchSize"/> RGB images of height × width.</summary>
    /// <exception cref="ModelException">The file is not an ONNX model this can score, or its input does not fit the images; one line says why.</exception>
    public static ImportedNetwork Load(string path, int batchSize, int height, int width, ImportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= new ImportOptions();
        var model = Parse(path);
        int opset = DefaultOpset(path, model);
        InlineExternalData(path, model);
        var graph = model.Graph;

        var initializers = graph.Initializer.Select(t => t.Name).ToHashSet();
        var inputs = graph.Input.Where(i => !initializers.Contains(i.Name)).ToList();
        if (inputs.Count != 1)
            throw new ModelException($"{path}: {inputs.Count} inputs ({string.Join(", ", inputs.Select(i => $"'{i.Name}'"))}); expected one image input");
        var input = inputs[0];
        var (inputShape, layout) = CheckInput(path, input, batchSize, height, width);

        RejectNestedActivations(path, graph);
        var others = graph.Node.Where(n => OtherActivationOps.Contains(n.OpType)).CountBy(n => n.OpType).ToDictionary();
        int relus = graph.Node.Count(IsRelu);
        if (others.Count > 0 && options.OtherActivations == OtherActivations.Refuse)
            throw new ModelException($"{path}: has {Listed(others)} besides {relus} Relu; NASWOT's codes are ReLU codes: choose to ignore them or count their input signs too");
        bool countOthers = options.OtherActivations == OtherActivations.Count;
        if (relus == 0 && !(countOthers && others.Count > 0))
            throw new ModelException($"{path}: no Relu node{(others.Count > 0 ? $" (it has {Listed(others)})" : "")}; NASWOT scores the binary codes of ReLU inputs");

        var warnings = new List<string>();
        if (others.Count > 0 && !countOthers) warnings.Add($"not counted: {Listed(others)}");
        int convs = graph.Node.Count(n => n.OpType == "Conv");
        if (convs > 0 && !graph.Node.Any(n => n.OpType == "BatchNormalization"))
            warnings.Add($"{convs} Conv nodes and no BatchNormalization: if BatchNorm was folded into the convolutions (PyTorch folds it when exporting in eval mode) this is not the network the method scores; export with training=torch.onnx.TrainingMode.TRAINING and do_constant_folding=False");

        UseBatchInput(path, graph, input, layout, batchSize, height, width);
        var tapped = graph.Node.Where(n => IsRelu(n) || countOthers && OtherActivationOps.Contains(n.OpType)).ToList();
        var batchNorms = graph.Node.Where(n => n.OpType == "BatchNormalization" && n.Domain is "" or "ai.onnx").ToList();
        long parameters = CountParameters(graph, batchNorms);
        int training = batchNorms.Count(n => IsTrainingMode(n, opset));
        foreach (var node in batchNorms) ToInferenceForm(path, graph, node);
        var shapes = ProbeShapes(path, model, [.. batchNorms.Select(n => n.Input[0]), .. tapped.Select(n => n.Input[0])], batchSize, height, width);

        var emitter = new Emitter(graph);
        foreach (var node in batchNorms) ToBatchStatistics(path, emitter, node, shapes[node.Input[0]], opset);
        var taps = AddTaps(graph, emitter, tapped, shapes);
        return new ImportedNetwork(new NetworkGraph(model, taps, parameters, 0), input.Name, inputShape, layout, relus, others,
            training, batchNorms.Count - training, warnings);
    }

    private static bool IsRelu(NodeProto node) => node.OpType == "Relu" && node.Domain is "" or "ai.onnx";

    private static string Listed(Dictionary<string, int> counts) => string.Join(", ", counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Value} {c.Key}"));

    private static ModelProto Parse(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new ModelException(File.Exists(path) || Directory.Exists(path) ? $"{path}: cannot read: {e.Message}" : $"{path}: no such file", e);
        }
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new ModelException($"{path}: not an ONNX model, or a truncated one ({e.Message.ReplaceLineEndings(" ")})", e);
        }
        // Protobuf reads many byte strings as a message of unknown fields: a model has a graph with nodes and an IR version.
        if (model.IrVersion <= 0 || model.Graph is null || model.Graph.Node.Count == 0)
            throw new ModelException($"{path}: not an ONNX model (no IR version or no graph nodes)");
        return model;
    }

    private static int DefaultOpset(string path, ModelProto model)
    {
        var opset = model.OpsetImport.FirstOrDefault(o => o.Domain is "" or "ai.onnx")
            ?? throw new ModelException($"{path}: imports no default ONNX opset");
        if (opset.Version is < MinOpset or > MaxOpset)
            throw new ModelException($"{path}: ONNX opset {opset.Version} is not supported; expected {MinOpset} to {MaxOpset} (re-export with another opset_version)");
        return (int)opset.Version;
    }

    /// <summary>Weights stored beside the model (models over 2 GB, or saved so) are read in, as ONNX Runtime reads models from bytes.</summary>
    private static void InlineExternalData(string path, ModelProto model)
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        foreach (var tensor in model.Graph.Initializer.Where(t => t.DataLocation == TensorProto.Types.DataLocation.External))
        {
            var entries = tensor.ExternalData.ToDictionary(e => e.Key, e => e.Value);
            if (!entries.TryGetValue("location", out string? location))
                throw new ModelException($"{path}: initializer '{tensor.Name}' is stored externally without a location");
            string file = Path.Combine(folder, location);
            if (!File.Exists(file))
                throw new ModelException($"{path}: initializer '{tensor.Name}' is stored in '{location}', which is not beside the model");
            long offset = entries.TryGetValue("offset", out string? o) ? long.Parse(o, System.Globalization.CultureInfo.InvariantCulture) : 0;
            using var stream = File.OpenRead(file);
            long length = entries.TryGetValue("length", out string? l) ? long.Parse(l, System.Globalization.CultureInfo.InvariantCulture) : stream.Length - offset;
            if (offset < 0 || length < 0 || offset + length > stream.Length)
                throw new ModelException($"{path}: initializer '{tensor.Name}' needs bytes {offset}..{offset + length} of '{location}', which has {stream.Length}");
            var data = new byte[length];
            stream.Seek(offset, SeekOrigin.Begin);
            stream.ReadExactly(data);
            tensor.RawData = ByteString.CopyFrom(data);
            tensor.ExternalData.Clear();
            tensor.DataLocation = TensorProto.Types.DataLocation.Default;
        }
    }

    /// <summary>A float input of rank 4 with 3 channels first or last; fixed dimensions must be the batch's.</summary>
    private static (string Shape, string Layout) CheckInput(string path, ValueInfoProto input, int batchSize, int height, int width)
    {
        var tensor = input.Type?.TensorType;
        if (tensor is null || tensor.ElemType != (int)TensorProto.Types.DataType.Float)
            throw new ModelException($"{path}: input '{input.Name}' is not a float tensor");
        var dims = tensor.Shape?.Dim.Select(d => d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue ? d.DimValue : (long?)null).ToList();
        if (dims is null || dims.Count != 4)
            throw new ModelException($"{path}: input '{input.Name}' has {(dims is null ? "no" : $"rank {dims.Count}")} shape; expected images N×C×H×W or N×H×W×C");
        string shape = string.Join('×', tensor.Shape!.Dim.Select(d => d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue ? d.DimValue.ToString(System.Globalization.CultureInfo.InvariantCulture) : d.DimParam is { Length: > 0 } p ? p : "?"));
        string layout = dims[1] == 3 || dims[1] is null && dims[3] != 3 ? "NCHW" : dims[3] == 3 ? "NHWC" : "";
        if (layout.Length == 0)
            throw new ModelException($"{path}: input '{input.Name}' is {shape}: neither 3 channels first nor last; the images are RGB");
        var (h, w) = layout == "NCHW" ? (dims[2], dims[3]) : (dims[1], dims[2]);
        if (h is { } fixedH && fixedH != height || w is { } fixedW && fixedW != width)
            throw new ModelException($"{path}: input '{input.Name}' is {shape} ({layout}) but the images are 3×{height}×{width}; give data of {h?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "any"}×{w?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "any"} images (--image-size for an image folder)");
        if (dims[0] is { } fixedBatch && fixedBatch != batchSize)
            throw new ModelException($"{path}: input '{input.Name}' is {shape}: a fixed batch of {fixedBatch}, but the batch holds {batchSize} images; use --batch-size {fixedBatch} or export with a dynamic batch axis");
        return (shape, layout);
    }

    /// <summary>Relu or BatchNormalization inside an If, Loop or Scan body would escape the taps and the conversion.</summary>
    private static void RejectNestedActivations(string path, GraphProto graph)
    {
        foreach (var node in graph.Node)
        {
            foreach (var body in node.Attribute.SelectMany(a => a.G is null ? a.Graphs : a.Graphs.Append(a.G)))
            {
                if (Flatten(body).FirstOrDefault(n => n.OpType is "Relu" or "BatchNormalization") is { } inner)
                    throw new ModelException($"{path}: {inner.OpType} inside the body of {node.OpType} node '{node.Name}'; only nodes of the main graph can be scored");
            }
        }
    }

    private static IEnumerable<NodeProto> Flatten(GraphProto graph) =>
        graph.Node.Concat(graph.Node.SelectMany(n => n.Attribute.SelectMany(a => a.G is null ? a.Graphs : a.Graphs.Append(a.G))).SelectMany(Flatten));

    /// <summary>
    /// The batch enters as <see cref="NetworkGraph.InputName"/>, N×3×H×W with every dimension fixed, and reaches the
    /// model's input through an Identity (or a Transpose for NHWC). Stale shapes are dropped: ONNX Runtime infers them anew.
    /// </summary>
    private static void UseBatchInput(string path, GraphProto graph, ValueInfoProto input, string layout, int batchSize, int height, int width)
    {
        if (input.Name != NetworkGraph.InputName) RenameTensor(graph, NetworkGraph.InputName, Fresh(graph, "naswot.images"));
        string original = Fresh(graph, "naswot.input");
        Rename(graph, input.Name, original);
        foreach (var output in graph.Output.Where(o => o.Name == input.Name)) output.Name = original;
        graph.Input.Remove(input);
        var images = new ValueInfoProto
        {
            Name = NetworkGraph.InputName,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = new TensorShapeProto() } },
        };
        foreach (int d in new[] { batchSize, 3, height, width }) images.Type.TensorType.Shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        graph.Input.Insert(0, images);
        var feed = new NodeProto { OpType = layout == "NHWC" ? "Transpose" : "Identity", Name = original };
        feed.Input.Add(NetworkGraph.InputName);
        feed.Output.Add(original);
        if (layout == "NHWC") feed.Attribute.Add(OnnxGraphBuilder.Ints("perm", 0, 2, 3, 1));
        graph.Node.Insert(0, feed);
        graph.ValueInfo.Clear();
        foreach (var output in graph.Output) output.Type?.TensorType?.Shape?.Dim.Clear();
    }

    /// <summary>Another tensor that bears the scorer's input name gives it up.</summary>
    private static void RenameTensor(GraphProto graph, string from, string to)
    {
        Rename(graph, from, to);
        foreach (var node in graph.Node)
        {
            for (int i = 0; i < node.Output.Count; i++)
            {
                if (node.Output[i] == from) node.Output[i] = to;
            }
        }
        foreach (var tensor in graph.Initializer.Where(t => t.Name == from)) tensor.Name = to;
        foreach (var value in graph.Output.Where(o => o.Name == from)) value.Name = to;
    }

    private static void Rename(GraphProto graph, string from, string to)
    {
        foreach (var node in graph.Node)
        {
            for (int i = 0; i < node.Input.Count; i++)
            {
                if (node.Input[i] == from) node.Input[i] = to;
            }
            foreach (var attribute in node.Attribute)
            {
                foreach (var body in attribute.G is null ? attribute.Graphs : attribute.Graphs.Append(attribute.G))
                {
                    // A body that declares the name itself shadows the outer tensor.
                    if (!body.Input.Any(i => i.Name == from) && !body.Initializer.Any(t => t.Name == from)) Rename(body, from, to);
                }
            }
        }
    }

    private static string Fresh(GraphProto graph, string stem)
    {
        var used = graph.Node.SelectMany(n => n.Output).Concat(graph.Input.Select(i => i.Name)).Concat(graph.Initializer.Select(t => t.Name)).ToHashSet();
        string name = stem;
        for (int k = 1; used.Contains(name); k++) name = $"{stem}{k}";
        return name;
    }

    /// <summary>
    /// Training mode: the attribute from opset 14 on; before it, a node with the running statistics as extra outputs.
    /// </summary>
    private static bool IsTrainingMode(NodeProto node, int opset) =>
        node.Attribute.Any(a => a.Name == "training_mode" && a.I == 1) || opset < 14 && node.Output.Skip(1).Any(o => o.Length > 0);

    /// <summary>Drops training mode's running-statistics outputs, which nothing may read: the batch statistics replace them.</summary>
    private static void ToInferenceForm(string path, GraphProto graph, NodeProto node)
    {
        if (node.Attribute.FirstOrDefault(a => a.Name == "spatial") is { I: 0 })
            throw new ModelException($"{path}: BatchNormalization '{node.Name}' has spatial=0 (statistics per element), which is not supported");
        foreach (string extra in node.Output.Skip(1).Where(o => o.Length > 0))
        {
            if (graph.Node.Any(n => n.Input.Contains(extra)))
                throw new ModelException($"{path}: BatchNormalization '{node.Name}' feeds its running statistics '{extra}' to another node; cannot use batch statistics");
            foreach (var output in graph.Output.Where(o => o.Name == extra).ToList()) graph.Output.Remove(output);
        }
        while (node.Output.Count > 1) node.Output.RemoveAt(node.Output.Count - 1);
        foreach (var attribute in node.Attribute.Where(a => a.Name is "training_mode" or "momentum").ToList()) node.Attribute.Remove(attribute);
    }

    /// <summary>
    /// The static shapes of <paramref name="tensors"/> on this batch: from ONNX Runtime's shape inference, or, where it
    /// leaves a dimension open, from one forward pass of zeros.
    /// </summary>
    private static Dictionary<string, int[]> ProbeShapes(string path, ModelProto model, IReadOnlyList<string> tensors, int batchSize, int height, int width)
    {
        var probe = model.Clone();
        var outputs = probe.Graph.Output.Select(o => o.Name).ToHashSet();
        foreach (string tensor in tensors.Distinct())
        {
            if (outputs.Add(tensor)) probe.Graph.Output.Add(new ValueInfoProto { Name = tensor });
        }
        string[] names = [.. tensors.Distinct()];
        using var options = SessionOptionsFactory.Create(new RuntimeOptions { IntraOpThreads = 1 });
        InferenceSession session;
        try
        {
            session = new InferenceSession(probe.ToByteArray(), options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new ModelException($"{path}: ONNX Runtime cannot load the model: {FirstLine(e.Message)}", e);
        }
        using (session)
        {
            var shapes = names.ToDictionary(n => n, n => session.OutputMetadata[n].Dimensions);
            if (shapes.Values.All(s => s.Length >= 2 && s.All(d => d > 0))) return shapes;
            try
            {
                using var zeros = OrtValue.CreateTensorValueFromMemory(new float[batchSize * 3 * height * width], [batchSize, 3, height, width]);
                using var run = new RunOptions();
                using var results = session.Run(run, [NetworkGraph.InputName], [zeros], names);
                return names.Select((n, i) => (n, Shape: results[i].GetTensorTypeAndShape().Shape.Select(d => (int)d).ToArray())).ToDictionary(x => x.n, x => x.Shape);
            }
            catch (OnnxRuntimeException e)
            {
                throw new ModelException($"{path}: ONNX Runtime cannot run the model on {batchSize}×3×{height}×{width} images: {FirstLine(e.Message)}", e);
            }
        }
    }

    private static string FirstLine(string text) => text.ReplaceLineEndings("\n").Split('\n')[0].Trim();

    /// <summary>Replaces <paramref name="node"/> by <see cref="BatchStatistics"/>' nodes, its output keeping its name.</summary>
    private static void ToBatchStatistics(string path, Emitter emitter, NodeProto node, int[] shape, int opset)
    {
        if (shape.Length < 2)
            throw new ModelException($"{path}: BatchNormalization '{node.Name}' reads a tensor of rank {shape.Length}; expected N×C×…");
        float epsilon = node.Attribute.FirstOrDefault(a => a.Name == "epsilon") is { } e ? e.F : 1e-5f;
        string y = BatchStatistics.Normalise(emitter, node.Input[0], node.Input[1], node.Input[2], shape, opset, epsilon);
        emitter.Replace(node, y);
    }

    /// <summary>One bool output (x &gt; 0) per tensor read by counted activations; each node that reads it counts once.</summary>
    private static List<Tap> AddTaps(GraphProto graph, Emitter emitter, List<NodeProto> tapped, Dictionary<string, int[]> shapes)
    {
        var byTensor = tapped.GroupBy(n => n.Input[0]).ToList();
        string zero = emitter.Constant(0f);
        var taps = new List<Tap>();
        var nodes = new List<NodeProto>();
        foreach (var group in byTensor)
        {
            int[] shape = shapes[group.Key];
            string output = Fresh(graph, $"naswot.tap{taps.Count}");
            var greater = new NodeProto { OpType = "Greater", Name = output };
            greater.Input.Add(group.Key);
            greater.Input.Add(zero);
            greater.Output.Add(output);
            nodes.Add(greater);
            var value = new ValueInfoProto
            {
                Name = output,
                Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Bool, Shape = new TensorShapeProto() } },
            };
            foreach (int d in shape) value.Type.TensorType.Shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
            graph.Output.Add(value);
            long elements = shape.Skip(1).Aggregate(1L, (n, d) => n * d);
            taps.Add(new Tap(output, checked((int)elements), group.Count(), 0));
        }
        // As OnnxGraphBuilder.Build: the sign nodes last, the last tap first, so each runs as soon as its tensor exists.
        for (int t = nodes.Count - 1; t >= 0; t--) graph.Node.Add(nodes[t]);
        return taps;
    }

    /// <summary>Elements of the float initializers, BatchNorm's running statistics left out (they are not trained).</summary>
    private static long CountParameters(GraphProto graph, List<NodeProto> batchNorms)
    {
        var statistics = batchNorms.SelectMany(n => n.Input.Skip(3)).ToHashSet();
        return graph.Initializer
            .Where(t => t.DataType == (int)TensorProto.Types.DataType.Float && !statistics.Contains(t.Name))
            .Sum(t => t.Dims.Aggregate(1L, (n, d) => n * d));
    }

    /// <summary>Writes <see cref="BatchStatistics"/>' nodes into an imported graph under names of their own.</summary>
    private sealed class Emitter(GraphProto graph) : BatchStatistics.IEmitter
    {
        private readonly List<NodeProto> _pending = [];
        private readonly Dictionary<string, string> _constants = [];
        private HashSet<string>? _used;
        private int _next;

        public string Node(string op, string[] inputs, int[] shape, params AttributeProto[] attributes)
        {
            string output = NewName();
            var node = new NodeProto { OpType = op, Name = output };
            node.Input.AddRange(inputs);
            node.Output.Add(output);
            node.Attribute.AddRange(attributes);
            _pending.Add(node);
            return output;
        }

        public string Constant(float value)
        {
            string key = "f" + BitConverter.SingleToInt32Bits(value);
            if (_constants.TryGetValue(key, out string? name)) return name;
            var tensor = new TensorProto { Name = NewName(), DataType = (int)TensorProto.Types.DataType.Float };
            tensor.FloatData.Add(value);
            graph.Initializer.Add(tensor);
            return _constants[key] = tensor.Name;
        }

        public string Constant(long[] values)
        {
            string key = "l" + string.Join(',', values);
            if (_constants.TryGetValue(key, out string? name)) return name;
            var tensor = new TensorProto { Name = NewName(), DataType = (int)TensorProto.Types.DataType.Int64 };
            tensor.Dims.Add(values.Length);
            tensor.Int64Data.AddRange(values);
            graph.Initializer.Add(tensor);
            return _constants[key] = tensor.Name;
        }

        /// <summary>Puts the pending nodes where <paramref name="node"/> was; the one that wrote <paramref name="output"/> takes over its output's name.</summary>
        public void Replace(NodeProto node, string output)
        {
            var last = _pending.Single(n => n.Output[0] == output);
            last.Output[0] = node.Output[0];
            int at = graph.Node.IndexOf(node);
            graph.Node.RemoveAt(at);
            for (int i = 0; i < _pending.Count; i++) graph.Node.Insert(at + i, _pending[i]);
            _pending.Clear();
        }

        private string NewName()
        {
            _used ??= [.. graph.Node.SelectMany(n => n.Output), .. graph.Initializer.Select(t => t.Name), .. graph.Input.Select(i => i.Name)];
            string name;
            do name = $"naswot.{_next++}";
            while (!_used.Add(name));
            return name;
        }
    }
}
