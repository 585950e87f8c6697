using Onnx;

namespace Naswot.Networks;

/// <summary>An initialised network as an ONNX model, with the ReLU inputs it exposes for scoring.</summary>
/// <param name="Model">The ONNX model: input <see cref="InputName"/> (N×C×H×W float), one bool output per tap, and the logits.</param>
/// <param name="Taps">ReLU inputs, one per distinct tensor, in graph order.</param>
/// <param name="Parameters">Trainable parameters (conv and linear weights and biases, BatchNorm γ and β).</param>
/// <param name="FlopsPerImage">Floating-point operations of one image's forward pass (a multiply-add counts 2).</param>
public sealed record NetworkGraph(ModelProto Model, IReadOnlyList<Tap> Taps, long Parameters, long FlopsPerImage)
{
    public const string InputName = "images";
    public const string LogitsName = "logits";

    /// <summary>The same network with the logits as its only output: the bare forward pass that scoring is measured against.</summary>
    public NetworkGraph WithoutTaps()
    {
        var model = Model.Clone();
        var tapOutputs = Taps.Select(t => t.Output).ToHashSet();
        foreach (var node in model.Graph.Node.Where(n => n.Output.Any(tapOutputs.Contains)).ToList()) model.Graph.Node.Remove(node);
        foreach (var output in model.Graph.Output.Where(o => tapOutputs.Contains(o.Name)).ToList()) model.Graph.Output.Remove(output);
        return this with { Model = model, Taps = [] };
    }
}
