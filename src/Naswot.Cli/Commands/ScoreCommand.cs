using System.CommandLine;
using System.Globalization;
using System.Diagnostics;
using System.Text.Json;
using Naswot.Networks;
using Naswot.Runtime;
using Naswot.Scoring;
using Naswot.Scoring.Proxies;
using Naswot.Search;
using Naswot.Store;

namespace Naswot.Cli.Commands;

/// <summary>`naswot score`: the proxy score of one architecture, or of every line of a file.</summary>
internal static class ScoreCommand
{
    public static Command Create(ConsoleIo io)
    {
        var scoring = new ScoringArguments();
        var store = new StoreArguments(io);
        var arch = new Option<string?>("--arch") { Description = "Architecture in the space's text form (e.g. an NB201 cell string)" };
        var archsFile = new Option<string?>("--archs-file") { Description = "File with one architecture per line ('-' for standard input); writes CSV in input order" };
        var onnx = new Option<string?>("--onnx") { Description = "Score this ONNX model instead of an architecture: each Relu node counted once, BatchNorm on batch statistics (not stored)" };
        var others = new Option<string>("--other-activations") { Description = "--onnx: LeakyRelu, Clip, Gelu, Sigmoid… besides Relu: refuse, ignore (score the Relus alone) or count (their input signs too)", DefaultValueFactory = _ => "refuse" };
        var format = new OutputFormat("text", "json", "csv");
        var command = new Command("score", "Score architectures with a training-free proxy (default NASWOT: log|det K|) on one minibatch, or any ONNX model with --onnx");
        command.Options.Add(arch);
        command.Options.Add(archsFile);
        command.Options.Add(onnx);
        command.Options.Add(others);
        command.Options.Add(format.Option);
        scoring.AddTo(command);
        store.AddTo(command);
        command.SetAction((p, cancel) =>
        {
            string outputFormat = format.Get(p);
            if (p.GetValue(onnx) is { } model)
            {
                if (p.GetValue(arch) is not null || p.GetValue(archsFile) is not null) throw new NaswotException("give --onnx or --arch/--archs-file, not both");
                return Task.FromResult(ScoreModel(io, p, scoring, model, p.GetValue(others)!, outputFormat));
            }
            if (p.GetValue(archsFile) is not null && outputFormat == "text") outputFormat = "csv";
            var setup = scoring.Prepare(p, io.Error);
            var space = setup.Space;
            var architectures = ReadArchitectures(setup.Evaluator.Canonicalize, p.GetValue(arch), p.GetValue(archsFile));
            using var scores = store.Open(p);
            var results = ProgressDisplay.Run(io.ShowProgress(p), "scoring", architectures.Count,
                report => setup.Evaluator.Evaluate(architectures, scores, report, cancel));

            var options = setup.Options;
            var proxy = options.Proxy;
            string network = setup.Evaluator.Network.Canonical;
            switch (outputFormat)
            {
                case "text":
                    var r = results[0];
                    io.Output.WriteLine($"{FormatScore(r)}  {r.Architecture}");
                    if (r.Message is not null) io.Output.WriteLine($"  {Failure(r)}");
                    io.Output.WriteLine($"  {setup.Settings}{(r.FromStore ? ", from store" : $", {r.Seconds:F2} s")}");
                    break;
                case "csv":
                    WriteCsv(io.Output, setup, results);
                    break;
                default:
                    var json = results.Select(e => new
                    {
                        arch = e.Architecture,
                        score = double.IsFinite(e.Score) ? e.Score : (double?)null,
                        status = e.Status.ToString().ToLowerInvariant(),
                        message = e.Message,
                        transient = e.Transient,
                        seconds = e.Seconds,
                        from_store = e.FromStore,
                        settings = new
                        {
                            space = space.Name,
                            network,
                            dataset = setup.Dataset.Name,
                            data = setup.Batch.Source,
                            data_key = setup.Evaluator.DataKey,
                            batch_size = setup.Batch.Count,
                            init_seed = options.InitSeed,
                            proxy = proxy.Name,
                            proxy_version = proxy.Version,
                            proxy_settings = proxy.Settings.Canonical,
                        },
                    });
                    io.Output.WriteLine(JsonSerializer.Serialize(p.GetValue(archsFile) is null ? json.First() : (object)json.ToList(), OutputFormat.Json));
                    break;
            }
            return Task.FromResult(results.Any(e => e.Status == ScoreStatus.Failed) ? 3 : 0);
        });
        return command;
    }

    /// <summary>Results in input order as `score --format csv` prints them: one header line, one line per architecture.</summary>
    public static void WriteCsv(TextWriter output, ScoringSetup setup, IReadOnlyList<Evaluation> results)
    {
        var options = setup.Options;
        var proxy = options.Proxy;
        string network = setup.Evaluator.Network.Canonical;
        output.WriteLine("arch,score,status,seconds,from_store,space,network,dataset,data,batch_size,init_seed,proxy,proxy_version,proxy_settings,message");
        foreach (var e in results)
        {
            output.WriteLine(string.Join(',', Csv.Field(e.Architecture), FormatScore(e), e.Status.ToString().ToLowerInvariant(),
                e.Seconds.ToString("F3", CultureInfo.InvariantCulture), e.FromStore ? "1" : "0", setup.Space.Name, Csv.Field(network), setup.Dataset.Name,
                Csv.Field(setup.Batch.Source), setup.Batch.Count, options.InitSeed, proxy.Name, proxy.Version, Csv.Field(proxy.Settings.Canonical),
                Csv.Field(e.Message ?? "")));
        }
    }

