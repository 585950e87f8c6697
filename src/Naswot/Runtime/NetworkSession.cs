using System.Runtime.InteropServices;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Naswot.Networks;

namespace Naswot.Runtime;

/// <summary>
/// One network loaded into ONNX Runtime. Owns the native session; the input tensor belongs to the caller
/// (<see cref="InputTensor"/>) so one batch serves every architecture.
/// </summary>
internal sealed class NetworkSession : IDisposable
{
    private readonly InferenceSession _session;
    private readonly string[] _outputNames;

    public NetworkSession(NetworkGraph graph, SessionOptions options)
    {
        Graph = graph;
        _session = new InferenceSession(graph.Model.ToByteArray(), options);
        // Every output but the logits, taps first (the graph lists them so); the logits where there is nothing else.
        string[] outputs = [.. graph.Model.Graph.Output.Select(o => o.Name).Where(n => n != NetworkGraph.LogitsName)];
        _outputNames = outputs.Length > 0 ? outputs : [NetworkGraph.LogitsName];
    }

    public NetworkGraph Graph { get; }

    /// <summary>Runs one forward pass and returns the taps' sign tensors (bool, one byte each) in tap order, then the probes' values; the logits of a bare graph.</summary>
    public ForwardPass Forward(InputTensor input) => new(Run(input), _outputNames);

    /// <summary>As <see cref="Forward"/>, the outputs as ONNX Runtime returns them.</summary>
    public IDisposableReadOnlyCollection<OrtValue> Run(InputTensor input)
    {
        using var runOptions = new RunOptions();
        return _session.Run(runOptions, [NetworkGraph.InputName], [input.Value], _outputNames);
    }

    public void Dispose() => _session.Dispose();
}

/// <summary>
/// The outputs of one forward pass, valid until disposed: each tap's signs (x &gt; 0) as one byte per element, image
/// after image, in the order of <see cref="NetworkGraph.Taps"/>, and the float values of the probes the graph outputs
/// (<see cref="NetworkGraph.WithOutputs"/>). A pass with a perturbed twin (Zen-NAS) holds the twin's outputs too.
/// </summary>
public sealed class ForwardPass : IDisposable
{
    private readonly IDisposableReadOnlyCollection<OrtValue> _outputs;
    private readonly Dictionary<string, int> _index;

    internal ForwardPass(IDisposableReadOnlyCollection<OrtValue> outputs, IReadOnlyList<string> names)
    {
        _outputs = outputs;
        _index = names.Select((name, i) => (name, i)).ToDictionary(x => x.name, x => x.i);
    }

    /// <summary>The outputs of the same network on the perturbed input, where the pass has one; else null.</summary>
    public ForwardPass? Perturbed { get; internal set; }

    /// <summary>The session that ran the pass, where the pass owns it: disposed after the outputs.</summary>
    internal IDisposable? Session { get; set; }

    /// <summary>The signs of tap <paramref name="tap"/>: batch × elements-per-image bytes, each 0 or 1.</summary>
    public ReadOnlySpan<byte> Signs(int tap) => MemoryMarshal.AsBytes(_outputs[tap].GetTensorDataAsSpan<bool>());

    /// <summary>The values of the float output <paramref name="output"/> (<see cref="NetworkGraph.OutputOf"/>), row-major.</summary>
    /// <exception cref="KeyNotFoundException">The graph has no such output: the proxy did not ask for it.</exception>
    public ReadOnlySpan<float> Values(string output) =>
        _index.TryGetValue(output, out int i) ? _outputs[i].GetTensorDataAsSpan<float>() : throw new KeyNotFoundException($"the forward pass has no output '{output}'");

    /// <summary>Whether the pass has the output <paramref name="output"/>.</summary>
    public bool Has(string output) => _index.ContainsKey(output);

    /// <inheritdoc/>
    public void Dispose()
    {
        Perturbed?.Dispose();
        _outputs.Dispose();
        Session?.Dispose();
    }
}

