using System.CommandLine;
using System.Globalization;
using Naswot.Benchmarks;
using Naswot.Data;
using Naswot.Search;
using Naswot.Store;

namespace Naswot.Cli.Commands;

/// <summary>
/// `naswot experiment &lt;space&gt;-search`: random search, REA and AREA with simulated training, many seeded runs,
/// reported as the paper's Table 2 with a plot of best-so-far accuracy against simulated time. One subcommand per
/// registered space whose benchmarks simulate training.
/// </summary>
internal static class SearchExperimentCommand
{
    private static readonly string[] Algorithms = ["rs", "rea", "area"];

    public static Command ForSpace(ConsoleIo io, RegisteredSpace registered)
    {
        var scoring = new ScoringArguments(registered);
        var store = new StoreArguments(io);
        var algorithms = new Option<string>("--algorithms") { Description = $"Comma-separated: {string.Join(", ", Algorithms)}", DefaultValueFactory = _ => string.Join(',', Algorithms) };
        var runs = new Option<int>("--runs") { Description = "Independent searches per algorithm", DefaultValueFactory = _ => 500 };
        var budget = new Option<double>("--budget") { Description = "Simulated training seconds per search (the paper: 12000)", DefaultValueFactory = _ => 12_000 };
        var searchDataset = new Option<string>("--search-dataset")
        {
            Description = "Dataset the searches train on, whose images (--data, or the bundled sample) AREA scores; cifar10 is the paper's protocol, --dataset's own searches each dataset itself",
            DefaultValueFactory = _ => "cifar10",
        };
        var population = new Option<int>("--population") { Description = "REA and AREA population (P)", DefaultValueFactory = _ => 10 };
        var tournament = new Option<int>("--tournament") { Description = "REA and AREA tournament size", DefaultValueFactory = _ => 3 };
        var distinct = new Option<bool>("--tournament-distinct") { Description = "Draw tournaments without replacement (the paper's Algorithm 2) instead of with (NB201's R_EA.py)" };
        var areaSample = new Option<int>("--area-sample") { Description = "Architectures AREA draws and scores (M)", DefaultValueFactory = _ => 20 };
        var seed = BenchmarkArguments.SampleSeed();
        var plot = new Option<string?>("--plot") { Description = "Write best-so-far validation accuracy against simulated time to this PNG" };
        var command = new Command($"{registered.Name}-search",
            $"Random search, REA and AREA on the {registered.Name} benchmark with simulated training; Table 2's search rows and a plot");
        foreach (var option in new Option[] { algorithms, runs, budget, searchDataset, population, tournament, distinct, areaSample, seed, plot })
            command.Options.Add(option);
        scoring.AddTo(command);
        store.AddTo(command);
        command.SetAction((p, cancel) =>
        {
            int runCount = p.GetValue(runs);
            if (runCount < 2) throw new NaswotException($"--runs {runCount}: expected 2 or more (the table reports a standard deviation)");
            string? plotPath = p.GetValue(plot);
            if (plotPath is not null) ScatterPlot.CheckPath(plotPath);
            ulong runSeed = p.GetValue(seed);
            var evolution = new RegularizedEvolution(p.GetValue(population), p.GetValue(tournament), !p.GetValue(distinct));
            var strategies = Strategies(p.GetValue(algorithms)!, evolution, p.GetValue(areaSample));

            string reported = scoring.DatasetInfo(p).Name;
            var report = registered.BenchmarkOn(reported) ?? throw NoBenchmark(registered, reported);
            var searchData = Datasets.Get(p.GetValue(searchDataset)!);
            var training = registered.BenchmarkOn(searchData.Name)?.Training ?? throw new NaswotException(
                $"space {registered.Name} simulates no training on {searchData.Name} (it does on: {string.Join(", ", registered.Benchmarks.Where(b => b.Training is not null).Select(b => b.Dataset))})");
            var problem = new SearchProblem(registered.Space, training, p.GetValue(budget)).Validated();

            using var scores = store.Open(p);
            ScoringSetup? setup = null;
            if (strategies.Any(s => s.NeedsProxy))
            {
                var scorer = setup = scoring.Prepare(p, dataset: searchData);
                // AREA keeps the best of its M draws by one score; a rank ensemble over those M is not what the paper runs.
                if (scorer.SeveralScores) throw scorer.OneProxyOnly("AREA ranks its first draws by one proxy; give one");
                problem = problem with { Proxy = architectures => scorer.Evaluator.Evaluate(architectures, scores, cancel: cancel) };
            }

            var results = ProgressDisplay.Run(io.ShowProgress(p), $"{strategies.Count} algorithms × {runCount} searches", strategies.Count * runCount, done =>
            {
                var all = new List<SearchRun[]>();
                foreach (var strategy in strategies)
                {
                    var these = new SearchRun[runCount];
                    for (int run = 0; run < runCount; run++)
                    {
                        cancel.ThrowIfCancellationRequested();
                        these[run] = SearchExperiment.Run(strategy, problem, runSeed, run);
                        done(all.Count * runCount + run + 1);
                    }
                    all.Add(these);
                }
                return all;
            });
            var rows = results.Select(r => SearchExperiment.Row(r, report)).ToList();

            if (plotPath is not null) WritePlot(plotPath, strategies, results, report, problem, runCount);
            Write(io.Output, registered, report, problem, strategies, results, rows, runSeed, setup, plotPath);
            return Task.FromResult(0);
        });
        return command;
    }

