using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Naswot.Networks;

namespace Naswot.Runtime;

/// <summary>
/// One network loaded into ONNX Runtime. Owns the native session; the input tensor belongs to the caller
/// (<see cref="InputTensor"/>) so one batch serves every architecture.
/// </summary>
public sealed class NetworkSession : IDisposable
{
    private readonly InferenceSession _session;
    private readonly string[] _outputNames;

    public NetworkSession(NetworkGraph graph, SessionOptions options)
    {
        Graph = graph;
        try
        {
            _session = new InferenceSession(graph.Model.ToByteArray(), options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidOperationException($"ONNX Runtime rejected the network graph: {e.Message}", e);
        }
        _outputNames = [.. graph.Taps.Select(t => t.Output)];
    }

    public NetworkGraph Graph { get; }

    /// <summary>Runs one forward pass and returns the taps' sign tensors (bool, one byte each), in tap order.</summary>
    public IDisposableReadOnlyCollection<OrtValue> Run(InputTensor input)
    {
        using var runOptions = new RunOptions();
        return _session.Run(runOptions, [NetworkGraph.InputName], [input.Value], _outputNames);
    }

    public void Dispose() => _session.Dispose();
}

/// <summary>A float N×C×H×W batch pinned for ONNX Runtime, reused across sessions.</summary>
public sealed class InputTensor : IDisposable
{
    public InputTensor(float[] pixels, int count, int channels, int height, int width)
    {
        Value = OrtValue.CreateTensorValueFromMemory(pixels, [count, channels, height, width]);
    }

    internal OrtValue Value { get; }

    public void Dispose() => Value.Dispose();
}

/// <summary>Session options shared by all sessions of a run.</summary>
public static class SessionOptionsFactory
{
    public static SessionOptions Create(RuntimeOptions options)
    {
        var session = new SessionOptions
        {
            GraphOptimizationLevel = options.Optimization,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = options.IntraOpThreads,
            InterOpNumThreads = 1,
        };
        session.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        return session;
    }
}
