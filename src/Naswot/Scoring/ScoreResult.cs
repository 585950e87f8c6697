namespace Naswot.Scoring;

/// <summary>Seconds spent in each phase of scoring one architecture.</summary>
/// <param name="Session">Loading the graph into ONNX Runtime; 0 for proxies that run no forward pass.</param>
/// <param name="Proxy">Turning the graph or its outputs into the proxy's value.</param>
public readonly record struct PhaseTimes(double Build, double Session, double Forward, double Proxy)
{
    /// <summary>All phases together.</summary>
    public double Total => Build + Session + Forward + Proxy;

    /// <summary>The same times with the graph build's.</summary>
    public PhaseTimes WithBuild(double seconds) => this with { Build = seconds };
}

/// <summary>A proxy's value for one network, and where the time went.</summary>
/// <param name="Score">The value; −∞ when the proxy found the network degenerate (NASWOT: K singular).</param>
/// <param name="StepSeconds">Seconds of each of the proxy's <see cref="IProxy.Steps"/>, within <see cref="PhaseTimes.Proxy"/>.</param>
public sealed record ScoreResult(double Score, PhaseTimes Times, IReadOnlyList<double> StepSeconds)
{
    /// <summary>Whether the score is −∞ (NASWOT: the kernel is singular).</summary>
    public bool IsSingular => double.IsNegativeInfinity(Score);
}
