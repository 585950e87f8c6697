using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Naswot.Store;

/// <summary>
/// Scores on disk, one SQLite file in WAL mode, keyed by <see cref="ScoreKey"/>. Every write is a transaction,
/// so a process killed mid-run loses at most the rows it had not committed and never damages the file.
/// </summary>
/// <remarks>
/// One instance owns one connection and is for one thread; other processes and instances may read and write the
/// same file at the same time. A score is stored as status + nullable REAL, because SQLite's REAL does not
/// reliably carry ±∞: 'ok' rows hold the finite value, 'singular' means −∞, 'failed' has none.
/// </remarks>
public sealed class ScoreStore : IDisposable
{
    /// <summary>Environment variable that overrides the default file.</summary>
    public const string PathVariable = "NASWOT_STORE";

    /// <summary>The layout this code reads and writes, kept in SQLite's <c>user_version</c>; version 1 files are migrated on open.</summary>
    internal const int SchemaVersion = 2;

    // Architecture last, so a lookup of many cells under one setting walks one stretch of the key.
    private const string KeyColumns =
        "space, network, dataset, data_key, batch_size, batch_selection, batch_seed, init_seed, proxy, proxy_version, proxy_settings, architecture";

    private const string ValueColumns = "status, score, message, seconds, created_at, naswot_version";

    private const string SettingMatches =
        "space = $space AND network = $network AND dataset = $dataset AND data_key = $data_key AND batch_size = $batch_size"
        + " AND batch_selection = $batch_selection AND batch_seed = $batch_seed AND init_seed = $init_seed"
        + " AND proxy = $proxy AND proxy_version = $proxy_version AND proxy_settings = $proxy_settings";

    // Architectures per GetMany query: 12 key parameters stay far below SQLite's limit of 32,766.
    private const int LookupChunk = 500;

    private readonly SqliteConnection _connection;
    private SqliteTransaction? _transaction;
    private SqliteCommand? _put;
    private bool _writing;

