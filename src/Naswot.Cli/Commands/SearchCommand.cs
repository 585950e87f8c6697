using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Naswot.Benchmarks;
using Naswot.Networks;
using Naswot.Scoring;
using Naswot.Search;
using Naswot.Store;

namespace Naswot.Cli.Commands;

/// <summary>
/// `naswot search`: the NASWOT algorithm (best proxy score of N sampled architectures), with the benchmark's accuracy
/// of the one it picks where the space has a benchmark on the dataset.
/// </summary>
internal static class SearchCommand
{
    public static Command Create(ConsoleIo io)
    {
        var scoring = new ScoringArguments();
        var store = new StoreArguments(io);
        var n = new Option<int>("--n") { Description = "Architectures sampled per search (with replacement)", DefaultValueFactory = _ => 100 };
        var runs = new Option<int>("--runs") { Description = "Independent searches; run r draws from stream r of --sample-seed", DefaultValueFactory = _ => 1 };
        var sampleSeed = BenchmarkArguments.SampleSeed();
        var export = new Option<string?>("--export") { Description = "Write the best architecture as an ONNX model for the data's classes and image size (see `naswot export`)" };
        var command = new Command("search", "Sample N architectures, score them untrained, return the best (NASWOT, Algorithm 1)");
        foreach (var option in new Option[] { n, runs, sampleSeed, export })
            command.Options.Add(option);
        scoring.AddTo(command);
        store.AddTo(command);
        command.SetAction((p, cancel) =>
        {
            int samples = p.GetValue(n), runCount = p.GetValue(runs);
            if (samples < 1) throw new NaswotException($"--n {samples}: expected 1 or more");
            if (runCount < 1) throw new NaswotException($"--runs {runCount}: expected 1 or more");
            ulong seed = p.GetValue(sampleSeed);
            string? exportPath = p.GetValue(export) is { } given ? ExportCommand.CheckPath(given, "--export") : null;
            if (exportPath is not null && runCount > 1) throw new NaswotException("--export writes the best of one search; drop --runs");
            var setup = scoring.Prepare(p, io.Error);
            var space = setup.Space.Space;
            // With a benchmark, draw what it trained, so the pick has an accuracy; else draw from the whole space.
            var benchmark = setup.Benchmark;
            Func<SeededRandom, string> draw = benchmark is null ? space.Sample : benchmark.Sample;
            string population = benchmark is null || benchmark.Architectures.Count == space.Size
                ? $"the {space.Name} space"
                : $"the {benchmark.Architectures.Count} architectures of the {space.Name} {benchmark.Dataset} benchmark";
            using var scores = store.Open(p);
            if (setup.SeveralScores)
            {
                if (exportPath is not null) throw new NaswotException("--export: one proxy at a time");
                SearchColumns(io, p, setup, benchmark, draw, population, samples, runCount, seed, scores, cancel);
                return Task.FromResult(0);
            }
            Evaluation? chosen = null;
            var validation = new List<double>();
            var test = new List<double?>();
            for (int run = 0; run < runCount; run++)
            {
                string[] drawn = NaswotSearch.SampleWithReplacement(samples, draw, SeededRandom.For(seed, (ulong)run));
                long start = Stopwatch.GetTimestamp();
                var evaluations = ProgressDisplay.Run(io.ShowProgress(p), $"scoring {drawn.Length} architectures", drawn.Length,
                    report => setup.Evaluator.Evaluate(drawn, scores, report, cancel));
                double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
                var best = evaluations[NaswotSearch.Best([.. evaluations.Select(e => e.RankingScore)])];
                chosen = best;
                string? id = space.Identify(best.Architecture);
                io.Output.WriteLine($"run {run + 1}: {best.Architecture}{(id is null ? "" : $" ({id})")}");
                string accuracy = "";
                if (benchmark is not null)
                {
                    var a = benchmark.AccuracyOf(best.Architecture);
                    validation.Add(a.Validation);
                    test.Add(a.Test);
                    accuracy = FormattableString.Invariant($"; {benchmark.Dataset} val {a.Validation:F2} %") +
                               (a.Test is { } t ? FormattableString.Invariant($", test {t:F2} %") : "");
                }
                io.Output.WriteLine($"  score {ScoreCommand.FormatScore(best)}{accuracy}");
                if (best.Message is not null) io.Output.WriteLine($"  {ScoreCommand.Failure(best)}");
                io.Output.WriteLine(FormattableString.Invariant(
                    $"  {samples} drawn with replacement from {population} ({drawn.Distinct().Count()} distinct); {BenchmarkArguments.Provenance(evaluations)}; wall-clock {seconds:F2} s"));
            }
            if (runCount > 1 && validation.Count > 0)
            {
                string testPart = test.All(t => t is not null) ? $", test {MeanStd.Of([.. test.Select(t => t!.Value)])}" : "";
                io.Output.WriteLine($"mean ± std over {runCount} runs: val {MeanStd.Of([.. validation])}{testPart}");
            }
            io.Output.WriteLine($"settings: {setup.Settings}, N {samples}, sample seed {seed}");
            io.Output.WriteLine(benchmark is null
                ? $"accuracy: none; space {space.Name} has no benchmark on {setup.Dataset.Name}"
                : $"accuracy: {benchmark.Description}");
            if (exportPath is not null)
            {
                if (chosen is not { Status: ScoreStatus.Ok })
                    throw new NaswotException($"--export: no architecture scored (best: {chosen?.Message ?? "none"}); nothing to export");
                io.Output.WriteLine($"best architecture, score {ScoreCommand.FormatScore(chosen)} on {setup.Dataset.Classes} classes of {setup.Batch.Height}x{setup.Batch.Width} images:");
                ExportCommand.Write(io.Output, setup.Space, chosen.Architecture, setup.Evaluator.Network,
                    NetworkShape.Of(setup.Dataset), setup.Options.InitSeed, exportPath, setup.Dataset);
            }
            return Task.FromResult(0);
        });
        return command;
    }

