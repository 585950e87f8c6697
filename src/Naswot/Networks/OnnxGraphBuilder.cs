using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;

namespace Naswot.Networks;

/// <summary>
/// Emits an ONNX graph layer by layer, in the manner of a PyTorch module's forward pass, with PyTorch's
/// initialisation by default, counting parameters and FLOPs and recording ReLU taps explicitly as they are made
/// (never by matching names afterwards).
/// </summary>
/// <remarks>
/// Tensors are named by strings that the methods return and take. Shapes are static: a graph is built for one batch
/// size, which lets BatchNorm divide by a constant. Layer names seed each layer's weights
/// (<see cref="LayerWeights"/>), so a layer of the same name and shape holds the same weights in every network.
/// </remarks>
public sealed class OnnxGraphBuilder
{
    private const int Opset = 17;
    private const float BatchNormEpsilon = 1e-5f;

    private readonly GraphProto _graph = new() { Name = "naswot" };
    private readonly ulong _seed;
    private readonly bool _countOnly;
    private readonly List<TapBuilder> _taps = [];
    private readonly Dictionary<string, TapBuilder> _tapsByTensor = [];
    private readonly Dictionary<string, string> _reluOf = [];
    private readonly Dictionary<string, int[]> _shapes = [];
    private int _nextName;
    private readonly Dictionary<string, string> _constants = [];
    private readonly List<Probe> _probes = [];
    private readonly HashSet<string> _probed = [];

    /// <param name="seed">Init seed of every layer's weights.</param>
    /// <param name="countOnly">Leave the weights out of the graph: for counting parameters and FLOPs of many networks quickly.</param>
    public OnnxGraphBuilder(ulong seed, bool countOnly = false)
    {
        _seed = seed;
        _countOnly = countOnly;
    }

    /// <summary>Trainable parameters so far: conv and linear weights and biases, BatchNorm γ and β.</summary>
    public long Parameters { get; private set; }

    /// <summary>
    /// FLOPs of the whole batch, as the shapes are static: 2 per multiply-add of convs and linear layers. Biases,
    /// BatchNorm, pooling, additions and ReLUs are not counted.
    /// </summary>
    public long Flops { get; private set; }

    /// <summary>
    /// Trainable parameter tensors so far, as PyTorch's <c>named_parameters()</c> lists them: a conv's weight (and
    /// bias), a BatchNorm's γ and β, a linear layer's weight and bias.
    /// </summary>
    public int ParameterTensors { get; private set; }

    /// <summary>Convolutions and linear layers so far, pruned ones included.</summary>
    public int TrainableLayers { get; private set; }

    /// <summary>N of the input; 0 before <see cref="Input"/>.</summary>
    public int BatchSize { get; private set; }

    /// <summary>A copy of the tensor's static shape, N×C×H×W (N×F after <see cref="Linear"/>).</summary>
    public int[] Shape(string tensor) => (int[])_shapes[tensor].Clone();

    /// <summary>The graph input <see cref="NetworkGraph.InputName"/>, a float N×C×H×W batch.</summary>
    public string Input(int batch, int channels, int height, int width)
    {
        BatchSize = batch;
        _graph.Input.Add(ValueInfo(NetworkGraph.InputName, TensorProto.Types.DataType.Float, [batch, channels, height, width]));
        _shapes[NetworkGraph.InputName] = [batch, channels, height, width];
        return NetworkGraph.InputName;
    }

    /// <summary>
    /// torch.nn.Conv2d(C, outChannels, kernel, stride, padding, dilation, groups, bias) with a square kernel.
    /// Weight and bias are initialised by <paramref name="init"/> (PyTorch's default when null).
    /// </summary>
    /// <param name="layer">Name of the layer: its initialisers are <c>layer.weight</c> and <c>layer.bias</c>, and it seeds their values.</param>
    /// <param name="groups">C/groups input channels per output channel; groups = C is a depthwise conv. Must divide C and outChannels.</param>
    public string Conv(string x, int outChannels, int kernel, int stride, int padding, string layer,
        int dilation = 1, int groups = 1, bool bias = false, WeightInit? init = null) =>
        Conv(x, outChannels, (kernel, kernel), (stride, stride), (padding, padding), layer, dilation, groups, bias, init);

