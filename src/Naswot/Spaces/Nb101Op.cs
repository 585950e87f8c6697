namespace Naswot.Spaces;

/// <summary>
/// The three operations of an NB101 cell's interior vertices, numbered as NB101's <c>available_ops</c>: the number
/// is the vertex label its hash uses and the order its enumeration (and so its stored vertex order) follows.
/// </summary>
public enum Nb101Op : byte
{
    /// <summary>3×3 convolution, BatchNorm, ReLU.</summary>
    Conv3x3 = 0,

    /// <summary>1×1 convolution, BatchNorm, ReLU.</summary>
    Conv1x1 = 1,

    /// <summary>3×3 max pooling, stride 1: no parameters, channels unchanged.</summary>
    MaxPool3x3 = 2,
}

/// <summary>Names of <see cref="Nb101Op"/> and of the two end vertices, as NB101 writes them.</summary>
public static class Nb101Ops
{
    /// <summary>How many interior operations there are.</summary>
    public const int Count = 3;

    /// <summary>The first vertex's name.</summary>
    public const string Input = "input";

    /// <summary>The last vertex's name.</summary>
    public const string Output = "output";

    private static readonly string[] Names = ["conv3x3-bn-relu", "conv1x1-bn-relu", "maxpool3x3"];
    private static readonly string[] ShortNames = ["conv3x3", "conv1x1", "maxpool3x3"];

    /// <summary>NB101's name, e.g. <c>conv3x3-bn-relu</c>.</summary>
    public static string Name(this Nb101Op op) => Names[(int)op];

    /// <summary>A convolution vertex (a ConvBnRelu with weights and a ReLU), not the max pool.</summary>
    public static bool IsConvolution(this Nb101Op op) => op is Nb101Op.Conv3x3 or Nb101Op.Conv1x1;

    /// <summary>NB101's name or the short one (<c>conv3x3</c>, <c>conv1x1</c>, <c>maxpool3x3</c>), exactly.</summary>
    public static bool TryParse(ReadOnlySpan<char> name, out Nb101Op op)
    {
        for (int i = 0; i < Names.Length; i++)
        {
            if (name.SequenceEqual(Names[i]) || name.SequenceEqual(ShortNames[i]))
            {
                op = (Nb101Op)i;
                return true;
            }
        }
        op = default;
        return false;
    }

    /// <summary>The names <see cref="TryParse"/> takes, for error messages.</summary>
    public static string ValidNames => string.Join(", ", Names) + " (or " + string.Join(", ", ShortNames) + ")";
}
