using Naswot.Store;

namespace Naswot.Search;

/// <summary>The score of one architecture, fresh or from the store.</summary>
public sealed record Evaluation(string Architecture, ScoreStatus Status, double Score, string? Message, double Seconds, bool FromStore)
{
    /// <summary>The score for ranking: −∞ for singular kernels and failures, so they rank last.</summary>
    public double RankingScore => Status == ScoreStatus.Ok ? Score : double.NegativeInfinity;
}
