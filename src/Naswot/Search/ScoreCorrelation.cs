namespace Naswot.Search;

/// <summary>How well the score ranks cells by their trained accuracy: the paper's Kendall τ (and Spearman ρ).</summary>
/// <param name="Unscored">Cells scored −∞ (singular kernel or failure): kept in the ranking, tied below all others.</param>
public sealed record ScoreCorrelation(int Count, int Unscored, double TauValidation, double TauTest, double RhoValidation, double RhoTest)
{
    public static ScoreCorrelation Of(IReadOnlyList<ScoredCell> cells)
    {
        double[] scores = [.. cells.Select(c => c.Score)];
        double[] validation = [.. cells.Select(c => c.Accuracy.Validation)];
        double[] test = [.. cells.Select(c => c.Accuracy.Test)];
        return new ScoreCorrelation(cells.Count, cells.Count(c => double.IsNegativeInfinity(c.Score)),
            KendallTau.TauB(scores, validation), KendallTau.TauB(scores, test),
            Spearman.Rho(scores, validation), Spearman.Rho(scores, test));
    }
}
