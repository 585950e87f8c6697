namespace Naswot.Search;

/// <summary>How well the score ranks architectures by their trained accuracy: the paper's Kendall τ (and Spearman ρ).</summary>
/// <param name="Unscored">Architectures scored −∞ (singular kernel or failure): kept in the ranking, tied below all others.</param>
/// <param name="TauTest">Null where the benchmark has no test accuracy for some of the architectures.</param>
public sealed record ScoreCorrelation(int Count, int Unscored, double TauValidation, double? TauTest, double RhoValidation, double? RhoTest)
{
    /// <summary>Kendall τ-b and Spearman ρ of the scores against validation and, where every one has it, test accuracy.</summary>
    public static ScoreCorrelation Of(IReadOnlyList<ScoredArchitecture> scored)
    {
        ArgumentNullException.ThrowIfNull(scored);
        double[] scores = [.. scored.Select(c => c.Score)];
        double[] validation = [.. scored.Select(c => c.Accuracy.Validation)];
        double[]? test = scored.All(c => c.Accuracy.Test is not null) ? [.. scored.Select(c => c.Accuracy.Test!.Value)] : null;
        return new ScoreCorrelation(scored.Count, scored.Count(c => double.IsNegativeInfinity(c.Score)),
            KendallTau.TauB(scores, validation), test is null ? null : KendallTau.TauB(scores, test),
            Spearman.Rho(scores, validation), test is null ? null : Spearman.Rho(scores, test));
    }
}
