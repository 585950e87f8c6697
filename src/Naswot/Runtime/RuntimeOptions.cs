namespace Naswot.Runtime;

/// <summary>How ONNX Runtime executes networks. None of these change a score.</summary>
public sealed record RuntimeOptions
{
    /// <summary>Threads one forward pass may use; 0 lets ONNX Runtime choose (all cores).</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>Graph optimisations before the first run; higher costs more per session.</summary>
    public Microsoft.ML.OnnxRuntime.GraphOptimizationLevel Optimization { get; init; } =
        Microsoft.ML.OnnxRuntime.GraphOptimizationLevel.ORT_ENABLE_ALL;
}
