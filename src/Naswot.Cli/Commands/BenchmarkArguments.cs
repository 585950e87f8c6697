using System.CommandLine;
using System.Diagnostics;
using Naswot.Benchmarks;
using Naswot.Search;
using Naswot.Store;

namespace Naswot.Cli.Commands;

/// <summary>What the commands that compare scores with a benchmark's accuracies share.</summary>
internal static class BenchmarkArguments
{
    /// <summary>
    /// Seed of which architectures are drawn. Separate from --seed (the networks' weights), so that new draws reuse stored scores.
    /// </summary>
    public static Option<ulong> SampleSeed() =>
        new("--sample-seed") { Description = "Seed of the architectures drawn from the space or benchmark", DefaultValueFactory = _ => 1UL };

    /// <summary>Scores <paramref name="architectures"/> of the benchmark with a progress bar; stored scores are reused.</summary>
    /// <param name="seconds">Wall-clock time of the scoring, store look-ups included.</param>
    public static ScoredArchitecture[] Score(ConsoleIo io, ParseResult p, ScoringSetup setup, IBenchmark benchmark, ScoreStore? store,
        IReadOnlyList<string> architectures, out double seconds, CancellationToken cancel)
    {
        long start = Stopwatch.GetTimestamp();
        var scored = ProgressDisplay.Run(io.ShowProgress(p), $"scoring {architectures.Count} architectures", architectures.Count,
            report => ScoredArchitecture.Evaluate(setup.Evaluator, architectures, benchmark, store, report, cancel));
        seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        return scored;
    }

    /// <summary>As <see cref="Score"/>, one array per column of the setup (each proxy, then the ensemble where combined).</summary>
    public static IReadOnlyList<ScoredArchitecture[]> ScoreAll(ConsoleIo io, ParseResult p, ScoringSetup setup, IBenchmark benchmark, ScoreStore? store,
        IReadOnlyList<string> architectures, out double seconds, CancellationToken cancel)
    {
        long start = Stopwatch.GetTimestamp();
        var scored = ProgressDisplay.Run(io.ShowProgress(p), $"scoring {architectures.Count} architectures", architectures.Count,
            report => ScoredArchitecture.EvaluateAll(setup.Evaluator, architectures, benchmark, store, setup.CombineRanks, report, cancel));
        seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        return scored;
    }

    /// <summary>"30 scores: 12 from the store, 18 computed".</summary>
    public static string Provenance(IReadOnlyCollection<ScoredArchitecture> scored)
    {
        int stored = scored.Count(c => c.FromStore);
        return $"{scored.Count} scores: {stored} from the store, {scored.Count - stored} computed";
    }

    /// <summary>The architectures whose scores were computed and stored, or read from the store: "12 from the store, 18 computed".</summary>
    public static string Provenance(IReadOnlyCollection<Evaluation> evaluations)
    {
        int stored = evaluations.Count(c => c.FromStore);
        return $"{evaluations.Count} scores: {stored} from the store, {evaluations.Count - stored} computed";
    }
}
