using System.Reflection;

namespace Naswot.Store;

/// <summary>How a scoring ended.</summary>
public enum ScoreStatus
{
    /// <summary>A finite score.</summary>
    Ok,

    /// <summary>The kernel was singular: the score is −∞, ranking below every other cell.</summary>
    Singular,

    /// <summary>Scoring threw; <see cref="StoredScore.Message"/> says why and there is no score.</summary>
    Failed,
}

/// <summary>A stored result: the score (finite, −∞ when singular, NaN when failed), how it ended and where it came from.</summary>
public sealed record StoredScore
{
    private static readonly string CurrentVersion =
        typeof(StoredScore).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>This build's version, as every row it writes records it: machines of a cluster must agree on it.</summary>
    internal static string BuildVersion => CurrentVersion;

    internal StoredScore(ScoreStatus status, double score, string? message, double seconds, DateTimeOffset createdAt, string naswotVersion)
    {
        if (!double.IsFinite(seconds) || seconds < 0) throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "expected a finite duration ≥ 0");
        Status = status;
        Score = score;
        Message = message;
        Seconds = seconds;
        CreatedAt = createdAt;
        NaswotVersion = naswotVersion;
    }

    /// <summary>How the scoring ended.</summary>
    public ScoreStatus Status { get; }

    /// <summary>The score: finite, −∞ when singular, NaN when failed.</summary>
    public double Score { get; }

    /// <summary>Why scoring failed; null otherwise.</summary>
    public string? Message { get; }

    /// <summary>Wall-clock seconds the scoring took.</summary>
    public double Seconds { get; }

    /// <summary>When the score was computed.</summary>
    public DateTimeOffset CreatedAt { get; }

    /// <summary>The library's informational version that computed the score.</summary>
    public string NaswotVersion { get; }

    /// <summary>A finite score that took <paramref name="seconds"/>.</summary>
    public static StoredScore Ok(double score, double seconds)
    {
        if (!double.IsFinite(score)) throw new ArgumentOutOfRangeException(nameof(score), score, "an ok score is finite; use Singular for −∞");
        return New(ScoreStatus.Ok, score, null, seconds);
    }

    /// <summary>A singular kernel: the score is −∞.</summary>
    public static StoredScore Singular(double seconds) => New(ScoreStatus.Singular, double.NegativeInfinity, null, seconds);

    /// <summary>A failure, with why.</summary>
    public static StoredScore Failed(string message, double seconds)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(message);
        return New(ScoreStatus.Failed, double.NaN, message, seconds);
    }

    private static StoredScore New(ScoreStatus status, double score, string? message, double seconds) =>
        new(status, score, message, seconds, DateTimeOffset.UtcNow, CurrentVersion);
}
