using System.Globalization;

namespace Naswot.Spaces;

/// <summary>
/// One network of an NDS cell space: its normal and reduction cells, and the width and depth that NDS samples per
/// network (<c>net.width</c>, <c>net.depth</c> of its data). Made valid by its space (<see cref="NdsSpace"/>).
/// </summary>
public sealed class NdsArchitecture
{
    internal NdsArchitecture(NdsCell normal, NdsCell reduce, int width, int depth)
    {
        Normal = normal;
        Reduce = reduce;
        Width = width;
        Depth = depth;
    }

    /// <summary>The cell of every position but the two reductions.</summary>
    public NdsCell Normal { get; }

    /// <summary>The cell at the two reductions, whose ops on the cell's inputs have stride 2.</summary>
    public NdsCell Reduce { get; }

    /// <summary>C: channels of the first cells' ops (the stem has 3C, each reduction doubles C).</summary>
    public int Width { get; }

    /// <summary>D: cells in the network.</summary>
    public int Depth { get; }

    /// <summary>The genotype as DARTS prints it: <c>Genotype(normal=[('op', input), …], normal_concat=[…], reduce=[…], reduce_concat=[…])</c>.</summary>
    public string Genotype => $"Genotype({Normal.Format("normal")}, {Reduce.Format("reduce")})";

    /// <summary>The canonical text: <see cref="Genotype"/><c>;width=W;depth=D</c>.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Genotype};{NdsSpace.WidthSetting}={Width};{NdsSpace.DepthSetting}={Depth}");
}
