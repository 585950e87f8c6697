using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Naswot.Data;
using Naswot.Networks;
using Naswot.Runtime;
using Naswot.Scoring;
using Naswot.Search;

namespace Naswot.Cli.Commands;

/// <summary>
/// `naswot bench`: where the time of scoring goes, against two yardsticks: the bare ONNX Runtime forward pass of
/// the same network, and the machine's SGEMM peak.
/// </summary>
internal static class BenchCommand
{
    private const int Rounds = 3;

    public static Command Create(ConsoleIo io)
    {
        var space = new Option<string>("--space") { Description = "Search space", DefaultValueFactory = _ => "nb201" };
        var archs = new Option<int>("--archs") { Description = "Random architectures of the space to time, from a fixed seed", DefaultValueFactory = _ => 20 };
        var batchSize = new Option<int>("--batch-size") { Description = "Images in the minibatch", DefaultValueFactory = _ => 128 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the cell sample", DefaultValueFactory = _ => 1UL };
        var data = new Option<string?>("--data") { Description = "Score on this image folder (timing its decoding) or CIFAR-10 file instead of the bundled sample" };
        var imageSize = new Option<int?>("--image-size") { Description = "Image folders: side of the square images (default 32)" };
        var proxy = new Option<string>("--proxy")
        {
            Description = $"Proxies to time, separated by commas, all from one forward pass per input kind ({RankEnsemble.Name}: {string.Join(",", RankEnsemble.Recommended)})",
            DefaultValueFactory = _ => "naswot",
        };
        var format = new OutputFormat("text", "json");
        var command = new Command("bench", "Measure scoring speed and memory on this machine");
        foreach (var option in new Option[] { space, archs, batchSize, seed, data, imageSize, proxy, format.Option }) command.Options.Add(option);
        command.SetAction(p =>
        {
            string outputFormat = format.Get(p);
            var searchSpace = SearchSpaces.Get(p.GetValue(space)!);
            int count = p.GetValue(archs);
            if (count < 1) throw new NaswotException($"--archs {count}: expected 1 or more");
            var options = new ScoreOptions
            {
                Batch = BatchSelection.First(p.GetValue(batchSize)),
                Proxies = [.. ScoringArguments.ProxyDefinitions(p.GetValue(proxy)!).Select(d => d.With())],
            };
            var (dataset, batch, loading) = Load(io, p.GetValue(data), p.GetValue(imageSize), options.Batch);
            var report = Run(searchSpace, dataset, batch, options, count, p.GetValue(seed), io.ShowProgress(p)) with { DataLoading = loading };
            if (outputFormat == "json") io.Output.WriteLine(JsonSerializer.Serialize(report, OutputFormat.Json));
            else WriteText(io.Output, report);
            return 0;
        });
        return command;
    }

    /// <summary>The batch, and how long reading it took: for an image folder, listing it, then decoding and resizing the batch's images.</summary>
    private static (DatasetInfo, ImageBatch, string) Load(ConsoleIo io, string? path, int? imageSize, BatchSelection selection)
    {
        var cifar = Datasets.Get("cifar10");
        long start = Stopwatch.GetTimestamp();
        if (path is not null && ScoringArguments.IsImageFolder(path, cifar))
        {
            var folder = ImageFolder.Open(path);
            double listed = Stopwatch.GetElapsedTime(start).TotalSeconds;
            foreach (string file in folder.Skipped) io.Error.WriteLine($"naswot: warning: skipped {file}: not an image");
            var loaded = folder.Load(selection, new ImageFolderOptions { ImageSize = imageSize ?? 32 });
            return (loaded.Dataset, loaded.Batch, FormattableString.Invariant(
                $"image folder: {folder.Count} images listed in {listed * 1000:F1} ms; the batch's {selection.Count} read, decoded and resized in {loaded.DecodeSeconds * 1000:F1} ms ({loaded.DecodeSeconds * 1000 / selection.Count:F2} ms per image, all cores)"));
        }
        if (imageSize is not null) throw new NaswotException("--image-size: only image folders are resized");
        var batch = path is null ? DataSource.LoadBundled(cifar, selection) : DataSource.Load(path, cifar, selection);
        return (cifar, batch, FormattableString.Invariant($"records: {selection.Count} read and normalised in {Stopwatch.GetElapsedTime(start).TotalMilliseconds:F1} ms"));
    }

    private static BenchReport Run(RegisteredSpace space, DatasetInfo dataset, ImageBatch batch, ScoreOptions options, int count, ulong seed, bool progress)
    {
        int cores = Environment.ProcessorCount;
        var runtime = new RuntimeOptions { IntraOpThreads = cores };
        double sgemm = MatMulPeak.Measure(2048, 5, runtime);
        var random = new SeededRandom(seed);
        var cells = Enumerable.Range(0, count).Select(_ => space.Space.Sample(random)).ToList();
        var spec = new NetworkSpec(NetworkShape.Of(dataset), batch.Count, options.InitSeed, space.NetworkSettings(options.SpaceSettings));
        NetworkGraph Build(string architecture) => space.Networks.Build(architecture, spec);

        var phases = new List<IReadOnlyList<ScoreResult>>();
        var bare = new List<double>();
        var bareFirst = new List<double>();
        var ratios = new List<double>();
        var firstRatios = new List<double>();
        using var scorer = new NetworkScorer(batch, options.Proxies, runtime);
        using var sessionOptions = SessionOptionsFactory.Create(runtime);
        using var input = new InputTensor(batch.Pixels, batch.Count, batch.Channels, batch.Height, batch.Width);
        ProgressDisplay.Run(progress, "timing phases", count, report =>
        {
            for (int i = 0; i < cells.Count; i++)
            {
                var (result, bareSeconds, bareFirstSeconds, _) = TimeCell(Build, cells[i], batch, scorer, sessionOptions, input);
                var times = Combined(options.Proxies, result);
                phases.Add(result);
                bare.Add(bareSeconds);
                bareFirst.Add(bareFirstSeconds);
                ratios.Add(times.Total / bareSeconds);
                firstRatios.Add(times.Total / bareFirstSeconds);
                report(i + 1);
            }
            return 0;
        });

        string largest = space.Space.Largest;
        var (largestResult, largestBare, _, largestFlops) = TimeCell(Build, largest, batch, scorer, sessionOptions, input);
        double largestGflop = largestFlops / 1e9;
        double largestTwoAtOnce = ConcurrentForwardWallClock(Build, largest, batch, cores);

        // Steady state, as a search runs: JIT, thread start-up and the first growth of the shared arena are paid by
        // a warm-up round, and each layout alternates scoring and bare forward passes over several rounds.
        var archs = cells;
        var throughput = new List<ThroughputRow>();
        var layouts = new[] { new ParallelLayout(1, cores), ParallelLayout.For(cores) }.Distinct().ToList();
        ProgressDisplay.Run(progress, "steady state", layouts.Count * (Rounds + 1), report =>
        {
            foreach (var layout in layouts)
            {
                var layoutRuntime = runtime with { IntraOpThreads = layout.ThreadsPerWorker };
                var evaluator = new ArchitectureEvaluator(space, dataset, batch, options, layoutRuntime, layout.Workers);
                using var bareRun = new BareForwardRun(cells.Select(Build), batch, layout, layoutRuntime);
                var scoring = new List<double>();
                var bareRounds = new List<double>();
                var scoringCpu = new List<double>();
                var bareCpu = new List<double>();
                for (int round = 0; round <= Rounds; round++)
                {
                    double cpuStart = ProcessorSeconds();
                    long start = Stopwatch.GetTimestamp();
                    evaluator.Evaluate(archs, store: null);
                    double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
                    double cpuScored = ProcessorSeconds();
                    double bareSeconds = bareRun.WallClock();
                    double cpuSeconds = cpuScored - cpuStart, bareCpuSeconds = ProcessorSeconds() - cpuScored;
                    report(throughput.Count * (Rounds + 1) + round + 1);
                    if (round == 0) continue;
                    scoring.Add(seconds / archs.Count);
                    bareRounds.Add(bareSeconds / archs.Count);
                    scoringCpu.Add(cpuSeconds / archs.Count);
                    bareCpu.Add(bareCpuSeconds / archs.Count);
                }
                throughput.Add(new ThroughputRow(layout.Workers, layout.ThreadsPerWorker, MedianOf(scoring), MedianOf(bareRounds),
                    MedianOf(scoring) / MedianOf(bareRounds), [.. scoring], [.. bareRounds],
                    MedianOf(scoringCpu), MedianOf(bareCpu), MedianOf(scoringCpu) / MedianOf(bareCpu)));
            }
            return 0;
        });

        return new BenchReport(
            Settings: $"{ScoringArguments.Describe(space, batch, options)}, {count} random architectures (seed {seed})",
            Machine: $"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}",
            BatchSize: batch.Count,
            Cells: count,
            CellSeed: seed,
            Threads: cores,
            SgemmGflops: sgemm,
            Median: Median(phases.Select(r => Combined(options.Proxies, r))),
            ProxySteps: [.. options.Proxies.SelectMany((proxy, k) => proxy.Steps.Select((name, i) =>
                new ProxyStep(options.Proxies.Count == 1 ? name : $"{proxy.Name}: {name}", MedianOf(phases.Select(r => r[k].StepSeconds[i])))))],
            Proxies: [.. options.Proxies.Select((proxy, k) => new ProxyTime(proxy.Name, InputOf(proxy),
                MedianOf(phases.Select(r => r[k].Times.Session + r[k].Times.Forward)), MedianOf(phases.Select(r => r[k].Times.Proxy))))],
            LargestCell: largest,
            MedianBareForward: MedianOf(bare),
            MedianScoringOverBare: MedianOf(ratios),
            MedianBareFirstForward: MedianOf(bareFirst),
            MedianScoringOverBareFirst: MedianOf(firstRatios),
            LargestCellGflop: largestGflop,
            LargestCellForward: Combined(options.Proxies, largestResult).Forward,
            LargestCellBareForward: largestBare,
            LargestCellGflops: largestGflop / largestBare,
            LargestCellConcurrentGflops: cores * largestGflop / largestTwoAtOnce,
            Rounds: Rounds,
            Throughput: throughput,
            PeakMemoryMebibytes: Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0));
    }

