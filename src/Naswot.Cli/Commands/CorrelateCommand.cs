using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Naswot.Benchmarks;
using Naswot.Scoring;
using Naswot.Search;

namespace Naswot.Cli.Commands;

/// <summary>`naswot correlate`: how well a proxy ranks a benchmark's architectures by trained accuracy (the paper's Kendall τ).</summary>
internal static class CorrelateCommand
{
    public static Command Create(ConsoleIo io)
    {
        var scoring = new ScoringArguments();
        var store = new StoreArguments(io);
        var sample = new Option<int?>("--sample") { Description = "Score K distinct architectures drawn uniformly from the benchmark" };
        var all = new Option<bool>("--all") { Description = "Score every architecture the benchmark has" };
        var sampleSeed = BenchmarkArguments.SampleSeed();
        var plot = new Option<string?>("--plot") { Description = "Write the score vs accuracy scatter plot to this PNG" };
        var format = new OutputFormat("text", "json", "csv");
        var command = new Command("correlate", "Kendall τ and Spearman ρ between proxy scores and a benchmark's trained accuracies");
        foreach (var option in new Option[] { sample, all, sampleSeed, plot, format.Option })
            command.Options.Add(option);
        scoring.AddTo(command);
        store.AddTo(command);
        command.SetAction((p, cancel) =>
        {
            string outputFormat = format.Get(p);
            int? k = p.GetValue(sample);
            bool everyOne = p.GetValue(all);
            if (k.HasValue == everyOne) throw new NaswotException("give exactly one of --sample K or --all");
            if (k < 2) throw new NaswotException($"--sample {k}: expected 2 or more (a rank correlation compares pairs)");
            string? plotPath = p.GetValue(plot);
            if (plotPath is not null) ScatterPlot.CheckPath(plotPath);
            ulong seed = p.GetValue(sampleSeed);

            var setup = scoring.Prepare(p);
            var benchmark = setup.RequireBenchmark();
            var architectures = everyOne
                ? benchmark.Architectures
                : NaswotSearch.SampleDistinct(k!.Value, benchmark.Architectures.Count, benchmark.Sample, new SeededRandom(seed));
            using var scores = store.Open(p);
            string selection = everyOne
                ? $"all {benchmark.Architectures.Count} of the benchmark"
                : $"{architectures.Count} distinct architectures drawn uniformly from the benchmark's {benchmark.Architectures.Count}, sample seed {seed}";
            if (setup.SeveralScores)
            {
                if (plotPath is not null) throw new NaswotException("--plot: one proxy at a time");
                var columns = BenchmarkArguments.ScoreAll(io, p, setup, benchmark, scores, architectures, out double allSeconds, cancel);
                WriteColumns(io, setup, benchmark, columns, everyOne, seed, selection, allSeconds, outputFormat);
                return Task.FromResult(0);
            }
            var scored = BenchmarkArguments.Score(io, p, setup, benchmark, scores, architectures, out double seconds, cancel);
            var correlation = ScoreCorrelation.Of(scored);
            string what = $"{setup.Options.Proxy.Name} score vs {setup.Space.Name} accuracy, {benchmark.Dataset}";

            switch (outputFormat)
            {
                case "text":
                    io.Output.WriteLine($"{what}: {scored.Length} architectures ({selection})");
                    io.Output.WriteLine($"              Kendall τ-b  Spearman ρ");
                    io.Output.WriteLine($"  validation  {F(correlation.TauValidation),11}  {F(correlation.RhoValidation),10}");
                    io.Output.WriteLine($"  test        {F(correlation.TauTest),11}  {F(correlation.RhoTest),10}");
                    io.Output.WriteLine($"  scored −∞ (singular or failed, ranked last): {correlation.Unscored}");
                    io.Output.WriteLine($"  settings: {setup.Settings}");
                    io.Output.WriteLine($"  accuracy: {benchmark.Description}");
                    io.Output.WriteLine($"  {BenchmarkArguments.Provenance(scored)}, {seconds:F1} s");
                    if (plotPath is not null) io.Output.WriteLine($"  plot: {plotPath}");
                    break;
                case "csv":
                    io.Output.WriteLine("index,arch,score,status,validation,test,from_store");
                    foreach (var c in scored)
                    {
                        io.Output.WriteLine(FormattableString.Invariant(
                            $"{benchmark.IndexOf(c.Architecture)},{Csv.Field(c.Architecture)},{(double.IsFinite(c.Score) ? c.Score.ToString("R", CultureInfo.InvariantCulture) : "-inf")},{c.Status.ToString().ToLowerInvariant()},{c.Accuracy.Validation:R},{c.Accuracy.Test:R},{(c.FromStore ? 1 : 0)}"));
                    }
                    break;
                default:
                    io.Output.WriteLine(JsonSerializer.Serialize(new
                    {
                        space = setup.Space.Name,
                        dataset = benchmark.Dataset,
                        proxy = setup.Options.Proxy.Name,
                        cells = scored.Length,
                        all = everyOne,
                        sample_seed = everyOne ? (ulong?)null : seed,
                        unscored = correlation.Unscored,
                        kendall_tau_validation = correlation.TauValidation,
                        kendall_tau_test = correlation.TauTest,
                        spearman_rho_validation = correlation.RhoValidation,
                        spearman_rho_test = correlation.RhoTest,
                        settings = setup.Settings,
                        accuracy = benchmark.Description,
                        from_store = scored.Count(c => c.FromStore),
                        seconds,
                        plot = plotPath,
                    }, OutputFormat.Json));
                    break;
            }
            // After the numbers are out: a plot that cannot be written costs the figure, not the correlation.
            if (plotPath is not null)
            {
                bool test = correlation.TauTest is not null;
                ScatterPlot.Write(plotPath, scored, test,
                    $"{setup.Space.Name} {benchmark.Dataset}: Kendall τ = {F(correlation.TauTest ?? correlation.TauValidation)}, n = {scored.Length}",
                    $"{setup.Settings}; {selection}", $"{setup.Options.Proxy.Name} score");
            }
            return Task.FromResult(0);
        });
        return command;
    }

