using System.CommandLine;
using System.Globalization;
using System.Text.Json;
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
        var format = new OutputFormat("text", "json", "csv");
        var command = new Command("score", "Score architectures with a training-free proxy (default NASWOT: log|det K|) on one minibatch");
        command.Options.Add(arch);
        command.Options.Add(archsFile);
        command.Options.Add(format.Option);
        scoring.AddTo(command);
        store.AddTo(command);
        command.SetAction((p, cancel) =>
        {
            string outputFormat = format.Get(p);
            if (p.GetValue(archsFile) is not null && outputFormat == "text") outputFormat = "csv";
            var setup = scoring.Prepare(p);
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
                    io.Output.WriteLine("arch,score,status,seconds,from_store,space,network,dataset,data,batch_size,init_seed,proxy,proxy_version,proxy_settings,message");
                    foreach (var e in results)
                    {
                        io.Output.WriteLine(string.Join(',', Csv.Field(e.Architecture), FormatScore(e), e.Status.ToString().ToLowerInvariant(),
                            e.Seconds.ToString("F3", CultureInfo.InvariantCulture), e.FromStore ? "1" : "0", space.Name, Csv.Field(network), setup.Dataset.Name,
                            Csv.Field(setup.Batch.Source), setup.Batch.Count, options.InitSeed, proxy.Name, proxy.Version, Csv.Field(proxy.Settings.Canonical),
                            Csv.Field(e.Message ?? "")));
                    }
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