    /// <summary>Which forward pass a proxy reads: none (counts), the batch's, or Gaussian noise with its perturbed twin.</summary>
    private static string InputOf(IProxy proxy) =>
        proxy.Needs == ProxyNeeds.Counts ? "none" : proxy.Noise is { } noise ? $"gaussian pair (α {noise.Alpha.ToString(CultureInfo.InvariantCulture)})" : "batch";

    /// <summary>The phases of scoring one network with every proxy: each input kind's pass once, every proxy's own evaluation.</summary>
    private static PhaseTimes Combined(IReadOnlyList<IProxy> proxies, IReadOnlyList<ScoreResult> results)
    {
        double session = 0, forward = 0, evaluation = 0;
        var passes = new HashSet<string>();
        for (int i = 0; i < proxies.Count; i++)
        {
            evaluation += results[i].Times.Proxy;
            if (proxies[i].Needs != ProxyNeeds.Counts && passes.Add(InputOf(proxies[i])))
            {
                session += results[i].Times.Session;
                forward += results[i].Times.Forward;
            }
        }
        return new PhaseTimes(results[0].Times.Build, session, forward, evaluation);
    }

    /// <summary>Scores an architecture (timing each phase), then times the bare forward pass of the same network on a warm session.</summary>
    private static (IReadOnlyList<ScoreResult> Result, double Bare, double BareFirst, double BatchFlops) TimeCell(Func<string, NetworkGraph> build, string architecture,
        ImageBatch batch, NetworkScorer scorer, Microsoft.ML.OnnxRuntime.SessionOptions sessionOptions, InputTensor input)
    {
        long start = Stopwatch.GetTimestamp();
        var graph = build(architecture);
        double buildSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var scored = scorer.ScoreAll(graph).Select(r => r with { Times = r.Times.WithBuild(buildSeconds) }).ToList();

        using var session = new NetworkSession(graph.WithoutTaps(), sessionOptions);
        double best = double.MaxValue, first = 0;
        for (int r = 0; r < 3; r++)
        {
            long t0 = Stopwatch.GetTimestamp();
            using var outputs = session.Run(input);
            double seconds = Stopwatch.GetElapsedTime(t0).TotalSeconds;
            if (r == 0) first = seconds;
            else best = Math.Min(best, seconds);
        }
        return (scored, best, first, graph.FlopsPerImage * (double)batch.Count);
    }