    /// <summary>
    /// torch.nn.Conv2d with a kernel of kh×kw, such as the 1×7 then 7×1 pair of NASNet-style cells; output side
    /// (side + 2·padding − dilation·(kernel − 1) − 1)/stride + 1 on each axis. FLOPs 2·N·outChannels·H'·W'·(C/groups)·kh·kw.
    /// </summary>
    /// <inheritdoc cref="Conv(string, int, int, int, int, string, int, int, bool, WeightInit?)" path="/param"/>
    public string Conv(string x, int outChannels, (int Height, int Width) kernel, (int Height, int Width) stride,
        (int Height, int Width) padding, string layer, int dilation = 1, int groups = 1, bool bias = false, WeightInit? init = null)
    {
        int[] s = _shapes[x];
        int inChannels = s[1];
        if (groups < 1 || inChannels % groups != 0 || outChannels % groups != 0)
            throw new ArgumentException($"{layer}: groups {groups} must divide input channels {inChannels} and output channels {outChannels}", nameof(groups));
        init ??= WeightInit.PyTorchDefault;
        int fanIn = inChannels / groups * kernel.Height * kernel.Width;
        int fanOut = outChannels * kernel.Height * kernel.Width;
        int outH = OutputSide(s[2], kernel.Height, stride.Height, padding.Height, dilation, layer);
        int outW = OutputSide(s[3], kernel.Width, stride.Width, padding.Width, dilation, layer);
        // The weight's stream is the layer's own name (the bias's is layer.bias), as NB201 networks have always drawn it.
        string weight = Initializer(layer + ".weight", [outChannels, inChannels / groups, kernel.Height, kernel.Width],
            Weights(layer, outChannels * fanIn, init.Weight(fanIn, fanOut)));
        Parameters += (long)outChannels * fanIn;
        ParameterTensors += bias ? 2 : 1;
        TrainableLayers++;
        Flops += 2L * s[0] * outChannels * outH * outW * fanIn;
        string[] inputs = [x, weight];
        if (bias)
        {
            inputs = [x, weight, Initializer(layer + ".bias", [outChannels], Weights(layer + ".bias", outChannels, init.Bias(fanIn)))];
            Parameters += outChannels;
        }
        List<AttributeProto> attributes =
        [
            Ints("kernel_shape", kernel.Height, kernel.Width), Ints("strides", stride.Height, stride.Width),
            Ints("pads", padding.Height, padding.Width, padding.Height, padding.Width),
        ];
        // Defaults are left out, so a plain conv's node is what it was before dilation and groups existed.
        if (dilation != 1) attributes.Add(Ints("dilations", dilation, dilation));
        if (groups != 1) attributes.Add(Int("group", groups));
        return Layer(Node("Conv", inputs, [s[0], outChannels, outH, outW], [.. attributes]));
    }

    /// <summary>
    /// torch.nn.BatchNorm2d in training mode (batch statistics, biased variance, eps 1e-5), γ=1, β=0 as PyTorch initialises them.
    /// Two passes like PyTorch: the mean, then the mean squared deviation (biased), then the one-pass normalisation.
    /// </summary>
    public string BatchNorm(string x, string layer)
    {
        int[] s = _shapes[x];
        int channels = s[1];
        string gamma = Initializer(layer + ".weight", [channels], Filled(channels, 1f));
        string beta = Initializer(layer + ".bias", [channels], Filled(channels, 0f));
        Parameters += 2L * channels;
        ParameterTensors += 2;
        string y = BatchStatistics.Normalise(new Emitter(this), x, gamma, beta, s, Opset, BatchNormEpsilon);
        // The BatchNormalization node just emitted reads the batch variance as its fifth input.
        string variance = _graph.Node[^1].Input[4];
        Record(new Probe(ProbeKind.BatchNormVariance, variance, [channels], (long)s[0] * s[2] * s[3]));
        return Layer(y);
    }

