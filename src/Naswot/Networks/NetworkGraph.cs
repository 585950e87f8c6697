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
}
