using Naswot.Data;

namespace Naswot.Scoring;

/// <summary>How ReLUs enter the kernel.</summary>
public enum ReluCount
{
    /// <summary>As the reference code: a ReLU-Conv-BN op's input counts twice (its wrapper and its ReLU are both hooked).</summary>
    Reference,

    /// <summary>The paper's formula: every ReLU counts once.</summary>
    Once,
}

/// <summary>
/// Everything besides the architecture and the images that changes a score. Stored with every result.
/// </summary>
public sealed record ScoreOptions
{
    /// <summary>Bumped whenever a change to the code changes scores for the same options, so stored scores are not reused.</summary>
    public const int ScoreVersion = 1;

    /// <summary>Which records form the minibatch, and how many (B).</summary>
    public BatchSelection Batch { get; init; } = BatchSelection.First(128);

    /// <summary>Seed of the network's initial weights.</summary>
    public ulong InitSeed { get; init; } = 1;

    public ReluCount ReluCount { get; init; } = ReluCount.Reference;
}
