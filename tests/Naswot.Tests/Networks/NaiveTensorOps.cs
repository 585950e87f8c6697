using System.Runtime.InteropServices;
using Naswot.Networks;

namespace Naswot.Tests.Networks;

/// <summary>A float N×C×H×W tensor for the naive evaluator, row-major like ONNX.</summary>
internal sealed class NaiveTensor(int n, int c, int h, int w, float[]? data = null)
{
    public int N { get; } = n;
    public int C { get; } = c;
    public int H { get; } = h;
    public int W { get; } = w;
    public float[] Data { get; } = data ?? new float[n * c * h * w];

    public long[] Shape => [N, C, H, W];

    public ref float this[int n, int c, int h, int w] => ref Data[((n * C + c) * H + h) * W + w];

    public static NaiveTensor Random(int n, int c, int h, int w, ulong seed, float offset = 0)
    {
        var random = new SeededRandom(seed);
        var t = new NaiveTensor(n, c, h, w);
        for (int i = 0; i < t.Data.Length; i++) t.Data[i] = (float)(random.NextDouble() * 2 - 1) + offset;
        return t;
    }
}

/// <summary>
/// The ops of PyTorch modules written from their definitions with plain loops, sums in double: the oracle for
/// the graphs that <see cref="OnnxGraphBuilder"/> emits. Slow and obvious on purpose.
/// </summary>
internal static class NaiveTensorOps
{
    /// <summary>The values of a float initialiser the builder put in the graph: the weights the naive ops are given.</summary>
    public static float[] Initializer(NetworkGraph graph, string name) =>
        MemoryMarshal.Cast<byte, float>(graph.Model.Graph.Initializer.Single(t => t.Name == name).RawData.Span).ToArray();

    /// <summary>torch.nn.functional.conv2d: weight outChannels×(C/groups)×kh×kw, zero padding.</summary>
    public static NaiveTensor Conv(NaiveTensor x, float[] weight, float[]? bias, int outChannels, (int H, int W) kernel,
        (int H, int W) stride, (int H, int W) padding, int dilation = 1, int groups = 1)
    {
        int inPerGroup = x.C / groups, outPerGroup = outChannels / groups;
        int outH = (x.H + 2 * padding.H - dilation * (kernel.H - 1) - 1) / stride.H + 1;
        int outW = (x.W + 2 * padding.W - dilation * (kernel.W - 1) - 1) / stride.W + 1;
        var y = new NaiveTensor(x.N, outChannels, outH, outW);
        for (int n = 0; n < x.N; n++)
        for (int o = 0; o < outChannels; o++)
        for (int i = 0; i < outH; i++)
        for (int j = 0; j < outW; j++)
        {
            double sum = bias?[o] ?? 0;
            int group = o / outPerGroup;
            for (int c = 0; c < inPerGroup; c++)
            for (int ki = 0; ki < kernel.H; ki++)
            for (int kj = 0; kj < kernel.W; kj++)
            {
                int row = i * stride.H - padding.H + ki * dilation;
                int col = j * stride.W - padding.W + kj * dilation;
                if (row < 0 || row >= x.H || col < 0 || col >= x.W) continue;
                sum += (double)weight[((o * inPerGroup + c) * kernel.H + ki) * kernel.W + kj] * x[n, group * inPerGroup + c, row, col];
            }
            y[n, o, i, j] = (float)sum;
        }
        return y;
    }

    /// <summary>max_pool2d: padded positions are −∞, so they never win.</summary>
    public static NaiveTensor MaxPool(NaiveTensor x, int kernel, int stride, int padding) =>
        Pool(x, kernel, stride, padding, window => window.Max());

    /// <summary>avg_pool2d: divides by the window's cells inside the padded image, or only by those inside the image.</summary>
    public static NaiveTensor AveragePool(NaiveTensor x, int kernel, int stride, int padding, bool countIncludePad) =>
        Pool(x, kernel, stride, padding, window => window.Sum() / (countIncludePad ? kernel * kernel : window.Count));

