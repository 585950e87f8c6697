using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;

namespace Naswot.Networks;

/// <summary>
/// Emits an ONNX graph layer by layer with PyTorch's default initialisation, counting parameters and FLOPs
/// and recording ReLU taps explicitly as they are made (never by matching names afterwards).
/// </summary>
/// <remarks>Shapes are static: a graph is built for one batch size, which lets BatchNorm divide by a constant.</remarks>
internal sealed class OnnxGraphBuilder
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

    /// <param name="seed">Init seed of every layer's weights.</param>
    /// <param name="countOnly">Leave the weights out of the graph: for counting parameters and FLOPs of many networks quickly.</param>
    public OnnxGraphBuilder(ulong seed, bool countOnly = false)
    {
        _seed = seed;
        _countOnly = countOnly;
    }

    public long Parameters { get; private set; }

    /// <summary>FLOPs of the whole batch, as the shapes are static.</summary>
    public long Flops { get; private set; }

    public int BatchSize { get; private set; }

    public int[] Shape(string tensor) => _shapes[tensor];

    public string Input(int batch, int channels, int height, int width)
    {
        BatchSize = batch;
        _graph.Input.Add(ValueInfo(NetworkGraph.InputName, TensorProto.Types.DataType.Float, [batch, channels, height, width]));
        _shapes[NetworkGraph.InputName] = [batch, channels, height, width];
        return NetworkGraph.InputName;
    }

    /// <summary>Conv2d without bias, kaiming-uniform(a=√5) as torch.nn.Conv2d: U(−1/√fan_in, 1/√fan_in).</summary>
    public string Conv(string x, int outChannels, int kernel, int stride, int padding, string layer)
    {
        int[] s = _shapes[x];
        int inChannels = s[1];
        int fanIn = inChannels * kernel * kernel;
        string weight = Initializer(layer + ".weight", [outChannels, inChannels, kernel, kernel], UniformWeights(layer, outChannels * fanIn, fanIn));
        Parameters += (long)outChannels * fanIn;
        int outH = (s[2] + 2 * padding - kernel) / stride + 1;
        int outW = (s[3] + 2 * padding - kernel) / stride + 1;
        Flops += 2L * s[0] * outChannels * outH * outW * fanIn;
        return Node("Conv", [x, weight], [s[0], outChannels, outH, outW],
            Ints("kernel_shape", kernel, kernel), Ints("strides", stride, stride), Ints("pads", padding, padding, padding, padding));
    }

    /// <summary>
    /// BatchNorm2d in training mode (batch statistics, biased variance), γ=1, β=0 as PyTorch initialises them.
    /// Two passes like PyTorch: the mean, then the mean squared deviation (biased), then the one-pass normalisation.
    /// </summary>
    public string BatchNorm(string x, string layer)
    {
        int[] s = _shapes[x];
        int channels = s[1];
        string gamma = Initializer(layer + ".weight", [channels], Filled(channels, 1f));
        string beta = Initializer(layer + ".bias", [channels], Filled(channels, 0f));
        Parameters += 2L * channels;
        int[] perChannel = [channels];
        int[] broadcast = [1, channels, 1, 1];
        string mean = Node("ReduceMean", [x], broadcast, Ints("axes", 0, 2, 3), Int("keepdims", 1));
        string deviation = Node("Sub", [x, mean], s);
        // Σd² in one fused reduction: Mul(d, d) would write (and ONNX Runtime runs it slowly) a tensor as large as x.
        string sumOfSquares = Node("ReduceSumSquare", [deviation], perChannel, Ints("axes", 0, 2, 3), Int("keepdims", 0));
        string variance = Node("Div", [sumOfSquares, Constant((float)s[0] * s[2] * s[3])], perChannel);
        string flatMean = Node("Reshape", [mean, Constant([channels])], perChannel);
        return Node("BatchNormalization", [x, gamma, beta, flatMean, variance], s, Float("epsilon", BatchNormEpsilon));
    }

    /// <summary>
    /// Counts the parameters of a conv+BN layer that is left out of the graph because its output is never used:
    /// it is still part of the network.
    /// </summary>
    public void PrunedConvBatchNorm(int inChannels, int outChannels, int kernel) =>
        Parameters += (long)outChannels * inChannels * kernel * kernel + 2L * outChannels;

    /// <summary>ReLU; one node per input tensor, since every ReLU of the same tensor computes the same values.</summary>
    public string Relu(string x)
    {
        if (!_reluOf.TryGetValue(x, out string? y))
        {
            y = Node("Relu", [x], _shapes[x]);
            _reluOf[x] = y;
        }
        return y;
    }

    /// <summary>Records that a ReLU reads <paramref name="x"/>; <paramref name="inWrapper"/> for ReLU-Conv-BN ops.</summary>
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

    public string Add(string a, string b) => Node("Add", [a, b], _shapes[a]);

    /// <summary>x·0: NB201's `none` op; keeps the shape of x.</summary>
    public string Zero(string x) => Node("Mul", [x, Constant(0f)], _shapes[x]);

    public string AveragePool(string x, int kernel, int stride, int padding, bool countIncludePad)
    {
        int[] s = _shapes[x];
        int outH = (s[2] + 2 * padding - kernel) / stride + 1;
        int outW = (s[3] + 2 * padding - kernel) / stride + 1;
        return Node("AveragePool", [x], [s[0], s[1], outH, outW],
            Ints("kernel_shape", kernel, kernel), Ints("strides", stride, stride), Ints("pads", padding, padding, padding, padding),
            Int("count_include_pad", countIncludePad ? 1 : 0));
    }

    public string GlobalAveragePool(string x)
    {
        int[] s = _shapes[x];
        return Node("GlobalAveragePool", [x], [s[0], s[1], 1, 1]);
    }

    /// <summary>torch.nn.Linear on a pooled N×C×1×1 tensor: weight and bias U(−1/√in, 1/√in).</summary>
    public string Linear(string x, int outFeatures, string layer)
    {
        int[] s = _shapes[x];
        int inFeatures = s[1];
        string flat = Node("Flatten", [x], [s[0], inFeatures], Int("axis", 1));
        string weight = Initializer(layer + ".weight", [outFeatures, inFeatures], UniformWeights(layer + ".weight", outFeatures * inFeatures, inFeatures));
        string bias = Initializer(layer + ".bias", [outFeatures], UniformWeights(layer + ".bias", outFeatures, inFeatures));
        Parameters += (long)outFeatures * inFeatures + outFeatures;
        Flops += 2L * s[0] * outFeatures * inFeatures;
        return Node("Gemm", [flat, weight, bias], [s[0], outFeatures], Int("transB", 1));
    }

    /// <summary>Finishes the graph: the taps' sign tensors (x &gt; 0, bool) as outputs, then the logits.</summary>
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
        return new NetworkGraph(model, taps, Parameters, Flops / Math.Max(1, BatchSize));
    }

    private float[] UniformWeights(string layer, int count, int fanIn) =>
        _countOnly ? [] : LayerWeights.Uniform(_seed, layer, count, fanIn);

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

    private static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    private static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    private static AttributeProto Float(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    private sealed class TapBuilder(string tensor, string output)
    {
        public string Tensor { get; } = tensor;
        public string Output { get; } = output;
        public int Relus { get; set; }
        public int Wrappers { get; set; }
    }
}
