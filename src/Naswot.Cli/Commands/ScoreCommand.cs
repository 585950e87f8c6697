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
            var all = ProgressDisplay.Run(io.ShowProgress(p), "scoring", architectures.Count,
                report => setup.Evaluator.EvaluateAll(architectures, scores, report, cancel));
            if (setup.SeveralScores)
                return Task.FromResult(WriteColumns(io, setup, all, outputFormat, p.GetValue(archsFile) is not null));
            var results = all[0];

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

    /// <summary>Several proxies (and the ensemble): one column each, per architecture in input order.</summary>
    private static int WriteColumns(ConsoleIo io, ScoringSetup setup, IReadOnlyList<IReadOnlyList<Evaluation>> all, string outputFormat, bool many)
    {
        var proxies = setup.Options.Proxies;
        double[]? ensemble = setup.CombineRanks ? RankEnsemble.Combine([.. all.Select(e => (IReadOnlyList<double>)[.. e.Select(x => x.RankingScore)])]) : null;
        int count = all[0].Count;
        string Value(int proxy, int arch) => proxy < proxies.Count ? FormatScore(all[proxy][arch]) : Ensemble(ensemble![arch]);
        var columns = setup.Columns;
        string network = setup.Evaluator.Network.Canonical;
        switch (outputFormat)
        {
            case "text":
                for (int a = 0; a < count; a++)
                {
                    io.Output.WriteLine(all[0][a].Architecture);
                    for (int c = 0; c < columns.Count; c++) io.Output.WriteLine($"  {columns[c],-16} {Value(c, a)}");
                    foreach (var e in all.Select(e => e[a]).Where(e => e.Message is not null)) io.Output.WriteLine($"  {Failure(e)}");
                }
                bool stored = all.All(e => e.All(x => x.FromStore));
                io.Output.WriteLine($"  {setup.Settings}{(stored ? ", from store" : $", {all.Sum(e => e.Where(x => !x.FromStore).Sum(x => x.Seconds)):F2} s")}");
                break;
            case "csv":
                io.Output.WriteLine($"arch,{string.Join(',', columns)},status,from_store,space,network,dataset,data,batch_size,init_seed,proxies,message");
                for (int a = 0; a < count; a++)
                {
                    var row = all.Select(e => e[a]).ToList();
                    io.Output.WriteLine(string.Join(',', [Csv.Field(row[0].Architecture), .. columns.Select((_, c) => Value(c, a)),
                        string.Join(';', row.Select(e => e.Status.ToString().ToLowerInvariant())), row.All(e => e.FromStore) ? "1" : "0", setup.Space.Name,
                        Csv.Field(network), setup.Dataset.Name, Csv.Field(setup.Batch.Source), setup.Batch.Count.ToString(CultureInfo.InvariantCulture),
                        setup.Options.InitSeed.ToString(CultureInfo.InvariantCulture), Csv.Field(string.Join(';', proxies.Select(Describe))),
                        Csv.Field(string.Join("; ", row.Where(e => e.Message is not null).Select(e => e.Message)))]));
                }
                break;
            default:
                var json = Enumerable.Range(0, count).Select(a => new
                {
                    arch = all[0][a].Architecture,
                    scores = columns.Select((name, c) => (name, value: c < proxies.Count ? all[c][a].Score : ensemble![a]))
                        .ToDictionary(x => x.name, x => double.IsFinite(x.value) ? x.value : (double?)null),
                    status = proxies.Select((proxy, c) => (proxy.Name, all[c][a].Status)).ToDictionary(x => x.Name, x => x.Status.ToString().ToLowerInvariant()),
                    messages = proxies.Select((proxy, c) => (proxy.Name, all[c][a].Message)).Where(x => x.Message is not null).ToDictionary(x => x.Name, x => x.Message),
                    seconds = all.Sum(e => e[a].Seconds),
                    from_store = all.All(e => e[a].FromStore),
                    settings = new
                    {
                        space = setup.Space.Name,
                        network,
                        dataset = setup.Dataset.Name,
                        data = setup.Batch.Source,
                        data_key = setup.Evaluator.DataKey,
                        batch_size = setup.Batch.Count,
                        init_seed = setup.Options.InitSeed,
                        proxies = proxies.Select(proxy => new { name = proxy.Name, version = proxy.Version, settings = proxy.Settings.Canonical }),
                        combine = setup.CombineRanks ? "rank" : "none",
                    },
                });
                io.Output.WriteLine(JsonSerializer.Serialize(many ? json.ToList() : (object)json.First(), OutputFormat.Json));
                break;
        }
        return all.Any(e => e.Any(x => x.Status == ScoreStatus.Failed)) ? 3 : 0;
    }

    /// <summary>A proxy as the store keys it: name, version and settings.</summary>
    public static string Describe(IProxy proxy) => $"{proxy.Name} v{proxy.Version}{(proxy.Settings.Canonical.Length == 0 ? "" : $" ({proxy.Settings.Canonical})")}";

    /// <summary>An ensemble score: Σ log(rank/N), three decimals.</summary>
    public static string Ensemble(double value) => value.ToString("F3", CultureInfo.InvariantCulture);

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
        if (options.Proxies.Count > 1 || options.Proxy.Name != NaswotProxy.Definition.Name)
            throw new NaswotException($"--proxy {string.Join(',', options.Proxies.Select(x => x.Name))}: --onnx scores with naswot only");
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
