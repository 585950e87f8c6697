using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Naswot.Benchmarks;
using Naswot.Search;
using Naswot.Spaces;

namespace Naswot.Cli.Commands;

/// <summary>`naswot correlate`: how well the score ranks NB201 cells by trained accuracy (the paper's Kendall τ).</summary>
internal static class CorrelateCommand
{
    public static Command Create(ConsoleIo io)
    {
        var scoring = new ScoringArguments();
        var store = new StoreArguments();
        var sample = new Option<int?>("--sample") { Description = "Score K distinct cells drawn uniformly" };
        var all = new Option<bool>("--all") { Description = "Score all 15,625 cells" };
        var sampleSeed = Nb201Arguments.SampleSeed();
        var plot = new Option<string?>("--plot") { Description = "Write the score vs test accuracy scatter plot to this PNG" };
        var format = new OutputFormat("text", "json", "csv");
        var command = new Command("correlate", "Kendall τ and Spearman ρ between NASWOT scores and NAS-Bench-201 accuracies");
        foreach (var option in new Option[] { sample, all, sampleSeed, plot, format.Option })
            command.Options.Add(option);
        scoring.AddTo(command);
        store.AddTo(command);
        command.SetAction((p, cancel) =>
        {
            string outputFormat = format.Get(p);
            int? k = p.GetValue(sample);
            bool everyCell = p.GetValue(all);
            if (k.HasValue == everyCell) throw new NaswotException("give exactly one of --sample K or --all");
            string? plotPath = p.GetValue(plot);
            if (plotPath is not null) ScatterPlot.CheckPath(plotPath);
            ulong seed = p.GetValue(sampleSeed);
            int[] indices = everyCell ? [.. Enumerable.Range(0, Nb201Cell.Count)] : NaswotSearch.SampleDistinct(k!.Value, new SeededRandom(seed));

            var setup = scoring.Prepare(p);
            var dataset = Nb201Arguments.Dataset(setup);
            using var scores = store.Open(p);
            var cells = Nb201Arguments.Score(io, p, setup, scores, indices, out double seconds, cancel);
            var correlation = ScoreCorrelation.Of(cells);
            string selection = everyCell ? "all cells" : $"{indices.Length} distinct cells drawn uniformly, sample seed {seed}";

            if (plotPath is not null)
            {
                ScatterPlot.Write(plotPath, cells,
                    $"NB201 {dataset.Name()}: Kendall τ = {F(correlation.TauTest)}, n = {cells.Length}",
                    $"{setup.Settings}; {selection}");
            }

            switch (outputFormat)
            {
                case "text":
                    io.Output.WriteLine($"NASWOT score vs NB201 accuracy, {dataset.Name()}: {cells.Length} cells ({selection})");
                    io.Output.WriteLine($"              Kendall τ-b  Spearman ρ");
                    io.Output.WriteLine($"  validation  {F(correlation.TauValidation),11}  {F(correlation.RhoValidation),10}");
                    io.Output.WriteLine($"  test        {F(correlation.TauTest),11}  {F(correlation.RhoTest),10}");
                    io.Output.WriteLine($"  scored −∞ (singular or failed, ranked last): {correlation.Unscored}");
                    io.Output.WriteLine($"  settings: {setup.Settings}");
                    io.Output.WriteLine($"  accuracy: {Nb201Arguments.AccuracyNote(dataset)}");
                    io.Output.WriteLine($"  {Nb201Arguments.Provenance(cells)}, {seconds:F1} s");
                    if (plotPath is not null) io.Output.WriteLine($"  plot: {plotPath}");
                    break;
                case "csv":
                    io.Output.WriteLine("index,arch,score,status,validation,test,from_store");
                    foreach (var c in cells)
                    {
                        io.Output.WriteLine(FormattableString.Invariant(
                            $"{c.Index},{Nb201Space.Instance.CellAt(c.Index)},{(double.IsFinite(c.Score) ? c.Score.ToString("R", CultureInfo.InvariantCulture) : "-inf")},{c.Status.ToString().ToLowerInvariant()},{c.Accuracy.Validation:R},{c.Accuracy.Test:R},{(c.FromStore ? 1 : 0)}"));
                    }
                    break;
                default:
                    io.Output.WriteLine(JsonSerializer.Serialize(new
                    {
                        dataset = dataset.Name(),
                        cells = cells.Length,
                        all = everyCell,
                        sample_seed = everyCell ? (ulong?)null : seed,
                        unscored = correlation.Unscored,
                        kendall_tau_validation = correlation.TauValidation,
                        kendall_tau_test = correlation.TauTest,
                        spearman_rho_validation = correlation.RhoValidation,
                        spearman_rho_test = correlation.RhoTest,
                        settings = setup.Settings,
                        accuracy = Nb201Arguments.AccuracyNote(dataset),
                        from_store = cells.Count(c => c.FromStore),
                        seconds,
                        plot = plotPath,
                    }, OutputFormat.Json));
                    break;
            }
            return Task.FromResult(0);
        });
        return command;
    }

    private static string F(double value) => value.ToString("F3", CultureInfo.InvariantCulture);
}
