namespace Naswot.Spaces;

/// <summary>The five NAS-Bench-201 edge operations, in the benchmark's order.</summary>
public enum Nb201Op : byte
{
    None = 0,
    SkipConnect = 1,
    NorConv1x1 = 2,
    NorConv3x3 = 3,
    AvgPool3x3 = 4,
}

public static class Nb201Ops
{
    public const int Count = 5;

    private static readonly string[] Names = ["none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"];

    public static string Name(this Nb201Op op) => Names[(int)op];

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

    public static string ValidNames => string.Join(", ", Names);

    /// <summary>ReLU → Conv → BN: the ops whose ReLU is hooked by the reference.</summary>
    public static bool IsConvolution(this Nb201Op op) => op is Nb201Op.NorConv1x1 or Nb201Op.NorConv3x3;
}