    /// <summary>Opens or creates the store at <paramref name="path"/>, creating its folder if needed.</summary>
    /// <exception cref="NaswotException">The file cannot be opened or is not a score store.</exception>
    public ScoreStore(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        try
        {
            string? folder = System.IO.Path.GetDirectoryName(Path);
            if (folder is not null) Directory.CreateDirectory(folder);
            // No pooling: Dispose must really close the file, so that the next open (or another process) starts clean.
            var builder = new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false, Mode = SqliteOpenMode.ReadWriteCreate };
            _connection = new SqliteConnection(builder.ToString());
            _connection.Open();
            Execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 10000;");
            PrepareSchema();
        }
        catch (Exception e)
        {
            _connection?.Dispose();
            if (e is SqliteException or IOException or UnauthorizedAccessException)
                throw new NaswotException($"score store '{Path}': {OneLine(e.Message)}", e);
            throw;
        }
    }

    /// <summary>The store file's full path.</summary>
    public string Path { get; }

    /// <summary>
    /// The store file to use: <paramref name="explicitPath"/> (the <c>--store</c> option) if given, else
    /// <c>$NASWOT_STORE</c>, else <c>$XDG_CACHE_HOME/naswot/scores.db</c>, else <c>~/.cache/naswot/scores.db</c>.
    /// </summary>
    public static string ResolvePath(string? explicitPath = null) => ResolvePath(explicitPath, Environment.GetEnvironmentVariable);

    /// <summary>As <see cref="ResolvePath(string?)"/>, reading environment variables through <paramref name="environment"/>.</summary>
    public static string ResolvePath(string? explicitPath, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (!string.IsNullOrWhiteSpace(explicitPath)) return explicitPath;
        string? fromEnvironment = environment(PathVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment)) return fromEnvironment;
        string? cache = environment("XDG_CACHE_HOME");
        if (string.IsNullOrWhiteSpace(cache))
            cache = System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return System.IO.Path.Combine(cache, "naswot", "scores.db");
    }

    /// <summary>The stored score of <paramref name="key"/>, if there is one.</summary>
    public bool TryGet(ScoreKey key, [MaybeNullWhen(false)] out StoredScore score)
    {
        ArgumentNullException.ThrowIfNull(key);
        using var command = Command($"SELECT {ValueColumns} FROM scores WHERE {SettingMatches} AND architecture = $architecture");
        BindSetting(command, key);
        command.Parameters.AddWithValue("$architecture", key.Architecture);
        using var reader = command.ExecuteReader();
        score = reader.Read() ? ReadValue(reader, 0) : null;
        return score is not null;
    }

    /// <summary>The stored scores of those <paramref name="keys"/> that have one; one query per setting and 500 cells.</summary>
    public IReadOnlyDictionary<ScoreKey, StoredScore> GetMany(IEnumerable<ScoreKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var found = new Dictionary<ScoreKey, StoredScore>();
        foreach (var setting in keys.Distinct().GroupBy(key => key with { Architecture = "" }))
        {
            foreach (var chunk in setting.Chunk(LookupChunk))
            {
                var names = chunk.Select((_, i) => "$a" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
                using var command = Command(
                    $"SELECT architecture, {ValueColumns} FROM scores WHERE {SettingMatches} AND architecture IN ({string.Join(", ", names)})");
                BindSetting(command, setting.Key);
                for (int i = 0; i < chunk.Length; i++) command.Parameters.AddWithValue(names[i], chunk[i].Architecture);
                using var reader = command.ExecuteReader();
                while (reader.Read()) found[setting.Key with { Architecture = reader.GetString(0) }] = ReadValue(reader, 1);
            }
        }
        return found;
    }

    /// <summary>Stores <paramref name="score"/> under <paramref name="key"/>, replacing any earlier one, and commits.</summary>
    public void Put(ScoreKey key, StoredScore score) => PutMany([KeyValuePair.Create(key, score)]);

    /// <summary>Stores all <paramref name="scores"/> in one transaction: all of them or, if anything fails, none.</summary>
    public void PutMany(IEnumerable<KeyValuePair<ScoreKey, StoredScore>> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        if (_writing) throw new InvalidOperationException("a writer of this store is still open");
        Begin();
        try
        {
            foreach (var (key, score) in scores) Upsert(key, score);
            Commit();
        }
        catch
        {
            _transaction?.Rollback();
            _transaction?.Dispose();
            _transaction = null;
            throw;
        }
    }

    /// <summary>
    /// A writer for a long run: rows go into a transaction that is committed every <paramref name="rowsPerCommit"/>
    /// rows or <paramref name="maxDelay"/> (default 2 s) after its first row, whichever comes first, and on dispose.
    /// Only one writer per store at a time.
    /// </summary>
    public ScoreWriter BeginWriting(int rowsPerCommit = 256, TimeSpan? maxDelay = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rowsPerCommit);
        if (_writing) throw new InvalidOperationException("a writer of this store is still open");
        _writing = true;
        return new ScoreWriter(this, rowsPerCommit, maxDelay ?? TimeSpan.FromSeconds(2));
    }

    /// <summary>Runs SQLite's full consistency check; "ok" when the file is sound.</summary>
    public string CheckIntegrity()
    {
        using var command = Command("PRAGMA integrity_check");
        using var reader = command.ExecuteReader();
        var messages = new List<string>();
        while (reader.Read()) messages.Add(reader.GetString(0));
        return string.Join("; ", messages);
    }

    /// <summary>Commits what is pending and closes the file.</summary>
    public void Dispose()
    {
        _transaction?.Dispose();
        _transaction = null;
        _put?.Dispose();
        _connection.Dispose();
    }

    internal void Begin() => _transaction ??= _connection.BeginTransaction();

    internal void Commit()
    {
        _transaction?.Commit();
        _transaction?.Dispose();
        _transaction = null;
    }

    internal void EndWriting()
    {
        Commit();
        _writing = false;
    }

    internal void Upsert(ScoreKey key, StoredScore score)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(score);
        _put ??= Command(
            $"INSERT OR REPLACE INTO scores ({KeyColumns}, {ValueColumns}) VALUES ($space, $network, $dataset, $data_key, $batch_size, $batch_selection,"
            + " $batch_seed, $init_seed, $proxy, $proxy_version, $proxy_settings, $architecture, $status, $score, $message, $seconds, $created_at, $naswot_version)");
        _put.Transaction = _transaction;
        _put.Parameters.Clear();
        BindSetting(_put, key);
        _put.Parameters.AddWithValue("$architecture", key.Architecture);
        _put.Parameters.AddWithValue("$status", StatusName(score.Status));
        _put.Parameters.AddWithValue("$score", score.Status == ScoreStatus.Ok ? score.Score : DBNull.Value);
        _put.Parameters.AddWithValue("$message", (object?)score.Message ?? DBNull.Value);
        _put.Parameters.AddWithValue("$seconds", score.Seconds);
        _put.Parameters.AddWithValue("$created_at", score.CreatedAt.ToString("O", CultureInfo.InvariantCulture));
        _put.Parameters.AddWithValue("$naswot_version", score.NaswotVersion);
        _put.ExecuteNonQuery();
    }

    /// <summary>
    /// Creates the table in a new file, or migrates a version 1 file in place: in one write transaction that checks
    /// the version again, so two processes opening one old file migrate it once.
    /// </summary>
    private void PrepareSchema()
    {
        if (UserVersion() == SchemaVersion) return;
        Execute("BEGIN IMMEDIATE");
        try
        {
            switch (UserVersion())
            {
                case SchemaVersion:
                    break;
                case 0:
                    Execute(CreateTable("scores"));
                    break;
                case 1:
                    MigrateFromVersion1();
                    break;
                case var found:
                    throw new NaswotException($"score store '{Path}': schema version {found}, this naswot reads {SchemaVersion} (and migrates 1)");
            }
            Execute($"PRAGMA user_version = {SchemaVersion}");
            Execute("COMMIT");
        }
        catch
        {
            Execute("ROLLBACK");
            throw;
        }
    }

    /// <summary>
    /// Version 1 held NB201 NASWOT scores only, keyed by <c>relu_count</c> and one global <c>score_version</c>: they
    /// become rows of the naswot proxy (its version 1 is that score version) with no network settings. No score is
    /// recomputed.
    /// </summary>
    private void MigrateFromVersion1()
    {
        Execute(CreateTable("scores_v2"));
        Execute($"""
            INSERT INTO scores_v2 ({KeyColumns}, {ValueColumns})
            SELECT space, '', dataset, data_key, batch_size, batch_selection, batch_seed, init_seed,
                   'naswot', score_version, 'relu-count=' || relu_count, architecture, {ValueColumns}
            FROM scores;
            DROP TABLE scores;
            ALTER TABLE scores_v2 RENAME TO scores;
            """);
    }

    private static string CreateTable(string name) => $"""
        CREATE TABLE {name} (
            space TEXT NOT NULL,
            network TEXT NOT NULL,
            dataset TEXT NOT NULL,
            data_key TEXT NOT NULL,
            batch_size INTEGER NOT NULL,
            batch_selection TEXT NOT NULL,
            batch_seed INTEGER NOT NULL,
            init_seed INTEGER NOT NULL,
            proxy TEXT NOT NULL,
            proxy_version INTEGER NOT NULL,
            proxy_settings TEXT NOT NULL,
            architecture TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('ok', 'singular', 'failed')),
            score REAL CHECK ((status = 'ok') = (score IS NOT NULL)),
            message TEXT,
            seconds REAL NOT NULL,
            created_at TEXT NOT NULL,
            naswot_version TEXT NOT NULL,
            PRIMARY KEY ({KeyColumns})
        ) WITHOUT ROWID;
        """;

    private long UserVersion()
    {
        using var command = Command("PRAGMA user_version");
        return (long)command.ExecuteScalar()!;
    }

    private static void BindSetting(SqliteCommand command, ScoreKey key)
    {
        command.Parameters.AddWithValue("$space", key.Space);
        command.Parameters.AddWithValue("$network", key.Network);
        command.Parameters.AddWithValue("$dataset", key.Dataset);
        command.Parameters.AddWithValue("$data_key", key.DataKey);
        command.Parameters.AddWithValue("$batch_size", key.Batch.Count);
        command.Parameters.AddWithValue("$batch_selection", key.Batch.Seed is null ? "first" : "random");
        // SQLite integers are signed 64-bit: seeds keep their bits.
        command.Parameters.AddWithValue("$batch_seed", unchecked((long)(key.Batch.Seed ?? 0)));
        command.Parameters.AddWithValue("$init_seed", unchecked((long)key.InitSeed));
        command.Parameters.AddWithValue("$proxy", key.Proxy);
        command.Parameters.AddWithValue("$proxy_version", key.ProxyVersion);
        command.Parameters.AddWithValue("$proxy_settings", key.ProxySettings);
    }

    private static StoredScore ReadValue(SqliteDataReader reader, int first)
    {
        var status = reader.GetString(first) switch
        {
            "ok" => ScoreStatus.Ok,
            "singular" => ScoreStatus.Singular,
            "failed" => ScoreStatus.Failed,
            var other => throw new InvalidDataException($"unknown score status '{other}'"),
        };
        double score = status switch
        {
            ScoreStatus.Ok => reader.GetDouble(first + 1),
            ScoreStatus.Singular => double.NegativeInfinity,
            _ => double.NaN,
        };
        return new StoredScore(
            status,
            score,
            reader.IsDBNull(first + 2) ? null : reader.GetString(first + 2),
            reader.GetDouble(first + 3),
            DateTimeOffset.ParseExact(reader.GetString(first + 4), "O", CultureInfo.InvariantCulture),
            reader.GetString(first + 5));
    }

    private static string StatusName(ScoreStatus status) => status switch
    {
        ScoreStatus.Ok => "ok",
        ScoreStatus.Singular => "singular",
        ScoreStatus.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    private SqliteCommand Command(string sql)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = _transaction;
        return command;
    }

    private void Execute(string sql)
    {
        using var command = Command(sql);
        command.ExecuteNonQuery();
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
