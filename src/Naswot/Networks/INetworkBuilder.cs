using Naswot.Data;

namespace Naswot.Networks;

/// <summary>
/// Builds the freshly initialised network of one search space's architectures: one implementation per space, next
/// to the space's genotype types, registered beside the space in <see cref="SearchSpaces"/>.
/// </summary>
public interface INetworkBuilder
{
    /// <summary>What this space's networks take beyond the architecture (e.g. NB101's stem width), with defaults.</summary>
    IReadOnlyList<SettingSpec> Settings { get; }

    /// <summary>The network of a canonical <paramref name="architecture"/>, with the ReLU inputs it exposes for scoring.</summary>
    /// <exception cref="ArchitectureException">The architecture is not of this space.</exception>
    /// <exception cref="NaswotException">The space cannot build a network of this shape (e.g. non-square images).</exception>
    NetworkGraph Build(string architecture, NetworkSpec spec);
}

/// <summary>The images a network takes and the classes it predicts: what a dataset decides about a network.</summary>
public readonly record struct NetworkShape(int Channels, int Height, int Width, int Classes)
{
    /// <summary>The shape of <paramref name="dataset"/>'s images and its class count.</summary>
    public static NetworkShape Of(DatasetInfo dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return new NetworkShape(dataset.Channels, dataset.Height, dataset.Width, dataset.Classes);
    }
}

/// <summary>Everything besides the architecture that decides the network built.</summary>
/// <param name="BatchSize">Graphs have static shapes: built for one batch size.</param>
/// <param name="InitSeed">Seed of every layer's initial weights.</param>
/// <param name="Settings">The space's network settings (<see cref="INetworkBuilder.Settings"/>), defaults filled in.</param>
public sealed record NetworkSpec(NetworkShape Shape, int BatchSize, ulong InitSeed, SettingValues Settings)
{
    /// <summary>Leave the weights out: the graph still counts parameters and FLOPs, quickly, but cannot run.</summary>
    public bool WithoutWeights { get; init; }
}