    /// <summary>Several proxies (and the ensemble): one row of τ and ρ per column; the CSV has one score column each.</summary>
    private static void WriteColumns(ConsoleIo io, ScoringSetup setup, IBenchmark benchmark, IReadOnlyList<ScoredArchitecture[]> columns, bool everyOne,
        ulong seed, string selection, double seconds, string outputFormat)
    {
        var names = setup.Columns;
        var correlations = columns.Select(ScoreCorrelation.Of).ToList();
        var first = columns[0];
        switch (outputFormat)
        {
            case "text":
                io.Output.WriteLine($"{string.Join(", ", names)} scores vs {setup.Space.Name} accuracy, {benchmark.Dataset}: {first.Length} architectures ({selection})");
                io.Output.WriteLine($"  {"proxy",-16}  {"τ-b val",7}  {"ρ val",7}  {"τ-b test",8}  {"ρ test",7}  −∞");
                for (int c = 0; c < names.Count; c++)
                {
                    var r = correlations[c];
                    io.Output.WriteLine($"  {names[c],-16}  {F(r.TauValidation),7}  {F(r.RhoValidation),7}  {F(r.TauTest),8}  {F(r.RhoTest),7}  {r.Unscored}");
                }
                if (setup.CombineRanks) io.Output.WriteLine($"  {RankEnsemble.Name}: Σ log(rank/N) of {string.Join(", ", names.SkipLast(1))} over these {first.Length} architectures");
                io.Output.WriteLine($"  settings: {setup.Settings}");
                io.Output.WriteLine($"  accuracy: {benchmark.Description}");
                io.Output.WriteLine($"  {BenchmarkArguments.Provenance(first)} (each proxy), {seconds:F1} s");
                break;
            case "csv":
                io.Output.WriteLine($"index,arch,{string.Join(',', names)},validation,test,from_store");
                for (int i = 0; i < first.Length; i++)
                {
                    var c = first[i];
                    string values = string.Join(',', columns.Select(col => double.IsFinite(col[i].Score) ? col[i].Score.ToString("R", CultureInfo.InvariantCulture) : "-inf"));
                    io.Output.WriteLine(FormattableString.Invariant(
                        $"{benchmark.IndexOf(c.Architecture)},{Csv.Field(c.Architecture)},{values},{c.Accuracy.Validation:R},{c.Accuracy.Test:R},{(columns.All(col => col[i].FromStore) ? 1 : 0)}"));
                }
                break;
            default:
                io.Output.WriteLine(JsonSerializer.Serialize(new
                {
                    space = setup.Space.Name,
                    dataset = benchmark.Dataset,
                    proxies = names.Select((name, c) => new
                    {
                        proxy = name,
                        unscored = correlations[c].Unscored,
                        kendall_tau_validation = correlations[c].TauValidation,
                        kendall_tau_test = correlations[c].TauTest,
                        spearman_rho_validation = correlations[c].RhoValidation,
                        spearman_rho_test = correlations[c].RhoTest,
                    }),
                    combine = setup.CombineRanks ? "rank" : "none",
                    cells = first.Length,
                    all = everyOne,
                    sample_seed = everyOne ? (ulong?)null : seed,
                    settings = setup.Settings,
                    accuracy = benchmark.Description,
                    from_store = first.Count(c => c.FromStore),
                    seconds,
                }, OutputFormat.Json));
                break;
        }
    }

    /// <summary>Three decimals; "n/a" where there is no value or it is undefined (every score tied).</summary>
    private static string F(double? value) => value is { } v && double.IsFinite(v) ? v.ToString("F3", CultureInfo.InvariantCulture) : "n/a";
}