    private static NaswotException NoBenchmark(RegisteredSpace space, string dataset) => new(
        $"space {space.Name} has no accuracies on {dataset} (benchmarks: {string.Join(", ", space.Benchmarks.Select(b => b.Dataset))})");

    /// <summary>The strategies named, in the order given, each once.</summary>
    private static List<ISearchStrategy> Strategies(string names, RegularizedEvolution evolution, int areaSample)
    {
        var chosen = new List<ISearchStrategy>();
        foreach (string name in names.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            ISearchStrategy strategy = UnknownNameException.Find(Algorithms, a => a, name, "search algorithm") switch
            {
                "rs" => new RandomSearch(),
                "rea" => evolution,
                _ => new AssistedRegularizedEvolution(areaSample, evolution),
            };
            if (chosen.Any(s => s.Name == strategy.Name)) throw new NaswotException($"--algorithms: {name} is given twice");
            chosen.Add(strategy);
        }
        if (chosen.Count == 0) throw new NaswotException($"--algorithms '{names}': expected some of {string.Join(", ", Algorithms)}");
        return chosen;
    }

    private static void Write(TextWriter o, RegisteredSpace registered, IBenchmark report, SearchProblem problem, List<ISearchStrategy> strategies,
        List<SearchRun[]> results, List<ExperimentRow> rows, ulong seed, ScoringSetup? setup, string? plotPath)
    {
        int runCount = results[0].Length;
        string searched = problem.Training.Dataset;
        o.WriteLine($"## {registered.Name} {report.Dataset}: searches with simulated training, ours beside the paper's");
        o.WriteLine();
        ExperimentCommand.WriteTable(o, rows);
        o.WriteLine();
        string how = $"simulated training on {searched}{(setup is null ? "" : $", proxy scores of {searched} images")}";
        o.WriteLine(searched == "cifar10" && report.Dataset != "cifar10"
            ? $"- Protocol: the paper's. Searched on {searched} ({how}), reported: the returned architecture's accuracies on {report.Dataset}."
            : searched == report.Dataset
                ? $"- Protocol: searched and reported on {searched} ({how}){(searched == "cifar10" ? ", as the paper" : "; the paper searches on cifar10")}."
                : $"- Protocol: searched on {searched} ({how}), reported on {report.Dataset}; the paper searches on cifar10.");
        o.WriteLine($"- Runs: {runCount} per algorithm, each on its own random stream of seed {seed}; mean ± sample std (n − 1), as the paper's process_results.py. " +
                    "The paper: 500 runs, AREA 50.");
        o.WriteLine(Invariant($"- Budget: {problem.BudgetSeconds:N0} simulated seconds per search; a training whose cost would take the total past it is not charged and ends the search. ") +
                    "Trainings per search (mean): " + string.Join(", ", results.Select(r => Invariant($"{r[0].Strategy} {r.Average(x => x.History.Count):F1}"))) +
                    "; simulated seconds spent (mean): " + string.Join(", ", results.Select(r => Invariant($"{r[0].Strategy} {r.Average(x => x.SimulatedSeconds):F0}"))) + ".");
        o.WriteLine("- Returned: the best architecture of the whole history by simulated-training accuracy. " +
                    string.Join("; ", strategies.Select(s => $"{s.Name}: {s.Settings}")) + ".");
        var rea = rows.FirstOrDefault(r => r.Method == "REA");
        var area = rows.FirstOrDefault(r => r.Method == "AREA");
        if (rea is not null && area is not null)
        {
            o.WriteLine($"- AREA − REA at equal budget: val {MeanDifference.Of(area.Validation, rea.Validation)}" +
                        (area.Test is { } t && rea.Test is { } rt ? $", test {MeanDifference.Of(t, rt)}" : "") +
                        (area.RetrainedTest is { } a && rea.RetrainedTest is { } ra ? $", test train+valid {MeanDifference.Of(a, ra)}" : "") + ".");
        }
        if (setup is not null)
        {
            var areaRuns = results.First(r => r[0].Scored.Count > 0);
            var evaluations = areaRuns.SelectMany(r => r.Scored).ToList();
            o.WriteLine(Invariant($"- AREA's scores: {BenchmarkArguments.Provenance(evaluations)}; {areaRuns.Average(r => r.ProxySeconds):F2} real seconds of scoring per search (as long as each score took to compute), not charged to the budget; ") +
                        $"{setup.Settings}; {evaluations.Count(e => e.Status != ScoreStatus.Ok)} scored −∞ (ranked last).");
        }
        o.WriteLine($"- Training: {problem.Training.Description}.");
        o.WriteLine($"- Accuracy: {report.Description}.");
        if (plotPath is not null)
        {
            o.WriteLine();
            o.WriteLine($"![Best-so-far {report.Dataset} validation accuracy against simulated training time, mean over {runCount} searches]({plotPath})");
        }
    }