    /// <summary>
    /// The bare forward passes of the cells on warm sessions, spread over the layout's workers as scoring spreads
    /// them: the least any scorer could spend.
    /// </summary>
    private sealed class BareForwardRun : IDisposable
    {
        private readonly Microsoft.ML.OnnxRuntime.SessionOptions _sessionOptions;
        private readonly InputTensor _input;
        private readonly List<NetworkSession> _sessions;
        private readonly int _workers;

        public BareForwardRun(IEnumerable<NetworkGraph> graphs, ImageBatch batch, ParallelLayout layout, RuntimeOptions runtime)
        {
            _workers = layout.Workers;
            _sessionOptions = SessionOptionsFactory.Create(runtime);
            _input = new InputTensor(batch.Pixels, batch.Count, batch.Channels, batch.Height, batch.Width);
            _sessions = [.. graphs.Select(g => new NetworkSession(g.WithoutTaps(), _sessionOptions))];
            foreach (var session in _sessions)
            {
                using var warm = session.Run(_input);
            }
        }

        public double WallClock()
        {
            int next = -1;
            long start = Stopwatch.GetTimestamp();
            var workers = Enumerable.Range(0, _workers).Select(_ => new Thread(() =>
            {
                for (int i = Interlocked.Increment(ref next); i < _sessions.Count; i = Interlocked.Increment(ref next))
                {
                    using var outputs = _sessions[i].Run(_input);
                }
            })).ToList();
            workers.ForEach(t => t.Start());
            workers.ForEach(t => t.Join());
            return Stopwatch.GetElapsedTime(start).TotalSeconds;
        }

