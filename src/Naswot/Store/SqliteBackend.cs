using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Naswot.Store;

/// <summary>
/// A store in one SQLite file in WAL mode. The file is used only once it is recognised as a store of ours (schema
/// version in <c>user_version</c>, our one table and its columns); anything else is refused before a byte of it
/// changes. Version 1 files are migrated on open.
/// </summary>
internal sealed class SqliteBackend : StoreBackend
{
    // The columns of version 1 (NB201 NASWOT scores only), recognised for the migration.
    private const string Version1Columns =
        "space, dataset, data_key, batch_size, batch_selection, batch_seed, init_seed, relu_count, score_version, architecture, " + ScoreStore.ValueColumns;

    private readonly string _path;
    private SqliteConnection _connection;
    private StoreException? _cannotWrite;
    private bool _noTable;

    /// <param name="readOnly">Open an existing store to read only: never created, migrated or switched to WAL.</param>
    /// <param name="busyTimeout">How long a statement waits for another process's lock before the store reports it locked.</param>
    public SqliteBackend(string path, bool readOnly, TimeSpan busyTimeout)
    {
        _path = Path.GetFullPath(path);
        IsReadOnly = readOnly;
        try
        {
            if (Directory.Exists(_path)) throw new StoreException(_path, StoreProblem.NotAStore, "a folder");
            if (readOnly && !File.Exists(_path)) throw new StoreException(_path, StoreProblem.Missing, "");
            string? folder = Path.GetDirectoryName(_path);
            if (folder is not null && !readOnly) Directory.CreateDirectory(folder);
            _connection = Connect(readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate, busyTimeout, immutable: false);
            try
            {
                PrepareSchema();
            }
            catch (SqliteException e) when ((e.SqliteErrorCode & 0xFF) is 8 or 14 && CannotWriteFile())
            {
                // A WAL file in a folder this process may not write: SQLite cannot make the shared-memory index it
                // reads through. Nobody can write the file then, so read it as the immutable file it is.
                _connection.Dispose();
                _connection = Connect(SqliteOpenMode.ReadOnly, busyTimeout, immutable: true);
                PrepareSchema();
                _cannotWrite = new StoreException(_path, StoreProblem.ReadOnly, "the file and its folder cannot be written");
            }
        }
        catch (Exception e)
        {
            _connection?.Dispose();
            if (e is StoreException || IsFailure(e)) throw StoreException.From(_path, e);
            throw;
        }
    }

    public override string Location => _path;

    public override string Table => "scores";

    public override bool IsReadOnly { get; }

    public override bool IsEmpty => _noTable;

    public override StoreException? CannotWrite => _cannotWrite;

    protected override DbConnection Connection => _connection;

    public override bool IsFailure(Exception e) => e is SqliteException or IOException or UnauthorizedAccessException;

    public override StoreException Failure(Exception e) => StoreException.From(_path, e);

    public override string CheckIntegrity()
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
    }

    public override void Vacuum(string? into)
    {
        if (into is null)
        {
            Execute("PRAGMA wal_checkpoint(TRUNCATE)");
            Execute("VACUUM");
            return;
        }
        using var command = Command("VACUUM INTO @into");
        Bind(command, "@into", Path.GetFullPath(into));
        command.ExecuteNonQuery();
    }

    public override (long Bytes, long LogBytes) Size() =>
        (new FileInfo(_path).Length, File.Exists(_path + "-wal") ? new FileInfo(_path + "-wal").Length : 0);

    public override void Dispose()
    {
        Abandon();
        _connection.Dispose();
    }

    /// <summary>Runs one statement on this store's connection: tests limit the file (<c>max_page_count</c>) or forbid writes (<c>query_only</c>) through SQLite itself.</summary>
    public void Execute(string sql)
    {
        using var command = Command(sql);
        command.ExecuteNonQuery();
    }

    // No pooling: Dispose must really close the file, so that the next open (or another process) starts clean.
    private SqliteConnection Connect(SqliteOpenMode mode, TimeSpan busyTimeout, bool immutable)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = immutable ? "file:" + Uri.EscapeDataString(_path).Replace("%2F", "/", StringComparison.Ordinal) + "?immutable=1" : _path,
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
        if (IsReadOnly) throw new StoreException(_path, StoreProblem.NotAStore, "schema version 1: any scoring command migrates it");
        if (CannotWriteFile()) throw new StoreException(_path, StoreProblem.ReadOnly, found == FileLayout.Empty ? "cannot create the table" : "cannot migrate it from version 1");
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
            Execute($"PRAGMA user_version = {ScoreStore.SchemaVersion}");
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
        if (version is not (1 or ScoreStore.SchemaVersion)) return version == 0 ? FileLayout.OtherTables : FileLayout.OtherVersion;
        if (objects is not ["table scores"]) return FileLayout.OtherTables;
        string expected = version == 1 ? Version1Columns : ScoreStore.AllColumns;
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
            _ => $"schema version {version}, this naswot reads {ScoreStore.SchemaVersion} (and migrates 1)",
        };
        return new StoreException(_path, StoreProblem.NotAStore, detail);
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
    /// read, and its first write fails as a read-only store's (see <see cref="ScoreStore.WriteFailure"/>).
    /// </summary>
    private void EnableWal()
    {
        if (CannotWriteFile())
        {
            _cannotWrite = new StoreException(_path, StoreProblem.ReadOnly, "the file or its folder cannot be written");
            return;
        }
        Execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
    }

    /// <summary>SQLite opens a file it may not write read-only, without an error: ask it.</summary>
    private bool CannotWriteFile() => SQLitePCL.raw.sqlite3_db_readonly(_connection.Handle, "main") == 1;

    /// <summary>
    /// Version 1 held NB201 NASWOT scores only, keyed by <c>relu_count</c> and one global <c>score_version</c>: they
    /// become rows of the naswot proxy (its version 1 is that score version) with no network settings. No score is
    /// recomputed.
    /// </summary>
    private void MigrateFromVersion1()
    {
        Execute(CreateTable("scores_v2"));
        Execute($"""
            INSERT INTO scores_v2 ({ScoreStore.AllColumns})
            SELECT space, '', dataset, data_key, batch_size, batch_selection, batch_seed, init_seed,
                   'naswot', score_version, 'relu-count=' || relu_count, architecture, {ScoreStore.ValueColumns}
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
            PRIMARY KEY ({ScoreStore.KeyColumns})
        ) WITHOUT ROWID;
        """;

    private long UserVersion()
    {
        using var command = Command("PRAGMA user_version");
        return (long)command.ExecuteScalar()!;
    }
}
