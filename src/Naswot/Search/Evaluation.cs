using Naswot.Store;

namespace Naswot.Search;

/// <summary>The score of one architecture, fresh or from the store.</summary>
/// <param name="Message">Why scoring failed; null otherwise.</param>
public sealed record Evaluation(string Architecture, ScoreStatus Status, double Score, string? Message, double Seconds, bool FromStore)
{
    /// <summary>
    /// A failure that says nothing about the architecture (memory ran out): not stored, so the next run retries it.
    /// </summary>
    public bool Transient { get; init; }

    /// <summary>The score for ranking: −∞ for singular kernels and failures, so they rank last.</summary>
    public double RankingScore => Status == ScoreStatus.Ok ? Score : double.NegativeInfinity;
}
