namespace Naswot.Spaces;

/// <summary>
/// The operations of the NDS cell spaces (DARTS, ENAS, PNAS, NASNet, Amoeba), as pycls defines them
/// (BayesWatch/nas-without-training@b74255e1f3c5d9344b68534a5549c354da7b031b:pycls/models/nas/operations.py, the copy
/// NASWOT scored NDS with; NDS trained its networks with pycls). Every op maps C channels to C; in a reduction cell an op
/// reading one of the two cell inputs has stride 2.
/// </summary>
public enum NdsOp : byte
{
    /// <summary>Zeros (<c>Zero</c>: x·0, or x[:, :, ::2, ::2]·0 at stride 2).</summary>
    None,

    /// <summary>3×3 average pooling, padding 1, padding not counted.</summary>
    AvgPool3x3,

    /// <summary>3×3 max pooling, padding 1.</summary>
    MaxPool3x3,

    /// <summary>5×5 max pooling, padding 2.</summary>
    MaxPool5x5,

    /// <summary>7×7 max pooling, padding 3.</summary>
    MaxPool7x7,

    /// <summary>Identity; at stride 2 a <c>FactorizedReduce</c> (ReLU, two 1×1 stride-2 convs of C/2 on x and x shifted by one pixel, concatenated, BatchNorm).</summary>
    SkipConnect,

    /// <summary>ReLU, 1×1 convolution, BatchNorm (an <c>nn.Sequential</c>).</summary>
    Conv1x1,

    /// <summary>ReLU, 3×3 convolution, BatchNorm (an <c>nn.Sequential</c>).</summary>
    Conv3x3,

    /// <summary>ReLU, 1×3 convolution, 3×1 convolution, BatchNorm (an <c>nn.Sequential</c>).</summary>
    Conv3x1By1x3,

    /// <summary>ReLU, 1×7 convolution, 7×1 convolution, BatchNorm (an <c>nn.Sequential</c>).</summary>
    Conv7x1By1x7,

    /// <summary><c>SepConv</c> 3×3: twice ReLU, depthwise 3×3, pointwise 1×1, BatchNorm (only the first depthwise conv strides).</summary>
    SepConv3x3,

    /// <summary><c>SepConv</c> 5×5, as <see cref="SepConv3x3"/>.</summary>
    SepConv5x5,

    /// <summary><c>SepConv</c> 7×7, as <see cref="SepConv3x3"/>.</summary>
    SepConv7x7,

    /// <summary><c>DilConv</c> 3×3: ReLU, depthwise 3×3 of dilation 2, pointwise 1×1, BatchNorm.</summary>
    DilConv3x3,

    /// <summary><c>DilConv</c> 5×5: ReLU, depthwise 5×5 of dilation 2, pointwise 1×1, BatchNorm.</summary>
    DilConv5x5,

    /// <summary><c>DilSepConv</c> 3×3: <see cref="SepConv3x3"/> with both depthwise convs of dilation 2.</summary>
    DilSepConv3x3,
}

/// <summary>Names of <see cref="NdsOp"/>, as DARTS genotypes and NDS's data write them.</summary>
public static class NdsOps
{
    private static readonly string[] Names =
    [
        "none", "avg_pool_3x3", "max_pool_3x3", "max_pool_5x5", "max_pool_7x7", "skip_connect", "conv_1x1", "conv_3x3",
        "conv_3x1_1x3", "conv_7x1_1x7", "sep_conv_3x3", "sep_conv_5x5", "sep_conv_7x7", "dil_conv_3x3", "dil_conv_5x5",
        "dil_sep_conv_3x3",
    ];

    /// <summary>Every op, in enum order.</summary>
    public static IReadOnlyList<NdsOp> All { get; } = Enum.GetValues<NdsOp>();

    /// <summary>The genotype's name of <paramref name="op"/>, e.g. <c>sep_conv_3x3</c>.</summary>
    public static string Name(this NdsOp op) => Names[(int)op];

    /// <summary>The op of that name, exactly.</summary>
    public static bool TryParse(ReadOnlySpan<char> name, out NdsOp op)
    {
        for (int i = 0; i < Names.Length; i++)
        {
            if (name.SequenceEqual(Names[i]))
            {
                op = (NdsOp)i;
                return true;
            }
        }
        op = default;
        return false;
    }
}
