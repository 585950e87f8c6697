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

    /// <summary>The training-free score to compute.</summary>
    public IProxy Proxy { get; init; } = new NaswotProxy();

    /// <summary>
    /// Settings of the space: its networks' (e.g. NB101's <c>stem-channels</c>) and its architecture defaults (e.g.
    /// NDS width and depth). Settings left out take their defaults, so <see cref="SettingValues.None"/> means every default.
    /// </summary>
    public SettingValues SpaceSettings { get; init; } = SettingValues.None;
}
