using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Naswot.Cli.Errors;
using Naswot.Runtime;
using Naswot.Store;

namespace Naswot.Cli.Commands;

/// <summary>
/// `naswot store info|export|import|verify|vacuum`: inspect, check, back up and move the score store. Only vacuum
/// and import write to it; the others open it read-only and never create, migrate or change a file. Every store
/// here is a file or a PostgreSQL database (a connection string), so export and import move rows between SQLite,
/// PostgreSQL and CSV.
/// </summary>
internal static class StoreCommand
{
    private const string CsvHeader =
        "space,architecture,network,dataset,data_key,batch_size,batch_selection,batch_seed,init_seed,proxy,proxy_version,proxy_settings,status,score,message,seconds,created_at,naswot_version";

    public static Command Create(ConsoleIo io)
    {
        var command = new Command("store", "Inspect, check, back up and move the score store");
        command.Subcommands.Add(Info(io));
        command.Subcommands.Add(Export(io));
        command.Subcommands.Add(Import(io));
        command.Subcommands.Add(Verify(io));
        command.Subcommands.Add(Vacuum(io));
        return command;
    }

    private static Option<string?> PathOption() =>
        new("--store") { Description = $"Score store file or PostgreSQL connection string (default: ${ScoreStore.PathVariable} or ~/.cache/naswot/scores.db)" };

    private static string PathOf(ParseResult p, Option<string?> path) => ScoreStore.ResolvePath(p.GetValue(path));

    private static Command Info(ConsoleIo io)
    {
        var path = PathOption();
        var format = new OutputFormat("text", "json");
        var command = new Command("info", "What the store holds: its size and schema, and its rows by status and by setting");
        command.Options.Add(path);
        command.Options.Add(format.Option);
        command.SetAction(p =>
        {
            string outputFormat = format.Get(p);
            using var store = ScoreStore.OpenReadOnly(PathOf(p, path));
            var damaged = new List<string>();
            var statuses = new SortedDictionary<string, long>(StringComparer.Ordinal);
            var settings = new Dictionary<string, long>(StringComparer.Ordinal);
            var versions = new SortedSet<string>(StringComparer.Ordinal);
            DateTimeOffset? first = null, last = null;
            long rows = 0;
            foreach (var (key, score) in store.ReadAll(damaged.Add))
            {
                rows++;
                string status = score.Status.ToString().ToLowerInvariant();
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
                string setting = Setting(key);
                settings[setting] = settings.GetValueOrDefault(setting) + 1;
                versions.Add(score.NaswotVersion);
                if (first is null || score.CreatedAt < first) first = score.CreatedAt;
                if (last is null || score.CreatedAt > last) last = score.CreatedAt;
            }
            var (bytes, walBytes) = store.Size();
            var bySetting = settings.OrderByDescending(s => s.Value).ThenBy(s => s.Key, StringComparer.Ordinal).ToList();
            if (outputFormat == "json")
            {
                io.Output.WriteLine(JsonSerializer.Serialize(new
                {
                    path = store.Path,
                    schema_version = ScoreStore.SchemaVersion,
                    bytes,
                    wal_bytes = walBytes,
                    rows,
                    damaged_rows = damaged.Count,
                    statuses,
                    settings = bySetting.Select(s => new { setting = s.Key, rows = s.Value }),
                    first_written = first,
                    last_written = last,
                    naswot_versions = versions,
                }, OutputFormat.Json));
                return 0;
            }
            var o = io.Output;
            o.WriteLine($"score store {store.Path}");
            o.WriteLine($"  schema version {ScoreStore.SchemaVersion}, {MemoryBudget.Format(bytes)}{(walBytes > 0 ? $" (+ {MemoryBudget.Format(walBytes)} write-ahead log)" : "")}");
            o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {rows:N0} row{(rows == 1 ? "" : "s")}{(statuses.Count == 0 ? "" : ": " + string.Join(", ", statuses.Select(s => $"{s.Value:N0} {s.Key}")))}"));
            if (damaged.Count > 0) o.WriteLine($"  {damaged.Count} damaged rows (naswot store verify lists them)");
            foreach (var (setting, count) in bySetting) o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {count,9:N0}  {setting}"));
            if (first is not null)
                o.WriteLine($"  written {first:yyyy-MM-dd HH:mm} to {last:yyyy-MM-dd HH:mm} UTC by naswot {string.Join(", ", versions)}");
            return 0;
        });
        return command;
    }