/// <summary>A float N×C×H×W batch pinned for ONNX Runtime, reused across sessions.</summary>
internal sealed class InputTensor : IDisposable
{
    public InputTensor(float[] pixels, int count, int channels, int height, int width)
    {
        Value = OrtValue.CreateTensorValueFromMemory(pixels, [count, channels, height, width]);
    }

    internal OrtValue Value { get; }

    public void Dispose() => Value.Dispose();
}

/// <summary>Session options shared by all sessions of a run.</summary>
internal static class SessionOptionsFactory
{
    private static readonly Lazy<bool> SharedArena = new(RegisterSharedArena);

    /// <summary>
    /// Every architecture gets a new session; with one arena shared by all of them, memory freed by the last
    /// network is reused by the next instead of being mapped (and page-faulted) afresh, which halves the time
    /// of a typical NB201 forward pass.
    /// </summary>
    private static bool RegisterSharedArena()
    {
        using var memory = new OrtMemoryInfo(OrtMemoryInfo.allocatorCPU, OrtAllocatorType.ArenaAllocator, 0, OrtMemType.Default);
        using var arena = new OrtArenaCfg(0, -1, -1, -1);
        OrtEnv.Instance().CreateAndRegisterAllocator(memory, arena);
        return true;
    }

    /// <summary>
    /// Graph transformers of ONNX Runtime 1.31 that find nothing to change in the graphs our builders emit (its
    /// verbose log on NB201 graphs: "modified: 0"), skipped to save about 5 ms of the ~28 ms each session costs.
    /// Only the NCHWc layout transformer changes these graphs. Revisit for other execution providers (keep
    /// MemcpyTransformer) and for models built elsewhere.
    /// </summary>
    internal static readonly string[] IdleOptimizers =
    [
        "AttentionFusion", "BiasDropoutFusion", "BiasGeluFusion", "BiasSkipLayerNormFusion", "BiasSoftmaxFusion",
        "CastFloat16Transformer", "CommonSubexpressionElimination", "ConstantFolding", "ConstantSharing", "ConvActivationFusion",
        "ConvAddActivationFusion", "DoubleQDQPairsRemover", "DynamicQuantizeMatMulFusion", "EmbedLayerNormFusion",
        "EnsureUniqueDQForNodeUnit", "FastGeluFusion", "FreeDimensionOverrideTransformer", "FuseFp16InitializerToFp32NodeTransformer",
        "GatherSliceToSplitFusion", "GatherToSliceFusion", "GeluFusionL1", "GeluFusionL2", "GemmActivationFusion",
        "GroupQueryAttentionFusion", "GroupQueryAttentionPreNormFusion", "LayerNormFusionL1", "LayerNormFusionL2",
        "Level1_RuleBasedTransformer", "Level2_RuleBasedTransformer", "MatMulActivationFusion", "MatMulAddFusion",
        "MatMulIntegerToFloatFusion", "MatMulNBitsFusion", "MatMulScaleFusion", "MatmulTransposeFusion", "NhwcTransformer",
        "QDQFinalCleanupTransformer", "QDQPropagationTransformer", "QDQS8ToU8Transformer", "QDQSelectorActionTransformer",
        "QuickGeluFusion", "RemoveDuplicateCastTransformer", "ReshapeFusion", "SimplifiedLayerNormFusion", "SkipLayerNormFusion",
        "SliceConcatToSpaceToDepthFusion", "TransposeOptimizer", "TransposeOptimizer_CPUExecutionProvider",
        "WeightBiasQuantization", "WhereDummyDq",
    ];

    public static SessionOptions Create(RuntimeOptions options)
    {
        _ = SharedArena.Value;
        var session = new SessionOptions
        {
            GraphOptimizationLevel = options.Optimization,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            // ONNX Runtime's own choice for 0 ran NB201 forward passes 30% slower than naming the cores on the 2-core machine.
            IntraOpNumThreads = options.IntraOpThreads > 0 ? options.IntraOpThreads : Environment.ProcessorCount,
            InterOpNumThreads = 1,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        session.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        session.AddSessionConfigEntry("session.use_env_allocators", "1");
        session.AddSessionConfigEntry("optimization.disable_specified_optimizers", string.Join(';', IdleOptimizers));
        return session;
    }
}
