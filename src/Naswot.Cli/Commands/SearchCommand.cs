using System.CommandLine;
using System.Globalization;
using Naswot.Benchmarks;
using Naswot.Search;
using Naswot.Spaces;

namespace Naswot.Cli.Commands;

/// <summary>`naswot search`: the NASWOT algorithm on NB201, with the benchmark's accuracy of the cell it picks.</summary>
internal static class SearchCommand
{
    public static Command Create(ConsoleIo io)
    {
        var scoring = new ScoringArguments();
        var store = new StoreArguments();
        var n = new Option<int>("--n") { Description = "Cells sampled per search (with replacement)", DefaultValueFactory = _ => 100 };
        var runs = new Option<int>("--runs") { Description = "Independent searches; run r draws from stream r of --sample-seed", DefaultValueFactory = _ => 1 };
        var sampleSeed = Nb201Arguments.SampleSeed();
        var command = new Command("search", "Sample N cells, score them untrained, return the best (NASWOT, Algorithm 1)");
        foreach (var option in new Option[] { n, runs, sampleSeed })
            command.Options.Add(option);
        scoring.AddTo(command);
        store.AddTo(command);
        command.SetAction((p, cancel) =>
        {
            int samples = p.GetValue(n), runCount = p.GetValue(runs);
            if (samples < 1) throw new NaswotException($"--n {samples}: expected 1 or more");
            if (runCount < 1) throw new NaswotException($"--runs {runCount}: expected 1 or more");
            ulong seed = p.GetValue(sampleSeed);
            var setup = scoring.Prepare(p);
            var dataset = Nb201Arguments.Dataset(setup);
            using var scores = store.Open(p);
            var validation = new double[runCount];
            var test = new double[runCount];
            for (int run = 0; run < runCount; run++)
            {
                int[] indices = NaswotSearch.SampleWithReplacement(samples, SeededRandom.For(seed, (ulong)run));
                var cells = Nb201Arguments.Score(io, p, setup, scores, indices, out double seconds, cancel);
                var best = cells[NaswotSearch.Best([.. cells.Select(c => c.Score)])];
                validation[run] = best.Accuracy.Validation;
                test[run] = best.Accuracy.Test;
                io.Output.WriteLine($"run {run + 1}: {Nb201Space.Instance.CellAt(best.Index)} (NB201 index {best.Index})");
                io.Output.WriteLine(FormattableString.Invariant(
                    $"  score {Score(best.Score)}; {dataset.Name()} val {best.Accuracy.Validation:F2} %, test {best.Accuracy.Test:F2} %"));
                io.Output.WriteLine(FormattableString.Invariant(
                    $"  {samples} cells drawn with replacement ({indices.Distinct().Count()} distinct); {Nb201Arguments.Provenance(cells)}; wall-clock {seconds:F2} s"));
            }
            if (runCount > 1)
                io.Output.WriteLine($"mean ± std over {runCount} runs: val {MeanStd.Of(validation)}, test {MeanStd.Of(test)}");
            io.Output.WriteLine($"settings: {setup.Settings}, N {samples}, sample seed {seed}");
            io.Output.WriteLine($"accuracy: {Nb201Arguments.AccuracyNote(dataset)}");
            return Task.FromResult(0);
        });
        return command;
    }

    private static string Score(double score) => double.IsFinite(score) ? score.ToString("F3", CultureInfo.InvariantCulture) : "-inf";
}
