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
    /// The space's network settings (e.g. NB101's <c>stem-channels</c>); settings left out take their defaults,
    /// so <see cref="SettingValues.None"/> means every default.
    /// </summary>
    public SettingValues Network { get; init; } = SettingValues.None;
}
