using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Naswot.Search;
using Naswot.Spaces;
using Naswot.Store;

namespace Naswot.Cli.Commands;

/// <summary>`naswot score`: the NASWOT score of one architecture, or of every line of a file.</summary>
internal static class ScoreCommand
{
    public static Command Create(ConsoleIo io)
    {
        var scoring = new ScoringArguments();
        var store = new StoreArguments();
        var arch = new Option<string?>("--arch") { Description = "Architecture, e.g. an NB201 cell string" };
        var archsFile = new Option<string?>("--archs-file") { Description = "File with one architecture per line ('-' for standard input); writes CSV in input order" };
        var format = new OutputFormat("text", "json", "csv");
        var command = new Command("score", "Score architectures with the NASWOT score (log|det K|) on one minibatch");
        command.Options.Add(arch);
        command.Options.Add(archsFile);
        command.Options.Add(format.Option);
        scoring.AddTo(command);
        store.AddTo(command);
        command.SetAction((p, cancel) =>
        {
            var space = scoring.SearchSpace(p);
            var architectures = ReadArchitectures(space, p.GetValue(arch), p.GetValue(archsFile));
            string outputFormat = format.Get(p);
            if (p.GetValue(archsFile) is not null && outputFormat == "text") outputFormat = "csv";

            var (_, dataset, options, batch, evaluator) = scoring.Prepare(p);
            using var scores = store.Open(p);
            var results = ProgressDisplay.Run(io.ShowProgress(p), "scoring", architectures.Count,
                report => evaluator.Evaluate(architectures, scores, report, cancel));

            string settings = ScoringArguments.Describe(space, batch, options);
            switch (outputFormat)
            {
                case "text":
                    var r = results[0];
                    io.Output.WriteLine($"{FormatScore(r)}  {r.Architecture}");
                    io.Output.WriteLine($"  {settings}{(r.FromStore ? ", from store" : $", {r.Seconds:F2} s")}");
                    break;
                case "csv":
                    io.Output.WriteLine("arch,score,status,seconds,from_store,space,dataset,data,batch_size,init_seed,relu_count,score_version");
                    foreach (var e in results)
                    {
                        io.Output.WriteLine(string.Join(',', Csv(e.Architecture), FormatScore(e), e.Status.ToString().ToLowerInvariant(),
                            e.Seconds.ToString("F3", CultureInfo.InvariantCulture), e.FromStore ? "1" : "0", space.Name, dataset.Name, Csv(batch.Source),
                            batch.Count, options.InitSeed, options.ReluCount.ToString().ToLowerInvariant(), Scoring.ScoreOptions.ScoreVersion));
                    }
                    break;
                default:
                    var json = results.Select(e => new
                    {
                        arch = e.Architecture,
                        score = double.IsFinite(e.Score) ? e.Score : (double?)null,
                        status = e.Status.ToString().ToLowerInvariant(),
                        message = e.Message,
                        seconds = e.Seconds,
                        from_store = e.FromStore,
                        settings = new
                        {
                            space = space.Name,
                            dataset = dataset.Name,
                            data = batch.Source,
                            data_key = evaluator.DataKey,
                            batch_size = batch.Count,
                            init_seed = options.InitSeed,
                            relu_count = options.ReluCount.ToString().ToLowerInvariant(),
                            score_version = Scoring.ScoreOptions.ScoreVersion,
                        },
                    });
                    io.Output.WriteLine(JsonSerializer.Serialize(p.GetValue(archsFile) is null ? json.First() : (object)json.ToList(), OutputFormat.Json));
                    break;
            }
            return Task.FromResult(results.Any(e => e.Status == ScoreStatus.Failed) ? 3 : 0);
        });
        return command;
    }

    /// <summary>−∞ for a singular kernel, "nan" for a failure: never a silent number.</summary>
    public static string FormatScore(Evaluation e) => e.Status switch
    {
        ScoreStatus.Ok => e.Score.ToString("F3", CultureInfo.InvariantCulture),
        ScoreStatus.Singular => "-inf",
        _ => "nan",
    };

    private static List<string> ReadArchitectures(ISearchSpace space, string? arch, string? file)
    {
        if ((arch is null) == (file is null)) throw new NaswotException("give exactly one of --arch or --archs-file");
        if (arch is not null) return [space.Canonicalize(arch)];
        var lines = new List<string>();
        using var reader = file == "-" ? Console.In : OpenText(file!);
        int number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line) || line.TrimStart().StartsWith('#')) continue;
            try
            {
                lines.Add(space.Canonicalize(line));
            }
            catch (ArchitectureException e)
            {
                throw new ArchitectureException($"{file} line {number}: {e.Message}");
            }
        }
        if (lines.Count == 0) throw new NaswotException($"{file}: no architectures (expected one per line)");
        return lines;
    }

    private static StreamReader OpenText(string path)
    {
        if (!File.Exists(path)) throw new NaswotException($"{path}: file not found (expected one architecture per line)");
        return new StreamReader(path);
    }

    private static string Csv(string field) => field.Contains(',') || field.Contains('"') ? $"\"{field.Replace("\"", "\"\"")}\"" : field;
}
