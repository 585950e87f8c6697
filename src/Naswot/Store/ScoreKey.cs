using Naswot.Data;
using Naswot.Scoring;

namespace Naswot.Store;

/// <summary>
/// Everything that changes a score: the architecture, its network's settings, the images, the initial weights and
/// the proxy. Two scorings with equal keys give the same number, so a stored score may stand in for a new one.
/// </summary>
/// <param name="Space">The search space's name, e.g. <c>nb201</c>.</param>
/// <param name="Architecture">The space's canonical text of the architecture.</param>
/// <param name="Network">The space's network settings, canonical (e.g. <c>stem-channels=16</c>); empty where it has none.</param>
/// <param name="Dataset">The dataset's name, e.g. <c>cifar10</c>.</param>
/// <param name="DataKey">Which images: a content hash of the batch's pixels and labels.</param>
/// <param name="Batch">How many records and which: the first ones, or a seeded sample.</param>
/// <param name="InitSeed">Seed of the network's initial weights.</param>
/// <param name="Proxy">The proxy's name, e.g. <c>naswot</c>.</param>
/// <param name="ProxyVersion">The proxy's version: bumped when its code changes its numbers.</param>
/// <param name="ProxySettings">The proxy's settings, canonical (e.g. <c>relu-count=reference</c>).</param>
public sealed record ScoreKey(
    string Space,
    string Architecture,
    string Network,
    string Dataset,
    string DataKey,
    BatchSelection Batch,
    ulong InitSeed,
    string Proxy,
    int ProxyVersion,
    string ProxySettings)
{
    /// <summary>The key of scoring an architecture with these settings and this code version.</summary>
    /// <param name="space">The space's name.</param>
    /// <param name="architecture">The architecture's canonical form, as its space writes it.</param>
    /// <param name="network">The space's network settings with defaults filled in.</param>
    public static ScoreKey For(string space, string architecture, SettingValues network, string dataset, string dataKey, ScoreOptions options) =>
        For(space, architecture, network, dataset, dataKey, options, options?.Proxy!);

    /// <summary>The key of scoring an architecture with <paramref name="proxy"/> (one of the options' proxies) and the options' other settings.</summary>
    public static ScoreKey For(string space, string architecture, SettingValues network, string dataset, string dataKey, ScoreOptions options, IProxy proxy)
    {
        ArgumentNullException.ThrowIfNull(proxy);
        ArgumentException.ThrowIfNullOrWhiteSpace(space);
        ArgumentException.ThrowIfNullOrWhiteSpace(architecture);
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(dataset);
        ArgumentException.ThrowIfNullOrWhiteSpace(dataKey);
        return new ScoreKey(
            space,
            architecture,
            network.Canonical,
            dataset,
            dataKey,
            options.Batch,
            options.InitSeed,
            proxy.Name,
            proxy.Version,
            proxy.Settings.Canonical);
    }
}
