using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Naswot.Data;

namespace Naswot.Store;

/// <summary>
/// Scores on disk, one SQLite file in WAL mode, keyed by <see cref="ScoreKey"/>. Every write is a transaction,
/// so a process killed mid-run loses at most the rows it had not committed and never damages the file.
/// </summary>
/// <remarks>
/// One instance owns one connection and is for one thread; other processes and instances may read and write the
/// same file at the same time. A score is stored as status + nullable REAL, because SQLite's REAL does not
/// reliably carry ±∞: 'ok' rows hold the finite value, 'singular' means −∞, 'failed' has none.
/// A file is used only once it is recognised as a store of ours (schema version in <c>user_version</c>, our one
/// table and its columns); anything else is refused before a byte of it changes. Rows are checked as they are
/// read: a damaged one is never served, it is listed in <see cref="DamagedRows"/> and treated as missing.
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

    // The columns of version 1 (NB201 NASWOT scores only), recognised for the migration.
    private const string Version1Columns =
        "space, dataset, data_key, batch_size, batch_selection, batch_seed, init_seed, relu_count, score_version, architecture, " + ValueColumns;

    // Architectures per GetMany query: 12 key parameters stay far below SQLite's limit of 32,766.
    private const int LookupChunk = 500;

    private static readonly TimeSpan DefaultBusyTimeout = TimeSpan.FromSeconds(10);

    private SqliteConnection _connection;
    private readonly List<string> _damaged = [];
    private readonly HashSet<string> _damagedSeen = [];
    private SqliteTransaction? _transaction;
    private SqliteCommand? _put;
    private bool _writing;
    private StoreException? _cannotWrite;
    private bool _noTable;

    /// <summary>Opens or creates the store at <paramref name="path"/>, creating its folder if needed.</summary>
    /// <exception cref="StoreException">The file cannot be opened or is not a score store; it is left as it was.</exception>
    public ScoreStore(string path) : this(path, readOnly: false, DefaultBusyTimeout)
    {
    }

    /// <param name="readOnly">Open an existing store to read only: never created, migrated or switched to WAL.</param>
    /// <param name="busyTimeout">How long a statement waits for another process's lock before the store reports it locked.</param>
    internal ScoreStore(string path, bool readOnly, TimeSpan busyTimeout)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        IsReadOnly = readOnly;
        try
        {
            if (Directory.Exists(Path)) throw new StoreException(Path, StoreProblem.NotAStore, "a folder");
            if (readOnly && !File.Exists(Path)) throw new StoreException(Path, StoreProblem.Missing, "");
            string? folder = System.IO.Path.GetDirectoryName(Path);
            if (folder is not null && !readOnly) Directory.CreateDirectory(folder);
            _connection = Connect(readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate, busyTimeout, immutable: false);
            try
            {
                PrepareSchema();
            }
            catch (SqliteException e) when ((e.SqliteErrorCode & 0xFF) is 8 or 14 && CannotWrite())
            {
                // A WAL file in a folder this process may not write: SQLite cannot make the shared-memory index it
                // reads through. Nobody can write the file then, so read it as the immutable file it is.
                _connection.Dispose();
                _connection = Connect(SqliteOpenMode.ReadOnly, busyTimeout, immutable: true);
                PrepareSchema();
                _cannotWrite = new StoreException(Path, StoreProblem.ReadOnly, "the file and its folder cannot be written");
            }
        }
        catch (Exception e)
        {
            _connection?.Dispose();
            if (e is StoreException or SqliteException or IOException or UnauthorizedAccessException) throw StoreException.From(Path, e);
            throw;
        }
    }

    // No pooling: Dispose must really close the file, so that the next open (or another process) starts clean.
    private SqliteConnection Connect(SqliteOpenMode mode, TimeSpan busyTimeout, bool immutable)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = immutable ? "file:" + Uri.EscapeDataString(Path).Replace("%2F", "/", StringComparison.Ordinal) + "?immutable=1" : Path,
            Pooling = false,
            Mode = mode,
            // Microsoft.Data.Sqlite retries a busy statement itself until this many seconds pass (30 by default),
            // on top of SQLite's busy timeout: both are the one wait a lock may cost.
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(busyTimeout.TotalSeconds)),
        };
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = FormattableString.Invariant($"PRAGMA busy_timeout = {(long)busyTimeout.TotalMilliseconds}");
            command.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Opens the existing store at <paramref name="path"/> to read only; nothing in the file changes.</summary>
    /// <exception cref="StoreException">There is no file, or it is not a score store of this version.</exception>
    public static ScoreStore OpenReadOnly(string path) => new(path, readOnly: true, DefaultBusyTimeout);

    /// <summary>The store file's full path.</summary>
    public string Path { get; }

    /// <summary>Opened with <see cref="OpenReadOnly"/>.</summary>
    public bool IsReadOnly { get; }

    /// <summary>
    /// Why the store stopped taking writes: the first write that failed (disk full, read-only, locked), or a file
    /// that opened read-only. After it, writers take no more rows in this process (each would fail the same way,
    /// and a lock costs the busy timeout every time); null while every write has succeeded.
    /// </summary>
    public StoreException? WriteFailure { get; private set; }

    /// <summary>Rows given to writers of this store that are not in the file because of <see cref="WriteFailure"/>.</summary>
    public int UnstoredRows { get; private set; }

    /// <summary>Rows found damaged while reading (a non-numeric score, an unknown status…), one line each: never served, treated as missing.</summary>
    public IReadOnlyList<string> DamagedRows => _damaged;

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
    /// <exception cref="StoreException">The file cannot be read.</exception>
    public bool TryGet(ScoreKey key, [MaybeNullWhen(false)] out StoredScore score)
    {
        ArgumentNullException.ThrowIfNull(key);
        score = _noTable ? null : Guarded(() =>
        {
            using var command = Command($"SELECT {ValueColumns} FROM scores WHERE {SettingMatches} AND architecture = $architecture");
            BindSetting(command, key);
            command.Parameters.AddWithValue("$architecture", key.Architecture);
            using var reader = command.ExecuteReader();
            return reader.Read() ? Checked(key, reader, 0) : null;
        });
        return score is not null;
    }

    /// <summary>The stored scores of those <paramref name="keys"/> that have one; one query per setting and 500 cells.</summary>
    /// <exception cref="StoreException">The file cannot be read.</exception>
    public IReadOnlyDictionary<ScoreKey, StoredScore> GetMany(IEnumerable<ScoreKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return _noTable ? new Dictionary<ScoreKey, StoredScore>() : Guarded(() => Lookup(keys));
    }

    /// <summary>
    /// Every row of the store, key and score; a damaged row goes to <paramref name="damaged"/> (one line naming it
    /// and its problem) instead. Reads one row at a time, for stores of any size.
    /// </summary>
    /// <exception cref="StoreException">The file cannot be read.</exception>
    public IEnumerable<KeyValuePair<ScoreKey, StoredScore>> ReadAll(Action<string> damaged)
    {
        ArgumentNullException.ThrowIfNull(damaged);
        if (_noTable) yield break;
        using var command = Guarded(() => Command($"SELECT {KeyColumns}, {ValueColumns} FROM scores ORDER BY {KeyColumns}"));
        using var reader = Guarded(command.ExecuteReader);
        while (Guarded(reader.Read))
        {
            var row = Guarded(() => RowOf(reader));
            if (row.Problem is null) yield return KeyValuePair.Create(row.Key!, row.Score!);
            else damaged(row.Problem);
        }
    }

    /// <summary>Rows in the store, damaged ones included.</summary>
    /// <exception cref="StoreException">The file cannot be read.</exception>
    public long Count() => _noTable ? 0 : Guarded(() =>
    {
        using var command = Command("SELECT count(*) FROM scores");
        return (long)command.ExecuteScalar()!;
    });

    /// <summary>
    /// Rewrites the file without free pages, or with <paramref name="into"/> writes a compact copy there (a
    /// consistent backup, even while other processes write).
    /// </summary>
    /// <exception cref="StoreException">The file (or the copy) cannot be written.</exception>
    public void Vacuum(string? into = null) => Guarded(() =>
    {
        if (into is null)
        {
            Execute("PRAGMA wal_checkpoint(TRUNCATE)");
            Execute("VACUUM");
        }
        else
        {
            using var command = Command("VACUUM INTO $into");
            command.Parameters.AddWithValue("$into", System.IO.Path.GetFullPath(into));
            command.ExecuteNonQuery();
        }
        return 0;
    });

    private Dictionary<ScoreKey, StoredScore> Lookup(IEnumerable<ScoreKey> keys)
    {
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
        if (_cannotWrite is not null) throw _cannotWrite;
        try
        {
            Begin();
            foreach (var (key, score) in scores) Upsert(key, score);
            Commit();
        }
        catch (Exception e)
        {
            Abandon();
            if (e is SqliteException) throw StoreException.From(Path, e);
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
        WriteFailure ??= _cannotWrite;
        _writing = true;
        return new ScoreWriter(this, rowsPerCommit, maxDelay ?? TimeSpan.FromSeconds(2));
    }

    /// <summary>Runs SQLite's full consistency check; "ok" when the file is sound.</summary>
    /// <exception cref="StoreException">The file cannot be read at all.</exception>
    public string CheckIntegrity() => Guarded(() =>
    {
        var messages = new List<string>();
        try
        {
            using var command = Command("PRAGMA integrity_check");
            using var reader = command.ExecuteReader();
            while (reader.Read()) messages.Add(reader.GetString(0));
        }
        catch (SqliteException e) when ((e.SqliteErrorCode & 0xFF) == 11)
        {
            // So damaged that the check itself stops: that is its finding.
            messages.Add(e.Message.ReplaceLineEndings(" "));
        }
        return string.Join("; ", messages);
    });

    /// <summary>Closes the file; a transaction still open (a writer not disposed) is rolled back.</summary>
    public void Dispose()
    {
        Abandon();
        _put?.Dispose();
        _connection.Dispose();
    }

    /// <summary>Runs one statement on this store's connection: tests limit the file (<c>max_page_count</c>) or forbid writes (<c>query_only</c>) through SQLite itself.</summary>
    internal void Pragma(string statement) => Execute(statement);

    /// <summary>
    /// A writer's write failed: its transaction is rolled back, <paramref name="lost"/> rows are not stored, and
    /// the store takes no more writes. Returns the failure, named as the user can act on it.
    /// </summary>
    internal StoreException FailWrites(Exception e, int lost)
    {
        Abandon();
        WriteFailure ??= StoreException.From(Path, e);
        UnstoredRows += lost;
        return WriteFailure;
    }

    /// <summary>A row a writer was given after <see cref="WriteFailure"/>: not stored.</summary>
    internal void CountUnstored() => UnstoredRows++;

    internal void Begin() => _transaction ??= _connection.BeginTransaction();

    internal void Commit()
    {
        _transaction?.Commit();
        _transaction?.Dispose();
        _transaction = null;
    }

    internal void EndWriting() => _writing = false;

    /// <summary>Rolls back an open transaction; SQLite may have rolled it back itself (a full disk), which is no error here.</summary>
    private void Abandon()
    {
        var transaction = _transaction;
        _transaction = null;
        if (transaction is null) return;
        try
        {
            transaction.Dispose();
        }
        catch (SqliteException)
        {
        }
        catch (InvalidOperationException)
        {
        }
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
    /// Recognises the file before anything is written to it: a new (empty) file gets the table, a version 1 store is
    /// migrated in place, a version 2 store is used; anything else is refused untouched. Creation and migration run
    /// in one write transaction that looks again, so two processes opening one old file migrate it once.
    /// </summary>
    private void PrepareSchema()
    {
        var found = Layout();
        if (found == FileLayout.Ours)
        {
            if (!IsReadOnly) EnableWal();
            return;
        }
        if (found is not (FileLayout.Empty or FileLayout.Version1)) throw Refused(found);
        if (IsReadOnly && found == FileLayout.Empty)
        {
            // A store whose first writer has not yet made its table (or was killed first): it holds no rows.
            _noTable = true;
            return;
        }
        if (IsReadOnly) throw new StoreException(Path, StoreProblem.NotAStore, "schema version 1: any scoring command migrates it");
        if (CannotWrite()) throw new StoreException(Path, StoreProblem.ReadOnly, found == FileLayout.Empty ? "cannot create the table" : "cannot migrate it from version 1");
        EnableWal();
        Execute("BEGIN IMMEDIATE");
        try
        {
            switch (Layout())
            {
                case FileLayout.Ours:
                    break;
                case FileLayout.Empty:
                    Execute(CreateTable("scores"));
                    break;
                case FileLayout.Version1:
                    MigrateFromVersion1();
                    break;
                case var other:
                    throw Refused(other);
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

    private enum FileLayout
    {
        Empty,
        Version1,
        Ours,
        OtherTables,
        OtherVersion,
        OtherColumns,
    }

    /// <summary>
    /// What the file holds, read without writing: its schema version, its objects and our table's columns, in one
    /// statement, so that a store another process is creating is seen before or after, never halfway.
    /// </summary>
    private FileLayout Layout()
    {
        long version;
        string[] objects, columns;
        using (var command = Command(
            "SELECT user_version,"
            + " (SELECT group_concat(type || ' ' || name, '|') FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'),"
            + " (SELECT group_concat(name, '|') FROM pragma_table_info('scores'))"
            + " FROM pragma_user_version"))
        using (var reader = command.ExecuteReader())
        {
            reader.Read();
            version = reader.GetInt64(0);
            objects = reader.IsDBNull(1) ? [] : reader.GetString(1).Split('|');
            columns = reader.IsDBNull(2) ? [] : reader.GetString(2).Split('|');
        }
        if (objects.Length == 0) return version == 0 ? FileLayout.Empty : FileLayout.OtherVersion;
        if (version is not (1 or SchemaVersion)) return version == 0 ? FileLayout.OtherTables : FileLayout.OtherVersion;
        if (objects is not ["table scores"]) return FileLayout.OtherTables;
        string expected = version == 1 ? Version1Columns : $"{KeyColumns}, {ValueColumns}";
        if (!columns.ToHashSet(StringComparer.Ordinal).SetEquals(expected.Split(", "))) return FileLayout.OtherColumns;
        return version == 1 ? FileLayout.Version1 : FileLayout.Ours;
    }

    private StoreException Refused(FileLayout layout)
    {
        long version = UserVersion();
        string detail = layout switch
        {
            _ when Objects().Count == 0 => $"schema version {version} without its table",
            FileLayout.OtherTables => $"a SQLite file of other tables: {string.Join(", ", Objects().Take(5))}",
            FileLayout.OtherColumns => $"schema version {version}, but its table 'scores' has other columns",
            _ => $"schema version {version}, this naswot reads {SchemaVersion} (and migrates 1)",
        };
        return new StoreException(Path, StoreProblem.NotAStore, detail);
    }

    private List<string> Objects()
    {
        using var command = Command("SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name");
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read()) names.Add($"'{reader.GetString(0)}'");
        return names;
    }

    /// <summary>
    /// WAL lets readers and one writer work at once. A file the process may not write stays as it is: it is
    /// read, and its first write fails as a read-only store's (see <see cref="WriteFailure"/>).
    /// </summary>
    private void EnableWal()
    {
        if (CannotWrite())
        {
            _cannotWrite = new StoreException(Path, StoreProblem.ReadOnly, "the file or its folder cannot be written");
            return;
        }
        Execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
    }

    /// <summary>SQLite opens a file it may not write read-only, without an error: ask it.</summary>
    private bool CannotWrite() => SQLitePCL.raw.sqlite3_db_readonly(_connection.Handle, "main") == 1;

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

    /// <summary>
    /// The row's value if every field is what this code writes; otherwise the row is recorded as damaged (once)
    /// and read as missing, so it is recomputed and replaced, never served.
    /// </summary>
    private StoredScore? Checked(ScoreKey key, SqliteDataReader reader, int first)
    {
        var (score, problem) = ValueOf(reader, first);
        if (problem is null) return score;
        string line = $"{key.Space} {key.Dataset} {key.Proxy} '{key.Architecture}': {problem}";
        if (_damagedSeen.Add(line)) _damaged.Add(line);
        return null;
    }

    /// <summary>A whole row, key included, as <see cref="ReadAll"/> gives it: its key and score, or what is wrong with it.</summary>
    private static (ScoreKey? Key, StoredScore? Score, string? Problem) RowOf(SqliteDataReader reader)
    {
        string Text(int i) => reader.GetFieldType(i) == typeof(string) ? reader.GetString(i) : $"<{Kind(reader, i)}>";
        string where = $"{Text(0)} {Text(2)} {Text(8)} '{Text(11)}'";
        for (int i = 0; i < 12; i++)
        {
            bool integer = i is 4 or 6 or 7 or 9;
            if (reader.GetFieldType(i) != (integer ? typeof(long) : typeof(string)))
                return (null, null, $"{where}: {reader.GetName(i)} is {Kind(reader, i)}; expected {(integer ? "an integer" : "text")}");
        }
        long batchSize = reader.GetInt64(4);
        string selection = reader.GetString(5);
        if (batchSize is < 1 or > int.MaxValue || selection is not ("first" or "random"))
            return (null, null, $"{where}: batch '{selection}' of {batchSize}; expected first or random of 1 or more");
        var batch = selection == "first" ? BatchSelection.First((int)batchSize) : BatchSelection.Random((int)batchSize, unchecked((ulong)reader.GetInt64(6)));
        long proxyVersion = reader.GetInt64(9);
        if (proxyVersion is < int.MinValue or > int.MaxValue) return (null, null, $"{where}: proxy_version {proxyVersion} is out of range");
        var key = new ScoreKey(reader.GetString(0), reader.GetString(11), reader.GetString(1), reader.GetString(2), reader.GetString(3), batch,
            unchecked((ulong)reader.GetInt64(7)), reader.GetString(8), (int)proxyVersion, reader.GetString(10));
        var (score, problem) = ValueOf(reader, 12);
        return problem is null ? (key, score, null) : (null, null, $"{where}: {problem}");
    }

    /// <summary>The stored value from <paramref name="first"/> on (status, score, message, seconds, created_at, naswot_version), checked field by field.</summary>
    private static (StoredScore? Score, string? Problem) ValueOf(SqliteDataReader reader, int first)
    {
        if (reader.GetFieldType(first) != typeof(string)) return (null, $"status is {Kind(reader, first)}; expected ok, singular or failed");
        ScoreStatus status;
        switch (reader.GetString(first))
        {
            case "ok": status = ScoreStatus.Ok; break;
            case "singular": status = ScoreStatus.Singular; break;
            case "failed": status = ScoreStatus.Failed; break;
            case var other: return (null, $"status '{Shorten(other)}'; expected ok, singular or failed");
        }
        int at = first + 1;
        double score;
        if (status == ScoreStatus.Ok)
        {
            // SQLite turns a REAL that is not a number into 0 when asked for a double: look at what is stored.
            if (reader.GetFieldType(at) != typeof(double)) return (null, $"score is {Kind(reader, at)}; expected a number");
            score = reader.GetDouble(at);
            if (!double.IsFinite(score)) return (null, $"score is {score}; expected a finite number");
        }
        else
        {
            if (!reader.IsDBNull(at)) return (null, $"a {reader.GetString(first)} row holds a score ({Kind(reader, at)})");
            score = status == ScoreStatus.Singular ? double.NegativeInfinity : double.NaN;
        }
        string? message = null;
        if (!reader.IsDBNull(first + 2))
        {
            if (reader.GetFieldType(first + 2) != typeof(string)) return (null, $"message is {Kind(reader, first + 2)}; expected text");
            message = reader.GetString(first + 2);
        }
        if (status == ScoreStatus.Failed && string.IsNullOrWhiteSpace(message)) return (null, "a failed row without its reason");
        var secondsType = reader.GetFieldType(first + 3);
        if (secondsType != typeof(double) && secondsType != typeof(long)) return (null, $"seconds is {Kind(reader, first + 3)}; expected a number");
        double seconds = reader.GetDouble(first + 3);
        if (!double.IsFinite(seconds) || seconds < 0) return (null, $"seconds is {seconds}; expected a duration of 0 or more");
        if (reader.GetFieldType(first + 4) != typeof(string)
            || !DateTimeOffset.TryParseExact(reader.GetString(first + 4), "O", CultureInfo.InvariantCulture, DateTimeStyles.None, out var created))
            return (null, $"created_at is {Kind(reader, first + 4)}; expected an ISO 8601 time");
        if (reader.GetFieldType(first + 5) != typeof(string)) return (null, $"naswot_version is {Kind(reader, first + 5)}; expected text");
        return (new StoredScore(status, score, message, seconds, created, reader.GetString(first + 5)), null);
    }

    /// <summary>What a field holds, for a message: "text 'abc'", "a number (1.5)", "empty", "a blob of 3 bytes".</summary>
    private static string Kind(SqliteDataReader reader, int i)
    {
        if (reader.IsDBNull(i)) return "empty";
        var type = reader.GetFieldType(i);
        if (type == typeof(string)) return $"text '{Shorten(reader.GetString(i))}'";
        if (type == typeof(double) || type == typeof(long)) return $"a number ({reader.GetDouble(i).ToString("R", CultureInfo.InvariantCulture)})";
        return $"a blob of {reader.GetStream(i).Length} bytes";
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

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

    /// <summary>Runs a read or write; a SQLite or file-system failure becomes a <see cref="StoreException"/> naming the file.</summary>
    private T Guarded<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            throw StoreException.From(Path, e);
        }
    }
}