    /// <summary>
    /// Counts the parameters of a conv+BN layer that is left out of the graph because its output is never used:
    /// it is still part of the network.
    /// </summary>
    public void PrunedConvBatchNorm(int inChannels, int outChannels, int kernel)
    {
        Parameters += (long)outChannels * inChannels * kernel * kernel + 2L * outChannels;
        ParameterTensors += 3;
        TrainableLayers++;
    }

    /// <summary>ReLU; one node per input tensor, since every ReLU of the same tensor computes the same values.</summary>
    public string Relu(string x)
    {
        if (!_reluOf.TryGetValue(x, out string? y))
        {
            y = Layer(Node("Relu", [x], _shapes[x]));
            _reluOf[x] = y;
        }
        return y;
    }

    /// <summary>
    /// Records that a ReLU reads <paramref name="x"/>: its signs become a bool output of the graph (<see cref="Naswot.Networks.Tap"/>).
    /// <paramref name="inWrapper"/> for ReLU-Conv-BN ops, whose wrapper the reference code hooks as well.
    /// </summary>
    public void Tap(string x, bool inWrapper)
    {
        if (!_tapsByTensor.TryGetValue(x, out var tap))
        {
            tap = new TapBuilder(x, $"tap{_taps.Count}");
            _tapsByTensor[x] = tap;
            _taps.Add(tap);
        }
        tap.Relus++;
        if (inWrapper) tap.Wrappers++;
    }

    /// <summary>a + b, elementwise; both of one shape.</summary>
    public string Add(string a, string b) => Layer(Node("Add", [a, b], _shapes[a]));

    /// <summary>x·0: NB201's `none` op; keeps the shape of x.</summary>
    public string Zero(string x) => Layer(Node("Mul", [x, Constant(0f)], _shapes[x]));

    /// <summary>x[:, :, ::stride, ::stride]·0: DARTS' `none` op, whose stride matches the cell's other ops; <see cref="Zero(string)"/> at stride 1.</summary>
    public string Zero(string x, int stride) => stride == 1 ? Zero(x) : Zero(SliceSpatial(x, .., .., stride));

    /// <summary>
    /// torch.nn.AvgPool2d(kernel, stride, padding, count_include_pad); with <paramref name="countIncludePad"/> false a
    /// window divides by the inputs it covers, padding left out (DARTS' and NB201's avg_pool_3x3).
    /// </summary>
    public string AveragePool(string x, int kernel, int stride, int padding, bool countIncludePad)
    {
        int[] s = _shapes[x];
        return Layer(Node("AveragePool", [x], PoolShape(s, kernel, stride, padding),
            Ints("kernel_shape", kernel, kernel), Ints("strides", stride, stride), Ints("pads", padding, padding, padding, padding),
            Int("count_include_pad", countIncludePad ? 1 : 0)));
    }

    /// <summary>torch.nn.MaxPool2d(kernel, stride, padding): padding is −∞, never a window's maximum.</summary>
    public string MaxPool(string x, int kernel, int stride, int padding)
    {
        // PyTorch's own limit; it also leaves every window at least one real element.
        if (padding > kernel / 2) throw new ArgumentOutOfRangeException(nameof(padding), padding, $"at most half the kernel {kernel}");
        int[] s = _shapes[x];
        return Layer(Node("MaxPool", [x], PoolShape(s, kernel, stride, padding),
            Ints("kernel_shape", kernel, kernel), Ints("strides", stride, stride), Ints("pads", padding, padding, padding, padding)));
    }

    /// <summary>torch.nn.AdaptiveAvgPool2d(1): N×C×1×1.</summary>
    public string GlobalAveragePool(string x)
    {
        int[] s = _shapes[x];
        Record(new Probe(ProbeKind.PrePool, x, s));
        return Node("GlobalAveragePool", [x], [s[0], s[1], 1, 1]);
    }

