using System.CommandLine;
using Naswot.Search;

namespace Naswot.Cli.Commands;

/// <summary>
/// `naswot experiment &lt;space&gt;`: the paper's Table 2 searches replayed on a space's benchmark, ours beside the
/// paper's figures where it has some. One subcommand per registered space with a benchmark.
/// </summary>
internal static class ExperimentCommand
{
    public static Command Create(ConsoleIo io)
    {
        var command = new Command("experiment", "Reproduce the paper's experiments");
        foreach (var space in SearchSpaces.All.Where(s => s.Benchmarks.Count > 0))
            command.Subcommands.Add(ForSpace(io, space));
        return command;
    }

    private static Command ForSpace(ConsoleIo io, RegisteredSpace registered)
    {
        var scoring = new ScoringArguments(registered);
        var store = new StoreArguments(io);
        var runs = new Option<int>("--runs") { Description = "Searches per row", DefaultValueFactory = _ => 500 };
        var sample = new Option<int?>("--sample") { Description = "Draw from K distinct pre-scored architectures instead of the whole benchmark (a quick check, not the paper's protocol)" };
        var sampleSeed = BenchmarkArguments.SampleSeed();
        var command = new Command(registered.Name,
            $"Score every architecture of the {registered.Name} benchmark once (stored, resumable), then replay Table 2's searches on the scores");
        foreach (var option in new Option[] { runs, sample, sampleSeed })
            command.Options.Add(option);
        scoring.AddTo(command);
        store.AddTo(command);
        command.SetAction((p, cancel) =>
        {
            int runCount = p.GetValue(runs);
            if (runCount < 1) throw new NaswotException($"--runs {runCount}: expected 1 or more");
            int? k = p.GetValue(sample);
            ulong seed = p.GetValue(sampleSeed);
            var setup = scoring.Prepare(p);
            var benchmark = setup.RequireBenchmark();
            IReadOnlyList<string> architectures = k is { } size
                ? NaswotSearch.SampleDistinct(size, benchmark.Architectures.Count, benchmark.Sample, new SeededRandom(seed))
                : benchmark.Architectures;
            using var scores = store.Open(p);
            var scored = BenchmarkArguments.Score(io, p, setup, benchmark, scores, architectures, out double seconds, cancel);
            var rows = Table2Replay.Run(scored, registered.Name, benchmark.Dataset, runCount, seed);
            bool wholeSpace = benchmark.Architectures.Count == registered.Space.Size;

            var o = io.Output;
            o.WriteLine($"## {registered.Name} {benchmark.Dataset}: Table 2, ours beside the paper's");
            o.WriteLine();
            if (k is not null)
            {
                o.WriteLine($"**Quick check, NOT the paper's protocol: runs draw from {architectures.Count} distinct architectures (sample seed {seed}), not all {benchmark.Architectures.Count}.**");
                o.WriteLine();
            }
            else if (!wholeSpace)
            {
                o.WriteLine($"**Runs draw from the {benchmark.Architectures.Count} architectures the bundled benchmark has, not from the whole space of {registered.Space.Size:N0}.**");
                o.WriteLine();
            }
            o.WriteLine("| Method | Val (ours) | Test (ours) | Val (paper) | Test (paper) |");
            o.WriteLine("|---|---|---|---|---|");
            foreach (var row in rows)
            {
                o.WriteLine($"| {row.Method} | {row.Validation} | {row.Test?.ToString() ?? "n/a"} | " +
                            $"{row.Paper?.Validation.ToString() ?? "n/a"} | {row.Paper?.Test.ToString() ?? "n/a"} |");
            }
            o.WriteLine();
            o.WriteLine($"- Runs: {runCount} per row, drawn with replacement, sample seed {seed}; mean ± sample std (n − 1), as the paper's process_results.py. " +
                        "Optimal = the highest validation accuracy among N (an oracle bound).");
            o.WriteLine($"- Scores: {setup.Settings}; {scored.Count(c => double.IsNegativeInfinity(c.Score))} scored −∞ (singular or failed, never chosen over a scored one).");
            o.WriteLine($"- {BenchmarkArguments.Provenance(scored)} in {seconds:F1} s.");
            o.WriteLine($"- Accuracy: {benchmark.Description}.");
            return Task.FromResult(0);
        });
        return command;
    }
}
