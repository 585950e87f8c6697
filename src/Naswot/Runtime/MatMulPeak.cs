using System.Diagnostics;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;

namespace Naswot.Runtime;

/// <summary>
/// The machine's practical single-precision peak: a large square SGEMM through ONNX Runtime's MatMul (MLAS),
/// the yardstick for how well a forward pass uses the cores.
/// </summary>
public static class MatMulPeak
{
    /// <summary>Best GFLOP/s of <paramref name="repeats"/> n×n×n products.</summary>
    public static double Measure(int n, int repeats, RuntimeOptions options)
    {
        var graph = new GraphProto { Name = "sgemm" };
        graph.Node.Add(new NodeProto { OpType = "MatMul", Input = { "a", "b" }, Output = { "c" } });
        foreach (string name in new[] { "a", "b", "c" })
        {
            var shape = new TensorShapeProto();
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = n });
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = n });
            var info = new ValueInfoProto
            {
                Name = name,
                Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
            };
            (name == "c" ? graph.Output : graph.Input).Add(info);
        }
        var model = new ModelProto { IrVersion = 8, Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 17 });

        using var sessionOptions = SessionOptionsFactory.Create(options);
        using var session = new InferenceSession(model.ToByteArray(), sessionOptions);
        var random = new SeededRandom(1);
        var a = new float[n * n];
        var b = new float[n * n];
        for (int i = 0; i < a.Length; i++)
        {
            a[i] = (float)random.NextDouble();
            b[i] = (float)random.NextDouble();
        }
        using var va = OrtValue.CreateTensorValueFromMemory(a, [n, n]);
        using var vb = OrtValue.CreateTensorValueFromMemory(b, [n, n]);
        using var runOptions = new RunOptions();
        double best = double.MaxValue;
        for (int r = 0; r < repeats + 1; r++)
        {
            long start = Stopwatch.GetTimestamp();
            using var result = session.Run(runOptions, ["a", "b"], [va, vb], ["c"]);
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            if (r > 0) best = Math.Min(best, seconds);
        }
        return 2.0 * n * n * n / best / 1e9;
    }
}
