using Naswot.Spaces;

namespace Naswot.Networks;

/// <summary>
/// The modules of NDS cell networks, each as pycls defines it
/// (BayesWatch/nas-without-training@b74255e1f3c5d9344b68534a5549c354da7b031b:pycls/models/nas/operations.py), with
/// PyTorch's default initialisation. Each ReLU's input is tapped as the original code counts it, which hooks every
/// module whose class name contains "ReLU": <c>ReLUConvBN</c> (the cell inputs' preprocessing) and the ReLU inside it
/// both see its input, so it is tapped as a wrapper's; the ReLUs inside <c>SepConv</c>, <c>DilConv</c>,
/// <c>DilSepConv</c>, <c>FactorizedReduce</c> and the <c>nn.Sequential</c> convs (<c>conv_1x1</c>, …) count once.
/// Where <c>counted</c> is false (a module the backward pass never reaches) nothing is tapped.
/// </summary>
internal static class NdsLayers
{
    /// <summary><c>ReLUConvBN(C_in, C, 1, 1, 0)</c>: a cell input's preprocessing.</summary>
    public static string ReluConvBn(OnnxGraphBuilder g, string x, int channels, bool counted, string layer)
    {
        if (counted) g.Tap(x, inWrapper: true);
        return g.BatchNorm(g.Conv(g.Relu(x), channels, 1, 1, 0, layer + ".conv"), layer + ".bn");
    }

    /// <summary>
    /// <c>FactorizedReduce(C_in, C)</c>: ReLU, then 1×1 stride-2 convs of C/2 channels on x and on x shifted by one
    /// pixel (x zero-padded right and bottom, then [1:, 1:]: on even sides the padding is never sampled), concatenated, BatchNorm.
    /// </summary>
    public static string FactorizedReduce(OnnxGraphBuilder g, string x, int channels, bool counted, string layer)
    {
        if (counted) g.Tap(x, inWrapper: false);
        string relu = g.Relu(x);
        string even = g.Conv(relu, channels / 2, 1, 2, 0, layer + ".conv_1");
        string odd = g.Conv(g.SliceSpatial(relu, 1.., 1..), channels / 2, 1, 2, 0, layer + ".conv_2");
        return g.BatchNorm(g.Concat(even, odd), layer + ".bn");
    }

    /// <summary>The op <paramref name="op"/> of C to C channels at <paramref name="stride"/> (<c>OPS[name](C, stride, True)</c>).</summary>
    public static string Op(OnnxGraphBuilder g, string x, NdsOp op, int channels, int stride, bool counted, string layer) => op switch
    {
        NdsOp.None => g.Zero(x, stride),
        NdsOp.AvgPool3x3 => g.AveragePool(x, 3, stride, 1, countIncludePad: false),
        NdsOp.MaxPool3x3 => g.MaxPool(x, 3, stride, 1),
        NdsOp.MaxPool5x5 => g.MaxPool(x, 5, stride, 2),
        NdsOp.MaxPool7x7 => g.MaxPool(x, 7, stride, 3),
        NdsOp.SkipConnect => stride == 1 ? x : FactorizedReduce(g, x, channels, counted, layer),
        NdsOp.Conv1x1 => ReluConvs(g, x, channels, stride, counted, layer, (1, 1)),
        NdsOp.Conv3x3 => ReluConvs(g, x, channels, stride, counted, layer, (3, 3)),
        NdsOp.Conv3x1By1x3 => ReluConvs(g, x, channels, stride, counted, layer, (1, 3), (3, 1)),
        NdsOp.Conv7x1By1x7 => ReluConvs(g, x, channels, stride, counted, layer, (1, 7), (7, 1)),
        NdsOp.SepConv3x3 => SepConv(g, x, channels, 3, stride, 1, 1, counted, layer),
        NdsOp.SepConv5x5 => SepConv(g, x, channels, 5, stride, 2, 1, counted, layer),
        NdsOp.SepConv7x7 => SepConv(g, x, channels, 7, stride, 3, 1, counted, layer),
        NdsOp.DilConv3x3 => ReluDepthwisePointwiseBn(g, x, channels, 3, stride, 2, 2, counted, layer),
        NdsOp.DilConv5x5 => ReluDepthwisePointwiseBn(g, x, channels, 5, stride, 4, 2, counted, layer),
        NdsOp.DilSepConv3x3 => SepConv(g, x, channels, 3, stride, 2, 2, counted, layer),
        _ => throw new InvalidOperationException($"unhandled op {op}"),
    };

    /// <summary>
    /// ReLU, then convs of the kernels in turn, then BatchNorm (<c>conv_1x1</c>, <c>conv_3x3</c>, and the factorised
    /// <c>conv_3x1_1x3</c>, <c>conv_7x1_1x7</c>: 1×k striding across, then k×1 striding down).
    /// </summary>
    private static string ReluConvs(OnnxGraphBuilder g, string x, int channels, int stride, bool counted, string layer, params (int Height, int Width)[] kernels)
    {
        if (counted) g.Tap(x, inWrapper: false);
        string y = g.Relu(x);
        foreach (var (height, width) in kernels)
        {
            (int, int) strides = kernels.Length == 1 ? (stride, stride) : height == 1 ? (1, stride) : (stride, 1);
            y = g.Conv(y, channels, (height, width), strides, ((height - 1) / 2, (width - 1) / 2), $"{layer}.conv{height}x{width}");
        }
        return g.BatchNorm(y, layer + ".bn");
    }

    /// <summary>
    /// <c>SepConv</c> (dilation 1) or <c>DilSepConv</c> (dilation 2): <see cref="ReluDepthwisePointwiseBn"/> twice, the
    /// first at <paramref name="stride"/>, the second at 1.
    /// </summary>
    private static string SepConv(OnnxGraphBuilder g, string x, int channels, int kernel, int stride, int padding, int dilation, bool counted, string layer)
    {
        string y = ReluDepthwisePointwiseBn(g, x, channels, kernel, stride, padding, dilation, counted, layer + ".1");
        return ReluDepthwisePointwiseBn(g, y, channels, kernel, 1, padding, dilation, counted, layer + ".2");
    }

    /// <summary>ReLU, depthwise k×k conv, pointwise 1×1 conv, BatchNorm: <c>DilConv</c>, and each half of <c>SepConv</c>.</summary>
    private static string ReluDepthwisePointwiseBn(OnnxGraphBuilder g, string x, int channels, int kernel, int stride, int padding, int dilation,
        bool counted, string layer)
    {
        if (counted) g.Tap(x, inWrapper: false);
        string depthwise = g.Conv(g.Relu(x), channels, kernel, stride, padding, layer + ".dw", dilation: dilation, groups: channels);
        return g.BatchNorm(g.Conv(depthwise, channels, 1, 1, 0, layer + ".pw"), layer + ".bn");
    }
}
