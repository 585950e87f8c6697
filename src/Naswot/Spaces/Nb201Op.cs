namespace Naswot.Spaces;

/// <summary>The five NAS-Bench-201 edge operations, in the benchmark's order.</summary>
public enum Nb201Op : byte
{
    /// <summary>No connection: the edge contributes zeros.</summary>
    None = 0,
    /// <summary>Identity.</summary>
    SkipConnect = 1,
    /// <summary>ReLU, 1×1 convolution, BatchNorm.</summary>
    NorConv1x1 = 2,
    /// <summary>ReLU, 3×3 convolution, BatchNorm.</summary>
    NorConv3x3 = 3,
    /// <summary>Average pooling 3×3, stride 1 (padding not counted).</summary>
    AvgPool3x3 = 4,
}

/// <summary>Names and properties of the ops.</summary>
public static class Nb201Ops
{
    /// <summary>How many ops there are.</summary>
    public const int Count = 5;

    private static readonly string[] Names = ["none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"];

    /// <summary>The benchmark's name of <paramref name="op"/>, e.g. <c>nor_conv_3x3</c>.</summary>
    public static string Name(this Nb201Op op) => Names[(int)op];

    /// <summary>The op the benchmark calls <paramref name="name"/>.</summary>
    public static bool TryParse(ReadOnlySpan<char> name, out Nb201Op op)
    {
        for (int i = 0; i < Names.Length; i++)
        {
            if (name.SequenceEqual(Names[i]))
            {
                op = (Nb201Op)i;
                return true;
            }
        }
        op = default;
        return false;
    }

    /// <summary>Every op's name, comma-separated, for error messages.</summary>
    public static string ValidNames => string.Join(", ", Names);

    /// <summary>ReLU → Conv → BN: the ops whose ReLU is hooked by the reference.</summary>
    public static bool IsConvolution(this Nb201Op op) => op is Nb201Op.NorConv1x1 or Nb201Op.NorConv3x3;
}
