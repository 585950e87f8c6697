using Naswot.Benchmarks;
using Naswot.Networks;
using Naswot.Scoring;
using Naswot.Spaces;

namespace Naswot;

/// <summary>
/// A search space as the engine uses it: its architectures, the network each one builds, and the benchmarks that
/// trained them (one per dataset; none for a space without accuracy tables).
/// </summary>
public sealed record RegisteredSpace(ISearchSpace Space, INetworkBuilder Networks, IReadOnlyList<IBenchmark> Benchmarks)
{
    /// <summary>The space's name, e.g. <c>nb201</c>.</summary>
    public string Name => Space.Name;

    /// <summary>Everything the space takes besides an architecture: its architecture defaults and its networks' settings.</summary>
    public IReadOnlyList<SettingSpec> Settings => [.. Space.ArchitectureSettings, .. Networks.Settings];

    /// <summary>The space's network settings among <paramref name="given"/> (checked), defaults for the rest.</summary>
    /// <param name="given">Settings of the space (<see cref="Settings"/>), such as <see cref="ScoreOptions.SpaceSettings"/>.</param>
    /// <exception cref="NaswotException">A setting is not this space's, or its value is not one it takes.</exception>
    public SettingValues NetworkSettings(SettingValues given) => Select(Networks.Settings, given);

    /// <summary>The canonical form of <paramref name="architecture"/>, with what its text leaves out taken from <paramref name="given"/>.</summary>
    /// <param name="given">Settings of the space (<see cref="Settings"/>).</param>
    /// <exception cref="ArchitectureException">The text is not a member of the space.</exception>
    /// <exception cref="NaswotException">A setting is not this space's, or its value is not one it takes.</exception>
    public string Canonicalize(string architecture, SettingValues given) =>
        Space.Canonicalize(architecture, Select(Space.ArchitectureSettings, given));

    private SettingValues Select(IReadOnlyList<SettingSpec> specs, SettingValues given)
    {
        ArgumentNullException.ThrowIfNull(given);
        var unknown = given.All.Select(s => s.Key).Where(name => Settings.All(d => d.Name != name)).ToList();
        if (unknown.Count > 0) throw new NaswotException($"{unknown[0]}: not a setting of space {Name} (valid: {(Settings.Count == 0 ? "none" : string.Join(", ", Settings.Select(s => s.Name)))})");
        return SettingValues.Of(specs, given.All.Where(s => specs.Any(d => d.Name == s.Key)).ToDictionary());
    }

    /// <summary>The benchmark of <paramref name="dataset"/>, or null where the space has none for it.</summary>
    public IBenchmark? BenchmarkOn(string dataset) =>
        Benchmarks.FirstOrDefault(b => string.Equals(b.Dataset, dataset, StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// The one registry of search spaces. A new space is its files under <c>Spaces/</c> and <c>Networks/</c> (and
/// <c>Benchmarks/</c> where accuracies exist) plus one line here; searches, the store and the CLI take it from here.
/// </summary>
public static class SearchSpaces
{
    private static readonly Lazy<RegisteredSpace[]> Known = new(() =>
    [
        new(Nb201Space.Instance, Nb201Network.Builder, Nb201Benchmark.ForEveryDataset(Nb201Epochs.TwoHundred)),
        new(Nb101Space.Instance, Nb101Network.Builder, [Nb101Benchmark.Cifar10]),
        new(NatsSssSpace.Instance, NatsSssNetwork.Builder, []),
        new(NdsResNetSpace.ResNet, NdsResNetNetwork.BuilderOf(NdsResNetSpace.ResNet), []),
        new(NdsResNetSpace.ResNeXtA, NdsResNetNetwork.BuilderOf(NdsResNetSpace.ResNeXtA), []),
        new(NdsResNetSpace.ResNeXtB, NdsResNetNetwork.BuilderOf(NdsResNetSpace.ResNeXtB), []),
        new(NdsSpace.Darts, NdsNetwork.BuilderFor(NdsSpace.Darts), [Nb301Benchmark.Cifar10]),
        new(NdsSpace.Enas, NdsNetwork.BuilderFor(NdsSpace.Enas), []),
        new(NdsSpace.Pnas, NdsNetwork.BuilderFor(NdsSpace.Pnas), []),
        new(NdsSpace.NasNet, NdsNetwork.BuilderFor(NdsSpace.NasNet), []),
        new(NdsSpace.Amoeba, NdsNetwork.BuilderFor(NdsSpace.Amoeba), []),
    ]);

    /// <summary>Every registered space.</summary>
    public static IReadOnlyList<RegisteredSpace> All => Known.Value;

    /// <summary>The space of that name, ignoring case.</summary>
    /// <exception cref="UnknownNameException">No space has that name; the message lists the valid ones.</exception>
    public static RegisteredSpace Get(string name) => UnknownNameException.Find(Known.Value, s => s.Name, name, "search space");
}