    /// <summary>
    /// torch.cat(inputs, dim=1): channels of tensors of one batch and spatial size, in order (NAS-Bench-101's and
    /// DARTS' cell outputs). A single input is returned as it is.
    /// </summary>
    public string Concat(params string[] inputs)
    {
        if (inputs.Length == 0) throw new ArgumentException("nothing to concatenate", nameof(inputs));
        if (inputs.Length == 1) return inputs[0];
        int[] first = _shapes[inputs[0]];
        int channels = 0;
        foreach (string input in inputs)
        {
            int[] s = _shapes[input];
            if (s.Length != 4 || s[0] != first[0] || s[2] != first[2] || s[3] != first[3])
                throw new ArgumentException($"cannot concatenate {string.Join('×', s)} with {string.Join('×', first)}", nameof(inputs));
            channels += s[1];
        }
        return Layer(Node("Concat", inputs, [first[0], channels, first[2], first[3]], Int("axis", 1)));
    }

    /// <summary>
    /// x[:, channels]: a contiguous range of channels, such as NAS-Bench-101's truncation of a vertex's input to its
    /// width (<c>..width</c>). x itself when the range is all of them.
    /// </summary>
    public string SliceChannels(string x, Range channels) => Slice(x, (1, channels, 1));

    /// <summary>
    /// x[:, :, height, width] with one step on both axes: <c>(1.., 1.., 1)</c> is DARTS' FactorizedReduce shift
    /// x[:, :, 1:, 1:], <c>(.., .., 2)</c> is x[:, :, ::2, ::2]. x itself when that is all of it.
    /// </summary>
    public string SliceSpatial(string x, Range height, Range width, int step = 1) => Slice(x, (2, height, step), (3, width, step));

    /// <summary>
    /// torch.nn.Linear(features, outFeatures) on x flattened after the batch axis (a pooled N×C×1×1 tensor
    /// gives C features); <paramref name="init"/> as for convs, PyTorch's default when null: weight and bias U(−1/√in, 1/√in).
    /// </summary>
    public string Linear(string x, int outFeatures, string layer, WeightInit? init = null)
    {
        int[] s = _shapes[x];
        int inFeatures = 1;
        for (int d = 1; d < s.Length; d++) inFeatures *= s[d];
        init ??= WeightInit.PyTorchDefault;
        string flat = Node("Flatten", [x], [s[0], inFeatures], Int("axis", 1));
        string weight = Initializer(layer + ".weight", [outFeatures, inFeatures],
            Weights(layer + ".weight", outFeatures * inFeatures, init.Weight(inFeatures, outFeatures)));
        string bias = Initializer(layer + ".bias", [outFeatures], Weights(layer + ".bias", outFeatures, init.Bias(inFeatures)));
        Parameters += (long)outFeatures * inFeatures + outFeatures;
        ParameterTensors += 2;
        TrainableLayers++;
        Flops += 2L * s[0] * outFeatures * inFeatures;
        return Node("Gemm", [flat, weight, bias], [s[0], outFeatures], Int("transB", 1));
    }

    /// <summary>
    /// Marks <paramref name="x"/> as the output of a stage of the network: the stem, and each cell or block after it,
    /// in order (AZ-NAS reads these; cvlab-yonsei/AZ-NAS@5e6683a2:NB201/custom/tss_model.py, <c>extract_cell_features</c>).
    /// Changes nothing in the graph: a proxy that needs stage outputs asks for them (<see cref="NetworkGraph.WithOutputs"/>).
    /// </summary>
    public void MarkStage(string x) => Record(new Probe(ProbeKind.Stage, x, _shapes[x]));

