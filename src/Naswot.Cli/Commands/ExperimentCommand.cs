using System.CommandLine;
using Naswot.Scoring;
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
        foreach (var space in SearchSpaces.All.Where(s => s.Benchmarks.Any(b => b.Training is not null)))
            command.Subcommands.Add(SearchExperimentCommand.ForSpace(io, space));
        return command;
    }

    /// <summary>Table 2 in Markdown, ours beside the paper's; a column of the retrained model's test accuracy where the rows have one.</summary>
    internal static void WriteTable(TextWriter o, IReadOnlyList<ExperimentRow> rows)
    {
        bool retrained = rows.Any(r => r.RetrainedTest is not null);
        o.WriteLine($"| Method | Val (ours) | Test (ours) | {(retrained ? "Test train+valid (ours) | " : "")}Val (paper) | Test (paper) |");
        o.WriteLine(retrained ? "|---|---|---|---|---|---|" : "|---|---|---|---|---|");
        foreach (var row in rows)
        {
            o.WriteLine($"| {row.Method} | {row.Validation} | {row.Test?.ToString() ?? "n/a"} | {(retrained ? $"{row.RetrainedTest?.ToString() ?? "n/a"} | " : "")}" +
                        $"{row.Paper?.Validation.ToString() ?? "n/a"} | {row.Paper?.Test?.ToString() ?? "n/a"} |");
        }
    }

    private static Command ForSpace(ConsoleIo io, RegisteredSpace registered)
    {
        var scoring = new ScoringArguments(registered);
        var store = new StoreArguments(io);
        var runs = new Option<int>("--runs") { Description = "Searches per row", DefaultValueFactory = _ => 500 };
        var sample = new Option<int?>("--sample") { Description = "Draw from K distinct pre-scored architectures instead of the whole benchmark (a quick check, not the paper's protocol)" };
        var sampleSeed = BenchmarkArguments.SampleSeed();
        var searchDataset = new Option<string?>("--search-dataset")
        {
            Description = "Dataset whose images are scored (--data, or its bundled sample); default cifar10, the paper's protocol " +
                          "(every search on CIFAR-10, reported on --dataset); --dataset's own for a search on each dataset",
        };
        var command = new Command(registered.Name,
            $"Score every architecture of the {registered.Name} benchmark once (stored, resumable), then replay Table 2's searches on the scores");
        foreach (var option in new Option[] { runs, sample, sampleSeed, searchDataset })
            command.Options.Add(option);
        scoring.AddTo(command);
        store.AddTo(command);
        command.SetAction((p, cancel) =>
        {
            int runCount = p.GetValue(runs);
            if (runCount < 1) throw new NaswotException($"--runs {runCount}: expected 1 or more");
            int? k = p.GetValue(sample);
            ulong seed = p.GetValue(sampleSeed);
            // The paper: "all searches are performed on CIFAR-10 before evaluating the final model on CIFAR-10,
            // CIFAR-100 and ImageNet-16-120" (Table 2), so by default the scores are of CIFAR-10 images.
            var scoredOn = Data.Datasets.Get(p.GetValue(searchDataset) ?? "cifar10");
            var benchmark = registered.BenchmarkOn(scoring.DatasetInfo(p).Name) ?? throw new NaswotException(
                $"space {registered.Name} has no accuracies on {scoring.DatasetInfo(p).Name} (benchmarks: {string.Join(", ", registered.Benchmarks.Select(b => b.Dataset))})");
            var setup = scoring.Prepare(p, dataset: scoredOn);
            IReadOnlyList<string> architectures = k is { } size
                ? NaswotSearch.SampleDistinct(size, benchmark.Architectures.Count, benchmark.Sample, new SeededRandom(seed))
                : benchmark.Architectures;
            using var scores = store.Open(p);
            var columns = BenchmarkArguments.ScoreAll(io, p, setup, benchmark, scores, architectures, out double seconds, cancel);
            var scored = columns[0];
            var proxyColumns = columns.Take(setup.Options.Proxies.Count).Select(c => (IReadOnlyList<ScoredArchitecture>)c).ToList();
            var rows = proxyColumns.Count == 1 && !setup.CombineRanks
                ? Table2Replay.Run(scored, registered.Name, benchmark.Dataset, runCount, seed, setup.Options.Proxy.Name)
                : Table2Replay.Run(proxyColumns, [.. setup.Options.Proxies.Select(x => x.Name)], setup.CombineRanks, registered.Name, benchmark.Dataset, runCount, seed);
            bool wholeSpace = benchmark.Architectures.Count == registered.Space.Size;

            bool ownImages = scoredOn.Name != "cifar10" && scoredOn.Name == benchmark.Dataset;
            var o = io.Output;
            o.WriteLine(ownImages
                ? $"## {registered.Name} {benchmark.Dataset}: Table 2 searched on {scoredOn.Name}'s own images, ours beside the paper's figures"
                : $"## {registered.Name} {benchmark.Dataset}: Table 2, ours beside the paper's");
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
            WriteTable(o, rows);
            o.WriteLine();
            o.WriteLine($"- Runs: {runCount} per row, drawn with replacement, sample seed {seed}; mean ± sample std (n − 1), as the paper's process_results.py. " +
                        "Optimal = the highest validation accuracy among N (an oracle bound).");
            o.WriteLine($"- Protocol: scored on {setup.Dataset.Name} images, reported on {benchmark.Dataset}: " + (setup.Dataset.Name == "cifar10"
                ? "the paper's (\"all searches are performed on CIFAR-10 before evaluating the final model on CIFAR-10, CIFAR-100 and ImageNet-16-120\")."
                : $"searched on {setup.Dataset.Name} itself, as NASWOT's search.py runs (--search-dataset; the paper's protocol scores cifar10 images)."));
            o.WriteLine($"- Scores: {setup.Settings}; {string.Join(", ", proxyColumns.Select((c, i) => $"{c.Count(x => double.IsNegativeInfinity(x.Score))} scored −∞ by {setup.Options.Proxies[i].Name}"))} (singular or failed, never chosen over a scored one)." +
                        (setup.CombineRanks ? $" {RankEnsemble.Name}: Σ log(rank/N) of the proxies over each run's N draws." : ""));
            o.WriteLine($"- {BenchmarkArguments.Provenance(scored)} in {seconds:F1} s.");
            o.WriteLine($"- Accuracy: {benchmark.Description}.");
            return Task.FromResult(0);
        });
        return command;
    }
}