        public void Dispose()
        {
            _sessions.ForEach(s => s.Dispose());
            _input.Dispose();
            _sessionOptions.Dispose();
        }
    }

    /// <summary>Best wall-clock of <paramref name="copies"/> single-threaded bare forward passes of one cell run at once: the default layout's use of the machine.</summary>
    private static double ConcurrentForwardWallClock(Func<string, NetworkGraph> build, string architecture, ImageBatch batch, int copies)
    {
        var layout = new ParallelLayout(copies, 1);
        var graph = build(architecture);
        using var run = new BareForwardRun(Enumerable.Repeat(graph, copies), batch, layout, new RuntimeOptions { IntraOpThreads = 1 });
        return Enumerable.Range(0, 3).Min(_ => run.WallClock());
    }

    private static double MedianOf(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static PhaseTimes Median(IEnumerable<PhaseTimes> times)
    {
        var all = times.ToList();
        return new(MedianOf(all.Select(t => t.Build)), MedianOf(all.Select(t => t.Session)), MedianOf(all.Select(t => t.Forward)), MedianOf(all.Select(t => t.Proxy)));
    }

    private static void WriteText(TextWriter o, BenchReport r)
    {
        string Ms(double seconds) => (seconds * 1000).ToString("F1", CultureInfo.InvariantCulture).PadLeft(8) + " ms";
        string List(double[] seconds) => string.Join(", ", seconds.Select(x => (x * 1000).ToString("F0", CultureInfo.InvariantCulture)));
        o.WriteLine($"naswot bench: {r.Settings}");
        o.WriteLine($"machine: {r.Machine}");
        o.WriteLine($"data: {r.DataLoading}");
        o.WriteLine($"SGEMM peak (ONNX Runtime MatMul 2048³, {r.Threads} threads): {r.SgemmGflops:F1} GFLOP/s");
        o.WriteLine();
        o.WriteLine($"one cell at a time, {r.Threads} threads; median per cell:");
        o.WriteLine($"  graph build     {Ms(r.Median.Build)}");
        o.WriteLine($"  session create  {Ms(r.Median.Session)}");
        o.WriteLine($"  forward pass    {Ms(r.Median.Forward)}  (with tap outputs, first run of the session)");
        foreach (var step in r.ProxySteps) o.WriteLine($"  {step.Name,-14}  {Ms(step.Seconds)}");
        if (r.Proxies.Count > 1)
        {
            o.WriteLine("  per proxy (median per cell): its forward pass (session + run, shared by the proxies of one input), its own evaluation:");
            foreach (var t in r.Proxies)
                o.WriteLine($"    {t.Name,-16} {t.Input,-22} pass {Ms(t.PassSeconds).Trim()}, evaluation {Ms(t.EvaluationSeconds).Trim()} = {t.EvaluationSeconds / r.MedianBareForward:F2}x the bare forward pass");
        }
        o.WriteLine($"  whole scoring   {Ms(r.Median.Total)}");
        o.WriteLine($"  bare forward    {Ms(r.MedianBareForward)}  (same network, logits only, warm session)");
        o.WriteLine($"  bare forward    {Ms(r.MedianBareFirstForward)}  (same, first run of a fresh session)");
        o.WriteLine($"  scoring / bare forward (median of per-cell ratios): {r.MedianScoringOverBare:F2}x warm, {r.MedianScoringOverBareFirst:F2}x first run");
        o.WriteLine();
        o.WriteLine($"steady state, time per cell over the {r.Cells} cells (median of {r.Rounds} rounds after a warm-up round):");
        foreach (var t in r.Throughput)
        {
            o.WriteLine($"  {t.Workers} cell(s) at once x {t.ThreadsPerCell} thread(s): scoring {Ms(t.ScoringSecondsPerCell).Trim()} ({1 / t.ScoringSecondsPerCell:F2} cells/s), " +
                $"bare forward {Ms(t.BareSecondsPerCell).Trim()} ({1 / t.BareSecondsPerCell:F2} cells/s, warm sessions) -> scoring costs {t.Ratio:F2}x the bare forward pass");
            o.WriteLine($"    rounds, ms per cell: scoring {List(t.ScoringRounds)}; bare {List(t.BareRounds)}");
            o.WriteLine($"    CPU time per cell (all threads): scoring {Ms(t.ScoringCpuSecondsPerCell).Trim()}, bare forward {Ms(t.BareCpuSecondsPerCell).Trim()} -> {t.CpuRatio:F2}x");
        }
        o.WriteLine();
        o.WriteLine($"largest cell ({r.LargestCell}): {r.LargestCellGflop:F1} GFLOP per batch");
        o.WriteLine($"  one forward pass on {r.Threads} threads: {Ms(r.LargestCellBareForward).Trim()} = {r.LargestCellGflops:F1} GFLOP/s = {100 * r.LargestCellGflops / r.SgemmGflops:F0}% of SGEMM peak (forward while scoring {Ms(r.LargestCellForward).Trim()})");
        o.WriteLine($"  {r.Threads} single-threaded forward passes at once: {r.LargestCellConcurrentGflops:F1} GFLOP/s together = {100 * r.LargestCellConcurrentGflops / r.SgemmGflops:F0}% of SGEMM peak");
        o.WriteLine($"peak memory (working set): {r.PeakMemoryMebibytes:F0} MiB");
    }

    private sealed record ThroughputRow(int Workers, int ThreadsPerCell, double ScoringSecondsPerCell, double BareSecondsPerCell, double Ratio,
        double[] ScoringRounds, double[] BareRounds, double ScoringCpuSecondsPerCell, double BareCpuSecondsPerCell, double CpuRatio);

    /// <summary>CPU time of every thread of this process so far: what a round cost the machine, less disturbed by other tenants than wall-clock.</summary>
    private static double ProcessorSeconds()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime.TotalSeconds;
    }

    private sealed record ProxyStep(string Name, double Seconds);

    private sealed record ProxyTime(string Name, string Input, double PassSeconds, double EvaluationSeconds);

    private sealed record BenchReport(string Settings, string Machine, int BatchSize, int Cells, ulong CellSeed, int Threads, double SgemmGflops, PhaseTimes Median,
        IReadOnlyList<ProxyStep> ProxySteps, IReadOnlyList<ProxyTime> Proxies, string LargestCell, double MedianBareForward, double MedianScoringOverBare, double MedianBareFirstForward, double MedianScoringOverBareFirst, double LargestCellGflop,
        double LargestCellForward, double LargestCellBareForward, double LargestCellGflops, double LargestCellConcurrentGflops, int Rounds,
        IReadOnlyList<ThroughputRow> Throughput, double PeakMemoryMebibytes)
    {
        /// <summary>How the batch was read, and how long it took (an image folder's decoding).</summary>
        public string DataLoading { get; init; } = "";
    }
}