    /// <summary>`score --onnx`: an imported model on the batch, with each Relu node counted once; never stored.</summary>
    private static int ScoreModel(ConsoleIo io, ParseResult p, ScoringArguments scoring, string path, string others, string outputFormat)
    {
        var importOptions = new ImportOptions
        {
            OtherActivations = others switch
            {
                "refuse" => OtherActivations.Refuse,
                "ignore" => OtherActivations.Ignore,
                "count" => OtherActivations.Count,
                _ => throw new NaswotException($"--other-activations '{others}': expected refuse, ignore or count"),
            },
        };
        if (outputFormat == "csv") throw new NaswotException("--format csv: --onnx writes text or json");
        var options = scoring.ScoreOptions(p, scoring.SearchSpace(p));
        if (options.Proxy.Name != NaswotProxy.Definition.Name) throw new NaswotException($"--proxy {options.Proxy.Name}: --onnx scores with naswot only");
        var (_, batch, _) = scoring.LoadData(p, options.Batch, io.Error);
        long start = Stopwatch.GetTimestamp();
        var network = ImportedNetwork.Load(path, batch.Count, batch.Height, batch.Width, importOptions);
        foreach (string warning in network.Warnings) io.Error.WriteLine($"naswot: warning: {path}: {warning}");
        // The once rule: an imported Relu node is one ReLU, never inside a wrapper the original code would hook too.
        var proxy = new NaswotProxy(ReluCount.Once);
        var runtime = new RuntimeOptions { IntraOpThreads = scoring.Layout(p).ThreadsPerWorker * scoring.Layout(p).Workers };
        using var scorer = new NetworkScorer(batch, proxy, runtime);
        ScoreResult result;
        try
        {
            result = scorer.Score(network.Graph);
        }
        catch (Exception e) when (ScoringFailure.From(e) is { } failure)
        {
            throw new ModelException($"{path}: ONNX Runtime could not run the model: {failure.Message}", e);
        }
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var evaluation = new Evaluation(path, result.IsSingular ? ScoreStatus.Singular : ScoreStatus.Ok, result.IsSingular ? double.NegativeInfinity : result.Score, null, seconds, false);
        if (outputFormat == "json")
        {
            io.Output.WriteLine(JsonSerializer.Serialize(new
            {
                model = path,
                score = double.IsFinite(evaluation.Score) ? evaluation.Score : (double?)null,
                status = evaluation.Status.ToString().ToLowerInvariant(),
                input = network.InputName,
                input_shape = network.InputShape,
                layout = network.Layout,
                relus = network.Relus,
                taps = network.Graph.Taps.Count,
                batch_norm_training = network.TrainingBatchNorms,
                batch_norm_converted = network.ConvertedBatchNorms,
                other_activations = network.OtherActivationCounts,
                warnings = network.Warnings,
                data = batch.Source,
                batch_size = batch.Count,
                proxy = $"{proxy.Name} v{proxy.Version} (relu-count once)",
                seconds,
            }, OutputFormat.Json));
            return 0;
        }
        io.Output.WriteLine($"{FormatScore(evaluation)}  {path}");
        io.Output.WriteLine($"  {network.Describe()}");
        io.Output.WriteLine(FormattableString.Invariant($"  data {batch.Source}, batch {batch.Count}, proxy {proxy.Name} v{proxy.Version} (each Relu node once), {seconds:F2} s, not stored"));
        return 0;
    }

    /// <summary>Why an architecture failed, and whether the next run tries it again: "failed (stored; --retry-failed recomputes): …".</summary>
    public static string Failure(Evaluation e) =>
        $"failed{(e.Transient ? " (transient: not stored, rerun to retry)" : e.FromStore ? " (stored; --retry-failed recomputes)" : "")}: {e.Message}";

    /// <summary>−∞ for a singular kernel, "nan" for a failure: never a silent number. Counts (params, flops) print whole.</summary>
    public static string FormatScore(Evaluation e) => e.Status switch
    {
        ScoreStatus.Ok => e.Score.ToString(double.IsInteger(e.Score) ? "F0" : "F3", CultureInfo.InvariantCulture),
        ScoreStatus.Singular => "-inf",
        _ => "nan",
    };

    private static List<string> ReadArchitectures(Func<string, string> canonicalize, string? arch, string? file)
    {
        if ((arch is null) == (file is null)) throw new NaswotException("give exactly one of --arch or --archs-file");
        return arch is not null ? [canonicalize(arch)] : ArchitectureFile.Read(file!, canonicalize);
    }
}