    /// <summary>
    /// Finishes the graph: the taps' sign tensors (x &gt; 0, bool) as outputs, then <paramref name="logits"/> as
    /// <see cref="NetworkGraph.LogitsName"/> (any tensor but the input: a test may finish at the op it checks).
    /// </summary>
    public NetworkGraph Build(string logits)
    {
        // ONNX Runtime orders execution by a depth-first walk back from the graph's leaves, taking them in
        // descending node order. With the sign nodes listed last and last tap first, each one runs as soon as its
        // tensor exists, so the float tensor is freed early; listed next to their tensors, they all ran at the end
        // and every tapped tensor stayed alive to the end of the forward pass.
        for (int t = _taps.Count - 1; t >= 0; t--) _graph.Node.Add(NewNode("Greater", [_taps[t].Tensor, Constant(0f)], _taps[t].Output));
        var taps = new List<Tap>(_taps.Count);
        foreach (var tap in _taps)
        {
            int[] s = _shapes[tap.Tensor];
            _graph.Output.Add(ValueInfo(tap.Output, TensorProto.Types.DataType.Bool, s));
            taps.Add(new Tap(tap.Output, s[1] * s[2] * s[3], tap.Relus, tap.Wrappers));
        }
        // The last node writes the logits under their public name: an Identity node would cost every session a rewrite.
        if (_graph.Node.Any(n => n.Input.Contains(logits))) _graph.Node.Add(NewNode("Identity", [logits], NetworkGraph.LogitsName));
        else
        {
            var producer = _graph.Node.Single(n => n.Output.Contains(logits));
            producer.Output[producer.Output.IndexOf(logits)] = NetworkGraph.LogitsName;
        }
        _graph.Output.Add(ValueInfo(NetworkGraph.LogitsName, TensorProto.Types.DataType.Float, _shapes[logits]));
        var model = new ModelProto { IrVersion = 8, ProducerName = "naswot", Graph = _graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        return new NetworkGraph(model, taps, Parameters, Flops / Math.Max(1, BatchSize), PeakActivationBytes())
        {
            Probes = [.. _probes],
            ParameterTensors = ParameterTensors,
            TrainableLayers = TrainableLayers,
        };
    }

    /// <summary>
    /// The most activation bytes alive at once when the nodes run in graph order and each tensor is freed after its
    /// last reader, as ONNX Runtime's allocation planner frees them; a tap's sign node runs as soon as its tensor
    /// exists (see <see cref="Build"/>) and its bool output lives to the end, as do the logits.
    /// </summary>
    private long PeakActivationBytes()
    {
        var nodes = _graph.Node;
        var signs = _taps.Select(t => t.Output).ToHashSet();
        long Bytes(string tensor, bool boolean) =>
            _shapes.TryGetValue(tensor, out int[]? shape) ? shape.Aggregate(boolean ? 1L : 4L, (size, d) => size * d) : 0;
        var lastRead = new Dictionary<string, int>();
        for (int i = 0; i < nodes.Count; i++)
        {
            if (nodes[i].Output.Any(signs.Contains)) continue; // counted where its tensor is made
            foreach (string input in nodes[i].Input) lastRead[input] = i;
        }
        var freedAfter = lastRead.GroupBy(x => x.Value).ToDictionary(g => g.Key, g => g.Select(x => x.Key).ToList());
        var tapOf = _taps.ToDictionary(t => t.Tensor);
        long live = Bytes(NetworkGraph.InputName, false), peak = live;
        for (int i = 0; i < nodes.Count; i++)
        {
            var node = nodes[i];
            if (node.Output.Any(signs.Contains)) continue;
            foreach (string output in node.Output)
            {
                live += Bytes(output, false);
                if (tapOf.TryGetValue(output, out var tap)) live += Bytes(tap.Tensor, true);
            }
            peak = Math.Max(peak, live);
            if (!freedAfter.TryGetValue(i, out var freed)) continue;
            foreach (string tensor in freed)
            {
                if (tensor != NetworkGraph.InputName && tensor != NetworkGraph.LogitsName) live -= Bytes(tensor, false);
            }
        }
        return peak;
    }

    /// <summary>Records a layer op's output as a probe (<see cref="ProbeKind.Layer"/>); returns it.</summary>
    private string Layer(string tensor)
    {
        Record(new Probe(ProbeKind.Layer, tensor, _shapes[tensor]));
        return tensor;
    }

    private void Record(Probe probe)
    {
        if (_probed.Add($"{probe.Kind}:{probe.Tensor}")) _probes.Add(probe);
    }

    /// <summary>Side of a conv's or pool's output, as PyTorch computes it (rounding down).</summary>
    private static int OutputSide(int side, int kernel, int stride, int padding, int dilation, string layer)
    {
        if (kernel < 1 || stride < 1 || padding < 0 || dilation < 1)
            throw new ArgumentException($"{layer}: kernel {kernel}, stride {stride}, padding {padding}, dilation {dilation}");
        int span = side + 2 * padding - dilation * (kernel - 1) - 1;
        if (span < 0) throw new ArgumentException($"{layer}: a kernel of {kernel} (dilation {dilation}) does not fit a side of {side} padded by {padding}");
        return span / stride + 1;
    }

    private static int[] PoolShape(int[] s, int kernel, int stride, int padding) =>
        [s[0], s[1], OutputSide(s[2], kernel, stride, padding, 1, "pool"), OutputSide(s[3], kernel, stride, padding, 1, "pool")];

    /// <summary>One Slice node over the axes whose range is not all of the axis; x itself when there are none.</summary>
    private string Slice(string x, params (int Axis, Range Range, int Step)[] slices)
    {
        int[] shape = _shapes[x];
        int[] output = (int[])shape.Clone();
        List<long> starts = [], ends = [], axes = [], steps = [];
        foreach (var (axis, range, step) in slices)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(step);
            var (start, length) = range.GetOffsetAndLength(shape[axis]);
            if (length == 0) throw new ArgumentOutOfRangeException(nameof(slices), $"empty slice {range} of axis {axis} ({shape[axis]})");
            if (length == shape[axis] && step == 1) continue;
            starts.Add(start);
            ends.Add(start + length);
            axes.Add(axis);
            steps.Add(step);
            output[axis] = (length + step - 1) / step;
        }
        if (axes.Count == 0) return x;
        return Node("Slice", [x, Constant([.. starts]), Constant([.. ends]), Constant([.. axes]), Constant([.. steps])], output);
    }

