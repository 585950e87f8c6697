using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Naswot.Data;

namespace Naswot.Store;

/// <summary>
/// Scores kept between runs, keyed by <see cref="ScoreKey"/>: one SQLite file in WAL mode, or a PostgreSQL database
/// that many machines share. Every write is a transaction, so a process killed mid-run loses at most the rows it had
/// not committed and never damages the store.
/// </summary>
/// <remarks>
/// One instance owns one connection and is for one thread; other processes and instances may read and write the
/// same store at the same time. A score is stored as status + nullable number, because SQLite's REAL does not
/// reliably carry ±∞: 'ok' rows hold the finite value, 'singular' means −∞, 'failed' has none.
/// A store is used only once it is recognised as ours (the schema version, our table and its columns); anything
/// else is refused before a byte of it changes. Rows are checked as they are read: a damaged one is never served,
/// it is listed in <see cref="DamagedRows"/> and treated as missing. The two databases differ only in a
/// <see cref="StoreBackend"/>: the key, the statements and the checks of what is read are the same.
/// </remarks>
public sealed class ScoreStore : IDisposable
{
    /// <summary>Environment variable that overrides the default file (or names a PostgreSQL database).</summary>
    public const string PathVariable = "NASWOT_STORE";

    /// <summary>The layout this code reads and writes, kept in SQLite's <c>user_version</c> or <c>naswot.meta</c>; version 1 files are migrated on open.</summary>
    internal const int SchemaVersion = 2;

    // Architecture last, so a lookup of many cells under one setting walks one stretch of the key.
    internal const string KeyColumns =
        "space, network, dataset, data_key, batch_size, batch_selection, batch_seed, init_seed, proxy, proxy_version, proxy_settings, architecture";

    internal const string ValueColumns = "status, score, message, seconds, created_at, naswot_version";

    internal const string AllColumns = KeyColumns + ", " + ValueColumns;

    private const string SettingMatches =
        "space = @space AND network = @network AND dataset = @dataset AND data_key = @data_key AND batch_size = @batch_size"
        + " AND batch_selection = @batch_selection AND batch_seed = @batch_seed AND init_seed = @init_seed"
        + " AND proxy = @proxy AND proxy_version = @proxy_version AND proxy_settings = @proxy_settings";

    // Architectures per GetMany query: 12 key parameters stay far below SQLite's limit of 32,766 (PostgreSQL's is 65,535).
    private const int LookupChunk = 500;

    private static readonly TimeSpan DefaultBusyTimeout = TimeSpan.FromSeconds(10);

    private readonly StoreBackend _backend;
    private readonly List<string> _damaged = [];
    private readonly HashSet<string> _damagedSeen = [];
    private DbCommand? _put;
    private bool _writing;

    /// <summary>
    /// Opens or creates the store at <paramref name="location"/>: a file (its folder is created if needed), or a
    /// PostgreSQL connection string or URI (see <see cref="IsDatabase"/>), whose schema is created if it has none.
    /// </summary>
    /// <exception cref="StoreException">The store cannot be opened or is not a score store; it is left as it was.</exception>
    /// <exception cref="NaswotException">The location looks like a connection string but is not a valid one.</exception>
    public ScoreStore(string location) : this(location, readOnly: false, DefaultBusyTimeout)
    {
    }

