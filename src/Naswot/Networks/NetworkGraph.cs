using Onnx;

namespace Naswot.Networks;

/// <summary>An initialised network as an ONNX model, with the ReLU inputs it exposes for scoring.</summary>
public sealed class NetworkGraph
{
    /// <summary>Name of the graph's input: N×C×H×W float images.</summary>
    public const string InputName = "images";

    /// <summary>Name of the graph's class-score output.</summary>
    public const string LogitsName = "logits";

    internal NetworkGraph(ModelProto model, IReadOnlyList<Tap> taps, long parameters, long flopsPerImage)
    {
        Model = model;
        Taps = taps;
        Parameters = parameters;
        FlopsPerImage = flopsPerImage;
    }

    /// <summary>The ONNX model: input <see cref="InputName"/>, one bool output per tap, and the logits.</summary>
    internal ModelProto Model { get; }

    /// <summary>ReLU inputs, one per distinct tensor, in graph order.</summary>
    public IReadOnlyList<Tap> Taps { get; }

    /// <summary>Trainable parameters (conv and linear weights and biases, BatchNorm γ and β).</summary>
    public long Parameters { get; }

    /// <summary>Floating-point operations of one image's forward pass (a multiply-add counts 2).</summary>
    public long FlopsPerImage { get; }

    /// <summary>The same network with the logits as its only output: the bare forward pass that scoring is measured against.</summary>
    public NetworkGraph WithoutTaps()
    {
        var model = Model.Clone();
        var tapOutputs = Taps.Select(t => t.Output).ToHashSet();
        foreach (var node in model.Graph.Node.Where(n => n.Output.Any(tapOutputs.Contains)).ToList()) model.Graph.Node.Remove(node);
        foreach (var output in model.Graph.Output.Where(o => tapOutputs.Contains(o.Name)).ToList()) model.Graph.Output.Remove(output);
        return new NetworkGraph(model, [], Parameters, FlopsPerImage);
    }
}