    private float[] Weights(string stream, int count, WeightDistribution? distribution) =>
        _countOnly ? [] : distribution is { } d ? LayerWeights.Get(_seed, stream, count, d) : new float[count];
    private static float[] Filled(int count, float value)
    {
        var values = new float[count];
        Array.Fill(values, value);
        return values;
    }

    private string Initializer(string name, long[] dims, float[] values)
    {
        if (_countOnly) return name;
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(dims);
        tensor.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan()));
        _graph.Initializer.Add(tensor);
        return name;
    }

    // One initializer per distinct constant: ONNX Runtime would otherwise merge them itself, at a cost to every session.
    private string Constant(float value)
    {
        string key = "f" + BitConverter.SingleToInt32Bits(value);
        if (_constants.TryGetValue(key, out string? name)) return name;
        name = Initializer($"const{_nextName++}", [], [value]);
        _constants[key] = name;
        return name;
    }

    private string Constant(long[] values)
    {
        string key = "l" + string.Join(',', values);
        if (_constants.TryGetValue(key, out string? name)) return name;
        name = $"const{_nextName++}";
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.Add(values.Length);
        tensor.Int64Data.AddRange(values);
        _graph.Initializer.Add(tensor);
        _constants[key] = name;
        return name;
    }

    private string Node(string op, string[] inputs, int[] outputShape, params AttributeProto[] attributes)
    {
        string output = $"t{_nextName++}";
        var node = NewNode(op, inputs, output);
        node.Attribute.AddRange(attributes);
        _graph.Node.Add(node);
        _shapes[output] = outputShape;
        return output;
    }

    private static NodeProto NewNode(string op, string[] inputs, string output)
    {
        var node = new NodeProto { OpType = op, Name = output };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        return node;
    }

    private static ValueInfoProto ValueInfo(string name, TensorProto.Types.DataType type, int[] shape)
    {
        var tensorShape = new TensorShapeProto();
        foreach (int d in shape) tensorShape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = tensorShape } },
        };
    }

    internal static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    internal static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    internal static AttributeProto Float(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    /// <summary>The builder's naming, shapes and shared constants, for <see cref="BatchStatistics"/>.</summary>
    private sealed class Emitter(OnnxGraphBuilder g) : BatchStatistics.IEmitter
    {
        public string Node(string op, string[] inputs, int[] shape, params AttributeProto[] attributes) => g.Node(op, inputs, shape, attributes);

        public string Constant(float value) => g.Constant(value);

        public string Constant(long[] values) => g.Constant(values);
    }

    private sealed class TapBuilder(string tensor, string output)
    {
        public string Tensor { get; } = tensor;
        public string Output { get; } = output;
        public int Relus { get; set; }
        public int Wrappers { get; set; }
    }
}
