namespace Naswot.Scoring;

/// <summary>Seconds spent in each phase of scoring one architecture.</summary>
public readonly record struct PhaseTimes(double Build, double Session, double Forward, double Codes, double Kernel, double LogDet)
{
    public double Total => Build + Session + Forward + Codes + Kernel + LogDet;

    public PhaseTimes WithBuild(double seconds) => this with { Build = seconds };
}

/// <summary>The NASWOT score of one network on one batch: log|det K|, −∞ when K is singular.</summary>
public sealed record ScoreResult(double Score, PhaseTimes Times)
{
    public bool IsSingular => double.IsNegativeInfinity(Score);
}
