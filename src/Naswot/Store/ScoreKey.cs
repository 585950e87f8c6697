using Naswot.Data;
using Naswot.Scoring;
using Naswot.Spaces;

namespace Naswot.Store;

/// <summary>
/// Everything that changes a score: the architecture, the images and the options. Two scorings with equal keys
/// give the same number, so a stored score may stand in for a new one.
/// </summary>
/// <param name="Space">The search space's name, e.g. <c>nb201</c>.</param>
/// <param name="Architecture">The space's canonical text of the architecture.</param>
/// <param name="Dataset">The dataset's name, e.g. <c>cifar10</c>.</param>
/// <param name="DataKey">Which images: e.g. a content hash of the data file, or its name and the selection.</param>
/// <param name="Batch">How many records and which: the first ones, or a seeded sample.</param>
public sealed record ScoreKey(
    string Space,
    string Architecture,
    string Dataset,
    string DataKey,
    BatchSelection Batch,
    ulong InitSeed,
    ReluCount ReluCount,
    int ScoreVersion)
{
    /// <summary>The key of scoring <paramref name="architecture"/> (canonicalised by its space) with these options and this code version.</summary>
    public static ScoreKey For(ISearchSpace space, string architecture, string dataset, string dataKey, ScoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(dataset);
        ArgumentException.ThrowIfNullOrWhiteSpace(dataKey);
        return new ScoreKey(
            space.Name,
            space.Canonicalize(architecture),
            dataset,
            dataKey,
            options.Batch,
            options.InitSeed,
            options.ReluCount,
            ScoreOptions.ScoreVersion);
    }
}