    /// <summary>One line per algorithm: the mean over runs of the best-so-far architecture's validation accuracy in the reported benchmark.</summary>
    private static void WritePlot(string path, List<ISearchStrategy> strategies, List<SearchRun[]> results, IBenchmark report, SearchProblem problem, int runCount)
    {
        const int Points = 240;
        double[] seconds = [.. Enumerable.Range(0, Points + 1).Select(i => problem.BudgetSeconds * i / Points)];
        var plot = new ScottPlot.Plot();
        foreach (var (strategy, runs) in strategies.Zip(results))
        {
            double[] curve = SearchExperiment.BestSoFar(runs, report, seconds);
            // NaN until every run has trained an architecture: drawn from there on.
            int first = Array.FindIndex(curve, double.IsFinite);
            if (first < 0) continue;
            var line = plot.Add.ScatterLine(seconds[first..], curve[first..]);
            line.LegendText = strategy.Name;
            line.LineWidth = 2;
        }
        plot.ShowLegend(ScottPlot.Alignment.LowerRight);
        plot.Title($"{report.Space.Name} {report.Dataset}: best so far, mean over {runCount} searches (trained on {problem.Training.Dataset})");
        plot.XLabel("simulated training time (s)");
        plot.YLabel($"{report.Dataset} validation accuracy, 200 epochs (%)");
        plot.SavePng(path, 1000, 750);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