    private static Command Export(ConsoleIo io)
    {
        var path = PathOption();
        var format = new OutputFormat("csv", "json");
        var output = new Option<string?>("--out") { Description = "Write to this file instead of standard output" };
        var command = new Command("export", "Every row of the store, with its whole key, as CSV (or JSON): to back up, share or load elsewhere");
        command.Options.Add(path);
        command.Options.Add(format.Option);
        command.Options.Add(output);
        command.SetAction(p =>
        {
            string outputFormat = format.Get(p);
            string? file = p.GetValue(output);
            if (file is not null) CheckOutputFolder("--out", file);
            using var store = ScoreStore.OpenReadOnly(PathOf(p, path));
            var damaged = new List<string>();
            long rows = 0;
            // Written beside the target, then moved over it: an interrupted export never leaves half a file.
            string? partial = file is null ? null : file + ".partial";
            using (var writer = partial is null ? null : OpenOutput(partial))
            {
                var o = writer ?? io.Output;
                try
                {
                    if (outputFormat == "csv") o.WriteLine(CsvHeader);
                    else o.WriteLine("[");
                    foreach (var (key, score) in store.ReadAll(damaged.Add))
                    {
                        if (outputFormat == "csv") o.WriteLine(CsvRow(key, score));
                        else o.WriteLine((rows == 0 ? "  " : ", ") + JsonSerializer.Serialize(JsonRow(key, score), OutputFormat.Json).ReplaceLineEndings(" "));
                        rows++;
                    }
                    if (outputFormat == "json") o.WriteLine("]");
                }
                catch (IOException e) when (partial is not null)
                {
                    throw OutputException.Writing($"--out {file}", e);
                }
            }
            if (partial is not null)
            {
                File.Move(partial, file!, overwrite: true);
                io.Error.WriteLine($"naswot: wrote {rows} rows to {file}");
            }
            return Damaged(io, store, damaged);
        });
        return command;
    }

    private static Command Import(ConsoleIo io)
    {
        var path = PathOption();
        var from = new Option<string>("--from")
        {
            Description = "Rows to add: a CSV file written by `naswot store export`, or another store (a file or a PostgreSQL connection string)",
            Required = true,
        };
        var command = new Command("import", "Add every row of a CSV export or of another store to this store; a row whose key is already there is replaced");
        command.Options.Add(path);
        command.Options.Add(from);
        command.SetAction(p =>
        {
            string source = p.GetValue(from)!;
            string target = PathOf(p, path);
            var damaged = new List<string>();
            using var store = new ScoreStore(target);
            long rows = 0;
            using (var writer = store.BeginWriting(rowsPerCommit: 1000))
            {
                foreach (var (key, score) in RowsOf(source, damaged.Add))
                {
                    writer.Add(key, score);
                    rows++;
                }
            }
            if (store.WriteFailure is { } failure) throw failure;
            io.Output.WriteLine($"imported {rows} rows from {Redacted(source)} into {store.Path}");
            if (damaged.Count == 0) return 0;
            io.Error.WriteLine(ErrorText.Line($"naswot: {damaged.Count} damaged rows of {Redacted(source)} left out (first: {damaged[0]})"));
            return ExitCodes.Store;
        });
        return command;
    }

    /// <summary>The rows of a CSV export (recognised by its header) or of a store, checked as the store checks what it reads.</summary>
    private static IEnumerable<KeyValuePair<ScoreKey, StoredScore>> RowsOf(string source, Action<string> damaged)
    {
        if (ScoreStore.IsDatabase(source) || !File.Exists(source) || !StartsWithHeader(source))
        {
            using var store = ScoreStore.OpenReadOnly(source);
            foreach (var row in store.ReadAll(damaged)) yield return row;
            yield break;
        }
        using var reader = new StreamReader(source);
        int line = 0;
        Csv.ReadRecord(reader, ref line);
        while (ReadCsvRow(reader, ref line, source) is { } fields)
        {
            var (key, score, problem) = CsvRowOf(fields);
            if (problem is null) yield return KeyValuePair.Create(key!, score!);
            else damaged($"line {line}: {problem}");
        }
    }

    private static List<string>? ReadCsvRow(StreamReader reader, ref int line, string source)
    {
        try
        {
            return Csv.ReadRecord(reader, ref line);
        }
        catch (FormatException e)
        {
            throw new NaswotException($"--from {ErrorText.Quote(source)}: {e.Message}", e);
        }
    }

    private static bool StartsWithHeader(string file)
    {
        using var reader = new StreamReader(file);
        return reader.ReadLine() == CsvHeader;
    }

