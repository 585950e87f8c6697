using Naswot.Data;
using Naswot.Scoring.Proxies;

namespace Naswot.Scoring;

/// <summary>
/// Everything besides the architecture and the images that changes a score. Stored with every result.
/// </summary>
public sealed record ScoreOptions
{
    /// <summary>Which records form the minibatch, and how many (B).</summary>
    public BatchSelection Batch { get; init; } = BatchSelection.First(128);

    /// <summary>Seed of the network's initial weights.</summary>
    public ulong InitSeed { get; init; } = 1;

    /// <summary>The training-free score to compute: the first of <see cref="Proxies"/>; setting it makes it the only one.</summary>
    public IProxy Proxy
    {
        get => Proxies[0];
        init => Proxies = [value];
    }

    /// <summary>The training-free scores to compute, each stored on its own; all from one forward pass per input kind.</summary>
    public IReadOnlyList<IProxy> Proxies
    {
        get;
        init => field = value is { Count: > 0 } ? value : throw new ArgumentException("at least one proxy", nameof(value));
    } = [new NaswotProxy()];

    /// <summary>
    /// Settings of the space: its networks' (e.g. NB101's <c>stem-channels</c>) and its architecture defaults (e.g.
    /// NDS width and depth). Settings left out take their defaults, so <see cref="SettingValues.None"/> means every default.
    /// </summary>
    public SettingValues SpaceSettings { get; init; } = SettingValues.None;
}
