namespace Naswot.Spaces;

/// <summary>
/// A set of architectures, seen through their canonical text form, so that searches, stores and the CLI work with
/// any space. Each space also has a typed API for its own genotype; networks are built in <c>Networks/</c>.
/// </summary>
public interface ISearchSpace
{
    /// <summary>Short name used on the command line and in stored keys, e.g. <c>nb201</c>.</summary>
    string Name { get; }

    /// <summary>One line: what the space is, for help and documentation.</summary>
    string Description { get; }

    /// <summary>How an architecture is written, e.g. <c>|op~0|+|op~0|op~1|+|op~0|op~1|op~2|</c>, for help and error messages.</summary>
    string ArchitectureFormat { get; }

    /// <summary>How many distinct architectures (canonical forms) the space holds; <see cref="long.MaxValue"/> where that does not fit in 64 bits.</summary>
    long Size { get; }

    /// <summary>One of the space's most expensive architectures, canonical: the worst case a speed benchmark times.</summary>
    string Largest { get; }

    /// <summary>Whether <see cref="Enumerate"/> lists the whole space.</summary>
    bool IsEnumerable { get; }

    /// <summary>
    /// Parses an architecture and returns its canonical form: equal for every text of the same architecture, and for
    /// isomorphic cells where the space defines isomorphism.
    /// </summary>
    /// <exception cref="ArchitectureException">The text is not a member of the space; the message names the problem.</exception>
    string Canonicalize(string architecture);

    /// <summary>
    /// Settings that fill in what an architecture's text may leave out (NDS: width and depth, which its canonical
    /// form always carries); none for most spaces. Front ends offer them as options.
    /// </summary>
    IReadOnlyList<SettingSpec> ArchitectureSettings => [];

    /// <summary>As <see cref="Canonicalize(string)"/>, taking what the text leaves out from <paramref name="defaults"/>.</summary>
    /// <param name="defaults">Values of <see cref="ArchitectureSettings"/>.</param>
    /// <exception cref="ArchitectureException">The text is not a member of the space; the message names the problem.</exception>
    string Canonicalize(string architecture, SettingValues defaults) => Canonicalize(architecture);

    /// <summary>One architecture drawn at random, in canonical form; the space says from which distribution.</summary>
    string Sample(SeededRandom random);

    /// <summary>A valid neighbour of <paramref name="architecture"/> that differs from it, in canonical form.</summary>
    string Mutate(string architecture, SeededRandom random);

    /// <summary>Every architecture once, in the space's own order.</summary>
    /// <exception cref="NaswotException">The space is not enumerable (<see cref="IsEnumerable"/> is false).</exception>
    IEnumerable<string> Enumerate();

    /// <summary>
    /// How the space's benchmark knows the architecture (e.g. "NB201 index 14417", "NB101 hash 00005c14…"), for
    /// output; null where it has no such identity.
    /// </summary>
    string? Identify(string architecture);
}
