namespace Naswot.Spaces;

/// <summary>
/// A set of architectures, seen through their canonical text form, so that stores, searches and the CLI
/// work with any space. Each space also has a typed API for its own genotype.
/// </summary>
public interface ISearchSpace
{
    /// <summary>Short name used on the command line and in stored keys, e.g. <c>nb201</c>.</summary>
    string Name { get; }

    /// <summary>How many architectures the space holds.</summary>
    long Size { get; }

    /// <summary>Parses an architecture and returns its canonical form; throws <see cref="ArchitectureException"/>.</summary>
    string Canonicalize(string architecture);

    /// <summary>One architecture drawn uniformly at random.</summary>
    string Sample(SeededRandom random);
}