    /// <summary>One row of <see cref="CsvHeader"/>'s columns, as <see cref="CsvRow"/> writes it, or what is wrong with it.</summary>
    private static (ScoreKey? Key, StoredScore? Score, string? Problem) CsvRowOf(List<string> f)
    {
        if (f.Count != 18) return (null, null, $"{f.Count} fields; expected 18");
        // Seeds are written unsigned, other integers signed; both keep their 64 bits.
        static bool Integer(string text, out long value)
        {
            if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value)) return true;
            bool parsed = ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong large);
            value = unchecked((long)large);
            return parsed;
        }
        string[] integers = ["batch_size", "batch_seed", "init_seed", "proxy_version"];
        long[] numbers = new long[4];
        int[] at = [5, 7, 8, 10];
        for (int i = 0; i < 4; i++)
            if (!Integer(f[at[i]], out numbers[i])) return (null, null, $"{integers[i]} '{f[at[i]]}'; expected an integer");
        var (key, keyProblem) = StoredRows.Key(f[0], f[1], f[2], f[3], f[4], numbers[0], f[6], numbers[1], numbers[2], f[9], numbers[3], f[11]);
        if (keyProblem is not null) return (null, null, keyProblem);
        double? score = null;
        if (f[12] == "ok")
        {
            if (!double.TryParse(f[13], NumberStyles.Float, CultureInfo.InvariantCulture, out double value)) return (null, null, $"score '{f[13]}'; expected a number");
            score = value;
        }
        else if (f[13] != (f[12] == "singular" ? "-inf" : "nan")) return (null, null, $"a {f[12]} row with score '{f[13]}'");
        if (!double.TryParse(f[15], NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds)) return (null, null, $"seconds '{f[15]}'; expected a number");
        var (stored, problem) = StoredRows.Value(f[12], score, f[14].Length == 0 ? null : f[14], seconds, f[16], f[17]);
        return (key, stored, problem);
    }

    private static string Redacted(string location) => ScoreStore.DisplayName(location);

    private static Command Verify(ConsoleIo io)
    {
        var path = PathOption();
        var command = new Command("verify", "Check the file (SQLite's integrity check) and every row's values; exit 0 only when all are sound");
        command.Options.Add(path);
        command.SetAction(p =>
        {
            using var store = ScoreStore.OpenReadOnly(PathOf(p, path));
            string integrity = store.CheckIntegrity();
            var damaged = new List<string>();
            long rows = 0;
            try
            {
                foreach (var _ in store.ReadAll(damaged.Add)) rows++;
            }
            catch (StoreException e) when (e.Problem == StoreProblem.Damaged)
            {
                // Rows past a damaged page cannot be read; the integrity check names the page.
                if (integrity == "ok") integrity = e.Message;
            }
            if (integrity == "ok" && damaged.Count == 0)
            {
                io.Output.WriteLine($"ok: {store.Path}: {rows} rows, every one sound");
                return 0;
            }
            if (integrity != "ok") io.Output.WriteLine(ErrorText.Line($"damaged file: {integrity}"));
            foreach (string row in damaged) io.Output.WriteLine(ErrorText.Line($"damaged row: {row}"));
            io.Output.WriteLine($"not sound: {store.Path}: {rows} sound rows, {damaged.Count} damaged rows{(integrity == "ok" ? "" : ", damaged pages")}; " +
                                "scoring commands recompute damaged rows; `naswot store export` saves the sound ones");
            return ExitCodes.Store;
        });
        return command;
    }

    private static Command Vacuum(ConsoleIo io)
    {
        var path = PathOption();
        var into = new Option<string?>("--into") { Description = "Write a compact copy to this new file (a consistent backup, even while others write) instead of compacting the store" };
        var command = new Command("vacuum", "Compact the store file, or with --into write a compact copy of it");
        command.Options.Add(path);
        command.Options.Add(into);
        command.SetAction(p =>
        {
            string file = PathOf(p, path);
            string? copy = p.GetValue(into);
            if (copy is not null)
            {
                CheckOutputFolder("--into", copy);
                if (File.Exists(copy) || Directory.Exists(copy)) throw new NaswotException($"--into {ErrorText.Quote(copy)}: already exists; give a new file");
                using var source = ScoreStore.OpenReadOnly(file);
                source.Vacuum(copy);
                io.Output.WriteLine($"wrote {copy}: {source.Count()} rows, {MemoryBudget.Format(new FileInfo(copy).Length)}");
                return 0;
            }
            if (ScoreStore.IsDatabase(file))
            {
                using var database = ScoreStore.OpenReadOnly(file);
                long size = database.Size().Bytes;
                database.Dispose();
                using var writable = new ScoreStore(file);
                writable.Vacuum();
                io.Output.WriteLine($"vacuumed {writable.Path}: {MemoryBudget.Format(size)} -> {MemoryBudget.Format(writable.Size().Bytes)}");
                return 0;
            }
            if (!File.Exists(file)) throw new StoreException(Path.GetFullPath(file), StoreProblem.Missing, "");
            long before = SizeOf(file);
            using (var store = new ScoreStore(file)) store.Vacuum();
            io.Output.WriteLine($"vacuumed {Path.GetFullPath(file)}: {MemoryBudget.Format(before)} -> {MemoryBudget.Format(SizeOf(file))}");
            return 0;
        });
        return command;
    }

    /// <summary>The store's file and its write-ahead log.</summary>
    private static long SizeOf(string file) => new FileInfo(file).Length + (File.Exists(file + "-wal") ? new FileInfo(file + "-wal").Length : 0);

    private static int Damaged(ConsoleIo io, ScoreStore store, List<string> damaged)
    {
        if (damaged.Count == 0) return 0;
        io.Error.WriteLine(ErrorText.Line($"naswot: score store '{store.Path}': {damaged.Count} damaged rows left out (first: {damaged[0]}); `naswot store verify` lists them"));
        return ExitCodes.Store;
    }

    private static void CheckOutputFolder(string option, string file)
    {
        string? folder = Path.GetDirectoryName(Path.GetFullPath(file));
        if (folder is null || !Directory.Exists(folder)) throw new NaswotException($"{option} {ErrorText.Quote(file)}: folder {folder} does not exist");
        if (Directory.Exists(file)) throw new NaswotException($"{option} {ErrorText.Quote(file)}: is a folder; expected a file name");
    }

    private static StreamWriter OpenOutput(string file)
    {
        try
        {
            return new StreamWriter(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw OutputException.Writing(file, e);
        }
    }

    /// <summary>"nb201 cifar10 first 128, init seed 1, naswot v1 (relu-count=reference)": the settings a row was scored under.</summary>
    private static string Setting(ScoreKey key) =>
        $"{key.Space}{Parenthesised(key.Network)} {key.Dataset} {key.Batch} ({key.DataKey}), init seed {key.InitSeed}, {key.Proxy} v{key.ProxyVersion}{Parenthesised(key.ProxySettings)}";

    private static string Parenthesised(string settings) => settings.Length == 0 ? "" : $" ({settings})";

    private static string Score(StoredScore score) => score.Status switch
    {
        ScoreStatus.Ok => score.Score.ToString("R", CultureInfo.InvariantCulture),
        ScoreStatus.Singular => "-inf",
        _ => "nan",
    };

    private static string CsvRow(ScoreKey key, StoredScore score) => string.Join(',',
        Csv.Field(key.Space), Csv.Field(key.Architecture), Csv.Field(key.Network), Csv.Field(key.Dataset), Csv.Field(key.DataKey),
        key.Batch.Count.ToString(CultureInfo.InvariantCulture), key.Batch.Seed is null ? "first" : "random",
        (key.Batch.Seed ?? 0).ToString(CultureInfo.InvariantCulture), key.InitSeed.ToString(CultureInfo.InvariantCulture), Csv.Field(key.Proxy),
        key.ProxyVersion.ToString(CultureInfo.InvariantCulture), Csv.Field(key.ProxySettings), score.Status.ToString().ToLowerInvariant(), Score(score),
        Csv.Field(score.Message ?? ""), score.Seconds.ToString("R", CultureInfo.InvariantCulture),
        score.CreatedAt.ToString("O", CultureInfo.InvariantCulture), Csv.Field(score.NaswotVersion));

    private static object JsonRow(ScoreKey key, StoredScore score) => new
    {
        space = key.Space,
        architecture = key.Architecture,
        network = key.Network,
        dataset = key.Dataset,
        data_key = key.DataKey,
        batch_size = key.Batch.Count,
        batch_selection = key.Batch.Seed is null ? "first" : "random",
        batch_seed = key.Batch.Seed ?? 0,
        init_seed = key.InitSeed,
        proxy = key.Proxy,
        proxy_version = key.ProxyVersion,
        proxy_settings = key.ProxySettings,
        status = score.Status.ToString().ToLowerInvariant(),
        score = score.Status == ScoreStatus.Ok ? score.Score : (double?)null,
        message = score.Message,
        seconds = score.Seconds,
        created_at = score.CreatedAt,
        naswot_version = score.NaswotVersion,
    };
}
