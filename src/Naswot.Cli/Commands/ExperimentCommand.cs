using System.CommandLine;
using Naswot.Benchmarks;
using Naswot.Search;
using Naswot.Spaces;

namespace Naswot.Cli.Commands;

/// <summary>`naswot experiment nb201`: the NAS-Bench-201 rows of the paper's Table 2, ours beside the paper's.</summary>
internal static class ExperimentCommand
{
    public static Command Create(ConsoleIo io)
    {
        var scoring = new ScoringArguments();
        var store = new StoreArguments();
        var runs = new Option<int>("--runs") { Description = "Searches per row", DefaultValueFactory = _ => 500 };
        var sample = new Option<int?>("--sample") { Description = "Draw from K distinct pre-scored cells instead of all 15,625 (a quick check, not the paper's protocol)" };
        var sampleSeed = Nb201Arguments.SampleSeed();
        var nb201 = new Command("nb201", "Score every NB201 cell once (stored, resumable), then replay Table 2's searches on the scores");
        foreach (var option in new Option[] { runs, sample, sampleSeed })
            nb201.Options.Add(option);
        scoring.AddTo(nb201);
        store.AddTo(nb201);
        nb201.SetAction((p, cancel) =>
        {
            int runCount = p.GetValue(runs);
            if (runCount < 1) throw new NaswotException($"--runs {runCount}: expected 1 or more");
            int? k = p.GetValue(sample);
            ulong seed = p.GetValue(sampleSeed);
            int[] indices = k is { } size ? NaswotSearch.SampleDistinct(size, new SeededRandom(seed)) : [.. Enumerable.Range(0, Nb201Cell.Count)];
            var setup = scoring.Prepare(p);
            var dataset = Nb201Arguments.Dataset(setup);
            using var scores = store.Open(p);
            var cells = Nb201Arguments.Score(io, p, setup, scores, indices, out double seconds, cancel);
            var rows = Nb201Experiment.Run(cells, dataset, runCount, seed);

            var o = io.Output;
            o.WriteLine($"## NAS-Bench-201 {dataset.Name()}: Table 2, ours beside the paper's");
            o.WriteLine();
            if (k is not null)
            {
                o.WriteLine($"**Quick check, NOT the paper's protocol: runs draw from {indices.Length} distinct cells (sample seed {seed}), not all {Nb201Cell.Count}.**");
                o.WriteLine();
            }
            o.WriteLine("| Method | Val (ours) | Test (ours) | Val (paper) | Test (paper) |");
            o.WriteLine("|---|---|---|---|---|");
            foreach (var row in rows)
                o.WriteLine($"| {row.Method} | {row.Validation} | {row.Test} | {row.Paper.Validation} | {row.Paper.Test} |");
            o.WriteLine();
            o.WriteLine($"- Runs: {runCount} per row, cells drawn with replacement, sample seed {seed}; mean ± sample std (n − 1), as the paper's process_results.py. " +
                        "Optimal = the highest validation accuracy among N (an oracle bound).");
            o.WriteLine($"- Scores: {setup.Settings}; {cells.Count(c => double.IsNegativeInfinity(c.Score))} scored −∞ (singular or failed, never chosen over a scored cell).");
            o.WriteLine($"- {Nb201Arguments.Provenance(cells)} in {seconds:F1} s.");
            o.WriteLine($"- Accuracy: {Nb201Arguments.AccuracyNote(dataset)}.");
            return Task.FromResult(0);
        });
        var command = new Command("experiment", "Reproduce the paper's experiments");
        command.Subcommands.Add(nb201);
        return command;
    }
}