    /// <summary>Several proxies: each run's pick by each proxy, and by the rank ensemble over the run's N draws where combined.</summary>
    private static void SearchColumns(ConsoleIo io, ParseResult p, ScoringSetup setup, IBenchmark? benchmark, Func<SeededRandom, string> draw,
        string population, int samples, int runCount, ulong seed, ScoreStore? scores, CancellationToken cancel)
    {
        var space = setup.Space.Space;
        var names = setup.Columns;
        var validation = names.Select(_ => new List<double>()).ToArray();
        var test = names.Select(_ => new List<double?>()).ToArray();
        for (int run = 0; run < runCount; run++)
        {
            string[] drawn = NaswotSearch.SampleWithReplacement(samples, draw, SeededRandom.For(seed, (ulong)run));
            long start = Stopwatch.GetTimestamp();
            var all = ProgressDisplay.Run(io.ShowProgress(p), $"scoring {drawn.Length} architectures", drawn.Length,
                report => setup.Evaluator.EvaluateAll(drawn, scores, report, cancel));
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            var keys = all.Select(e => (IReadOnlyList<double>)[.. e.Select(x => x.RankingScore)]).ToList();
            if (setup.CombineRanks) keys.Add(RankEnsemble.Combine(keys));
            io.Output.WriteLine($"run {run + 1}:");
            for (int c = 0; c < names.Count; c++)
            {
                int best = NaswotSearch.Best([.. keys[c]]);
                string architecture = drawn[best];
                string? id = space.Identify(architecture);
                string value = c < all.Count ? ScoreCommand.FormatScore(all[c][best]) : ScoreCommand.Ensemble(keys[c][best]);
                string accuracy = "";
                if (benchmark is not null)
                {
                    var a = benchmark.AccuracyOf(architecture);
                    validation[c].Add(a.Validation);
                    test[c].Add(a.Test);
                    accuracy = FormattableString.Invariant($"; {benchmark.Dataset} val {a.Validation:F2} %") + (a.Test is { } t ? FormattableString.Invariant($", test {t:F2} %") : "");
                }
                io.Output.WriteLine($"  {names[c],-16} {architecture}{(id is null ? "" : $" ({id})")}, score {value}{accuracy}");
            }
            io.Output.WriteLine(FormattableString.Invariant(
                $"  {samples} drawn with replacement from {population} ({drawn.Distinct().Count()} distinct); {BenchmarkArguments.Provenance(all[0])} (each proxy); wall-clock {seconds:F2} s"));
        }
        if (runCount > 1 && benchmark is not null)
        {
            io.Output.WriteLine($"mean ± std over {runCount} runs:");
            for (int c = 0; c < names.Count; c++)
            {
                string testPart = test[c].All(t => t is not null) ? $", test {MeanStd.Of([.. test[c].Select(t => t!.Value)])}" : "";
                io.Output.WriteLine($"  {names[c],-16} val {MeanStd.Of([.. validation[c]])}{testPart}");
            }
        }
        io.Output.WriteLine($"settings: {setup.Settings}, N {samples}, sample seed {seed}{(setup.CombineRanks ? $"; {RankEnsemble.Name}: Σ log(rank/N) over each run's N draws" : "")}");
        io.Output.WriteLine(benchmark is null
            ? $"accuracy: none; space {space.Name} has no benchmark on {setup.Dataset.Name}"
            : $"accuracy: {benchmark.Description}");
    }
}