    /// <param name="readOnly">Open an existing store to read only: never created, migrated or switched to WAL.</param>
    /// <param name="busyTimeout">How long a statement waits for another process's lock on a file before the store reports it locked.</param>
    internal ScoreStore(string location, bool readOnly, TimeSpan busyTimeout)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(location);
        _backend = IsDatabase(location)
            ? new PostgresBackend(PostgresLocation.Parse(location), readOnly)
            : new SqliteBackend(location, readOnly, busyTimeout);
        Path = _backend.Location;
    }

    /// <summary>Opens the existing store at <paramref name="location"/> to read only; nothing in it changes.</summary>
    /// <exception cref="StoreException">There is no file or database, or it is not a score store of this version.</exception>
    public static ScoreStore OpenReadOnly(string location) => new(location, readOnly: true, DefaultBusyTimeout);

    /// <summary>
    /// Whether <paramref name="location"/> names a PostgreSQL database rather than a file: a <c>postgresql://</c> URI,
    /// or a connection string with <c>Host=</c> (<c>Host=db;Database=naswot;Username=me</c>).
    /// </summary>
    public static bool IsDatabase(string location) => PostgresLocation.IsPostgres(location);

    /// <summary>How messages name the store at <paramref name="location"/>: as <see cref="Path"/> would, without opening it.</summary>
    /// <exception cref="NaswotException">The location looks like a connection string but is not a valid one.</exception>
    public static string DisplayName(string location) =>
        IsDatabase(location) ? PostgresLocation.Parse(location).Display : System.IO.Path.GetFullPath(location);

    /// <summary>The store file's full path, or the database as <c>postgresql://user@host:port/database</c> (never its password).</summary>
    public string Path { get; }

    /// <summary>The rows are in a PostgreSQL database, not a file.</summary>
    public bool InDatabase => _backend is PostgresBackend;

    /// <summary>Opened with <see cref="OpenReadOnly"/>.</summary>
    public bool IsReadOnly => _backend.IsReadOnly;

    /// <summary>
    /// Why the store stopped taking writes: the first write that failed (disk full, read-only, locked), or a file
    /// that opened read-only. After it, writers take no more rows in this process (each would fail the same way,
    /// and a lock costs the busy timeout every time); null while every write has succeeded.
    /// </summary>
    public StoreException? WriteFailure { get; private set; }

    /// <summary>Rows given to writers of this store that are not in the store because of <see cref="WriteFailure"/>.</summary>
    public int UnstoredRows { get; private set; }

    /// <summary>Rows found damaged while reading (a non-numeric score, an unknown status…), one line each: never served, treated as missing.</summary>
    public IReadOnlyList<string> DamagedRows => _damaged;

    /// <summary>
    /// The store to use: <paramref name="explicitPath"/> (the <c>--store</c> option) if given, else
    /// <c>$NASWOT_STORE</c>, else <c>$XDG_CACHE_HOME/naswot/scores.db</c>, else <c>~/.cache/naswot/scores.db</c>.
    /// Either of the first two may name a PostgreSQL database instead of a file.
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
    /// <exception cref="StoreException">The store cannot be read.</exception>
    public bool TryGet(ScoreKey key, [MaybeNullWhen(false)] out StoredScore score)
    {
        ArgumentNullException.ThrowIfNull(key);
        score = _backend.IsEmpty ? null : Guarded(() =>
        {
            using var command = _backend.Command($"SELECT {ValueColumns} FROM {_backend.Table} WHERE {SettingMatches} AND architecture = @architecture");
            BindSetting(command, key);
            StoreBackend.Bind(command, "@architecture", key.Architecture);
            using var reader = command.ExecuteReader();
            return reader.Read() ? Checked(key, reader, 0) : null;
        });
        return score is not null;
    }

    /// <summary>The stored scores of those <paramref name="keys"/> that have one; one query per setting and 500 cells.</summary>
    /// <exception cref="StoreException">The store cannot be read.</exception>
    public IReadOnlyDictionary<ScoreKey, StoredScore> GetMany(IEnumerable<ScoreKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return _backend.IsEmpty ? new Dictionary<ScoreKey, StoredScore>() : Guarded(() => Lookup(keys));
    }

    /// <summary>
    /// Every row of the store, key and score, in key order; a damaged row goes to <paramref name="damaged"/> (one
    /// line naming it and its problem) instead. Reads one row at a time, for stores of any size.
    /// </summary>
    /// <exception cref="StoreException">The store cannot be read.</exception>
    public IEnumerable<KeyValuePair<ScoreKey, StoredScore>> ReadAll(Action<string> damaged)
    {
        ArgumentNullException.ThrowIfNull(damaged);
        if (_backend.IsEmpty) yield break;
        // Text in byte order on both databases (SQLite's BINARY, PostgreSQL's "C"), so exports of equal stores are equal.
        string order = _backend is PostgresBackend
            ? string.Join(", ", KeyColumns.Split(", ").Select(c => c is "batch_size" or "batch_seed" or "init_seed" or "proxy_version" ? c : c + " COLLATE \"C\""))
            : KeyColumns;
        using var command = Guarded(() => _backend.Command($"SELECT {AllColumns} FROM {_backend.Table} ORDER BY {order}"));
        using var reader = Guarded(command.ExecuteReader);
        while (Guarded(reader.Read))
        {
            var row = Guarded(() => StoredRows.RowOf(reader));
            if (row.Problem is null) yield return KeyValuePair.Create(row.Key!, row.Score!);
            else damaged(row.Problem);
        }
    }

    /// <summary>Rows in the store, damaged ones included.</summary>
    /// <exception cref="StoreException">The store cannot be read.</exception>
    public long Count() => _backend.IsEmpty ? 0 : Guarded(() =>
    {
        using var command = _backend.Command($"SELECT count(*) FROM {_backend.Table}");
        return (long)command.ExecuteScalar()!;
    });

    /// <summary>
    /// Rewrites the file without free pages, or with <paramref name="into"/> writes a compact copy there (a
    /// consistent backup, even while other processes write); on PostgreSQL, vacuums and analyses the table.
    /// </summary>
    /// <exception cref="StoreException">The store (or the copy) cannot be written.</exception>
    /// <exception cref="NaswotException"><paramref name="into"/> with a PostgreSQL store: copy it with export or pg_dump.</exception>
    public void Vacuum(string? into = null) => Guarded(() =>
    {
        _backend.Vacuum(into);
        return 0;
    });

    /// <summary>Bytes the rows take (the file, or the table with its index) and those of a write-ahead log not yet folded in.</summary>
    /// <exception cref="StoreException">The store cannot be read.</exception>
    public (long Bytes, long LogBytes) Size() => Guarded(_backend.Size);

    private Dictionary<ScoreKey, StoredScore> Lookup(IEnumerable<ScoreKey> keys)
    {
        var found = new Dictionary<ScoreKey, StoredScore>();
        foreach (var setting in keys.Distinct().GroupBy(key => key with { Architecture = "" }))
        {
            foreach (var chunk in setting.Chunk(LookupChunk))
            {
                var names = chunk.Select((_, i) => "@a" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
                using var command = _backend.Command(
                    $"SELECT architecture, {ValueColumns} FROM {_backend.Table} WHERE {SettingMatches} AND architecture IN ({string.Join(", ", names)})");
                BindSetting(command, setting.Key);
                for (int i = 0; i < chunk.Length; i++) StoreBackend.Bind(command, names[i], chunk[i].Architecture);
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    if (reader.GetFieldType(0) != typeof(string)) continue; // cannot match a key: not ours to judge
                    var key = setting.Key with { Architecture = reader.GetString(0) };
                    if (Checked(key, reader, 1) is { } score) found[key] = score;
                }
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
        if (_backend.CannotWrite is { } cannot) throw cannot;
        try
        {
            Begin();
            foreach (var (key, score) in scores) Upsert(key, score);
            Commit();
        }
        catch (Exception e)
        {
            Abandon();
            if (_backend.IsFailure(e)) throw _backend.Failure(e);
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
        if (IsReadOnly) throw new InvalidOperationException("the store was opened read-only");
        if (_writing) throw new InvalidOperationException("a writer of this store is still open");
        // A file that opened read-only fails its writer's first row, as any failed write does.
        WriteFailure ??= _backend.CannotWrite;
        _writing = true;
        return new ScoreWriter(this, rowsPerCommit, maxDelay ?? TimeSpan.FromSeconds(2));
    }

    /// <summary>Runs the database's consistency check (SQLite's integrity check; PostgreSQL reads every page of the table); "ok" when sound.</summary>
    /// <exception cref="StoreException">The store cannot be read at all.</exception>
    public string CheckIntegrity() => Guarded(_backend.CheckIntegrity);

    /// <summary>Closes the connection; a transaction still open (a writer not disposed) is rolled back.</summary>
    public void Dispose()
    {
        _put?.Dispose();
        _backend.Dispose();
    }

    /// <summary>Runs one statement on this store's file: tests limit the file (<c>max_page_count</c>) or forbid writes (<c>query_only</c>) through SQLite itself.</summary>
    internal void Pragma(string statement) => ((SqliteBackend)_backend).Execute(statement);

    /// <summary>A failure of the database or its connection, which a writer records instead of throwing it raw.</summary>
    internal bool IsFailure(Exception e) => _backend.IsFailure(e);

    /// <summary>
    /// A writer's write failed: its transaction is rolled back, <paramref name="lost"/> rows are not stored, and
    /// the store takes no more writes. Returns the failure, named as the user can act on it.
    /// </summary>
    internal StoreException FailWrites(Exception e, int lost)
    {
        Abandon();
        WriteFailure ??= _backend.Failure(e);
        UnstoredRows += lost;
        return WriteFailure;
    }

    /// <summary>A row a writer was given after <see cref="WriteFailure"/>: not stored.</summary>
    internal void CountUnstored() => UnstoredRows++;

    internal void Begin() => _backend.Begin();

    internal void Commit() => _backend.Commit();

    internal void EndWriting() => _writing = false;

    private void Abandon() => _backend.Abandon();

    internal void Upsert(ScoreKey key, StoredScore score)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(score);
        // ON CONFLICT … DO UPDATE is SQLite's (3.24 on) and PostgreSQL's: one statement for both.
        _put ??= _backend.Command(
            $"INSERT INTO {_backend.Table} ({AllColumns}) VALUES (@space, @network, @dataset, @data_key, @batch_size, @batch_selection,"
            + " @batch_seed, @init_seed, @proxy, @proxy_version, @proxy_settings, @architecture, @status, @score, @message, @seconds, @created_at, @naswot_version)"
            + $" ON CONFLICT ({KeyColumns}) DO UPDATE SET "
            + string.Join(", ", ValueColumns.Split(", ").Select(c => $"{c} = excluded.{c}")));
        _put.Transaction = _backend.Transaction;
        _put.Parameters.Clear();
        BindSetting(_put, key);
        StoreBackend.Bind(_put, "@architecture", key.Architecture);
        StoreBackend.Bind(_put, "@status", StoredRows.StatusName(score.Status));
        StoreBackend.Bind(_put, "@score", score.Status == ScoreStatus.Ok ? score.Score : null);
        StoreBackend.Bind(_put, "@message", score.Message);
        StoreBackend.Bind(_put, "@seconds", score.Seconds);
        StoreBackend.Bind(_put, "@created_at", score.CreatedAt.ToString("O", CultureInfo.InvariantCulture));
        StoreBackend.Bind(_put, "@naswot_version", score.NaswotVersion);
        _put.ExecuteNonQuery();
    }

    private static void BindSetting(DbCommand command, ScoreKey key)
    {
        StoreBackend.Bind(command, "@space", key.Space);
        StoreBackend.Bind(command, "@network", key.Network);
        StoreBackend.Bind(command, "@dataset", key.Dataset);
        StoreBackend.Bind(command, "@data_key", key.DataKey);
        StoreBackend.Bind(command, "@batch_size", (long)key.Batch.Count);
        StoreBackend.Bind(command, "@batch_selection", key.Batch.Seed is null ? "first" : "random");
        // Both databases' integers are signed 64-bit: seeds keep their bits.
        StoreBackend.Bind(command, "@batch_seed", unchecked((long)(key.Batch.Seed ?? 0)));
        StoreBackend.Bind(command, "@init_seed", unchecked((long)key.InitSeed));
        StoreBackend.Bind(command, "@proxy", key.Proxy);
        StoreBackend.Bind(command, "@proxy_version", (long)key.ProxyVersion);
        StoreBackend.Bind(command, "@proxy_settings", key.ProxySettings);
    }

    /// <summary>
    /// The row's value if every field is what this code writes; otherwise the row is recorded as damaged (once)
    /// and read as missing, so it is recomputed and replaced, never served.
    /// </summary>
    private StoredScore? Checked(ScoreKey key, DbDataReader reader, int first)
    {
        var (score, problem) = StoredRows.ValueOf(reader, first);
        if (problem is null) return score;
        string line = $"{key.Space} {key.Dataset} {key.Proxy} '{key.Architecture}': {problem}";
        if (_damagedSeen.Add(line)) _damaged.Add(line);
        return null;
    }

    /// <summary>Runs a read or write; a database or file-system failure becomes a <see cref="StoreException"/> naming the store.</summary>
    private T Guarded<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (_backend.IsFailure(e))
        {
            throw _backend.Failure(e);
        }
    }
}