    private static NaiveTensor Pool(NaiveTensor x, int kernel, int stride, int padding, Func<List<double>, double> reduce)
    {
        int outH = (x.H + 2 * padding - kernel) / stride + 1, outW = (x.W + 2 * padding - kernel) / stride + 1;
        var y = new NaiveTensor(x.N, x.C, outH, outW);
        for (int n = 0; n < x.N; n++)
        for (int c = 0; c < x.C; c++)
        for (int i = 0; i < outH; i++)
        for (int j = 0; j < outW; j++)
        {
            var window = new List<double>();
            for (int ki = 0; ki < kernel; ki++)
            for (int kj = 0; kj < kernel; kj++)
            {
                int row = i * stride - padding + ki, col = j * stride - padding + kj;
                if (row >= 0 && row < x.H && col >= 0 && col < x.W) window.Add(x[n, c, row, col]);
            }
            y[n, c, i, j] = (float)reduce(window);
        }
        return y;
    }

    /// <summary>batch_norm in training mode: per-channel batch mean and biased variance, eps 1e-5.</summary>
    public static NaiveTensor BatchNorm(NaiveTensor x, float[] gamma, float[] beta)
    {
        var y = new NaiveTensor(x.N, x.C, x.H, x.W);
        double count = x.N * x.H * x.W;
        for (int c = 0; c < x.C; c++)
        {
            double mean = 0, variance = 0;
            for (int n = 0; n < x.N; n++) for (int i = 0; i < x.H; i++) for (int j = 0; j < x.W; j++) mean += x[n, c, i, j];
            mean /= count;
            for (int n = 0; n < x.N; n++) for (int i = 0; i < x.H; i++) for (int j = 0; j < x.W; j++) variance += Math.Pow(x[n, c, i, j] - mean, 2);
            variance /= count;
            for (int n = 0; n < x.N; n++)
            for (int i = 0; i < x.H; i++)
            for (int j = 0; j < x.W; j++)
                y[n, c, i, j] = (float)((x[n, c, i, j] - mean) / Math.Sqrt(variance + 1e-5) * gamma[c] + beta[c]);
        }
        return y;
    }

    public static NaiveTensor Relu(NaiveTensor x) => Map(x, v => Math.Max(v, 0));

    public static NaiveTensor Add(NaiveTensor a, NaiveTensor b) =>
        new(a.N, a.C, a.H, a.W, [.. a.Data.Select((v, i) => v + b.Data[i])]);

    public static NaiveTensor Map(NaiveTensor x, Func<float, float> f) => new(x.N, x.C, x.H, x.W, [.. x.Data.Select(f)]);

    /// <summary>torch.cat(dim=1).</summary>
    public static NaiveTensor Concat(params NaiveTensor[] parts)
    {
        var y = new NaiveTensor(parts[0].N, parts.Sum(p => p.C), parts[0].H, parts[0].W);
        for (int n = 0; n < y.N; n++)
        {
            int offset = 0;
            foreach (var p in parts)
            {
                for (int c = 0; c < p.C; c++) for (int i = 0; i < y.H; i++) for (int j = 0; j < y.W; j++) y[n, offset + c, i, j] = p[n, c, i, j];
                offset += p.C;
            }
        }
        return y;
    }

    /// <summary>x[:, c0:c1, h0:h1:step, w0:w1:step] with non-negative bounds, end exclusive.</summary>
    public static NaiveTensor Slice(NaiveTensor x, (int Start, int End) channels, (int Start, int End) height, (int Start, int End) width, int step)
    {
        var y = new NaiveTensor(x.N, channels.End - channels.Start,
            (height.End - height.Start + step - 1) / step, (width.End - width.Start + step - 1) / step);
        for (int n = 0; n < y.N; n++)
        for (int c = 0; c < y.C; c++)
        for (int i = 0; i < y.H; i++)
        for (int j = 0; j < y.W; j++)
            y[n, c, i, j] = x[n, channels.Start + c, height.Start + i * step, width.Start + j * step];
        return y;
    }

    /// <summary>adaptive_avg_pool2d(1) then linear: y = W·mean(x) + b, weight out×C.</summary>
    public static NaiveTensor PoolAndLinear(NaiveTensor x, float[] weight, float[] bias, int outFeatures)
    {
        var y = new NaiveTensor(x.N, outFeatures, 1, 1);
        for (int n = 0; n < x.N; n++)
        for (int o = 0; o < outFeatures; o++)
        {
            double sum = bias[o];
            for (int c = 0; c < x.C; c++)
            {
                double mean = 0;
                for (int i = 0; i < x.H; i++) for (int j = 0; j < x.W; j++) mean += x[n, c, i, j];
                sum += weight[o * x.C + c] * (mean / (x.H * x.W));
            }
            y[n, o, 0, 0] = (float)sum;
        }
        return y;
    }
}
