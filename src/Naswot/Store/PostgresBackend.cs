using System.Data.Common;
using Npgsql;

namespace Naswot.Store;

/// <summary>
/// A store in a PostgreSQL database, for many machines at once: the table <c>naswot.scores</c> with the SQLite
/// store's columns and key, and <c>naswot.meta</c> holding the schema version. The database may hold anything else
/// (the cluster's tables, other programs'); our schema is used only once it is recognised, and created only where
/// there is none, under an advisory lock so that two processes opening a new database create it once.
/// </summary>
/// <remarks>
/// Integers are <c>bigint</c> (seeds keep their 64 bits as in SQLite), times ISO 8601 text as SQLite keeps them, so
/// that rows move between the two byte for byte.
/// </remarks>
internal sealed class PostgresBackend : StoreBackend
{
    /// <summary>The schema our tables live in.</summary>
    public const string Schema = "naswot";

    // pg_advisory_xact_lock key of schema changes: "naswot" in ASCII.
    private const long SchemaLock = 0x6e6173776f74;

    // information_schema's names of the types the table is created with, column by column.
    private static readonly Dictionary<string, string> ColumnTypes = ScoreStore.AllColumns.Split(", ").ToDictionary(
        column => column,
        column => column switch
        {
            "batch_size" or "batch_seed" or "init_seed" or "proxy_version" => "bigint",
            "score" or "seconds" => "double precision",
            _ => "text",
        });

    private readonly PostgresLocation _location;
    private readonly NpgsqlConnection _connection;
    private bool _noTable;

    public PostgresBackend(PostgresLocation location, bool readOnly)
    {
        _location = location;
        IsReadOnly = readOnly;
        _connection = new NpgsqlConnection(location.ConnectionString);
        try
        {
            _connection.Open();
            if (readOnly) Execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
            PrepareSchema();
        }
        catch (Exception e)
        {
            _connection.Dispose();
            if (e is StoreException || IsFailure(e)) throw Failure(e);
            throw;
        }
    }

    public override string Location => _location.Display;

    public override string Table => Schema + ".scores";

    public override bool IsReadOnly { get; }

    public override bool IsEmpty => _noTable;

    public override StoreException? CannotWrite => null;

    protected override DbConnection Connection => _connection;

    public override bool IsFailure(Exception e) => PostgresLocation.IsFailure(e);

    public override StoreException Failure(Exception e) => PostgresLocation.Failure(Location, e);

    /// <summary>PostgreSQL guards its own pages (write-ahead log, checksums where enabled); this reads every page of the table, which finds what it can.</summary>
    public override string CheckIntegrity()
    {
        if (_noTable) return "ok";
        using var command = Command($"SELECT count(*) FROM {Table}");
        command.ExecuteScalar();
        return "ok";
    }

    public override void Vacuum(string? into)
    {
        if (into is not null) throw new NaswotException($"--into: a PostgreSQL store is copied with `naswot store export` or pg_dump, not vacuumed into a file");
        if (!_noTable) Execute($"VACUUM (ANALYZE) {Table}");
    }

    public override (long Bytes, long LogBytes) Size()
    {
        if (_noTable) return (0, 0);
        using var command = Command($"SELECT pg_total_relation_size('{Table}')");
        return ((long)command.ExecuteScalar()!, 0);
    }

    public override void Dispose()
    {
        Abandon();
        _connection.Dispose();
    }

    private void Execute(string sql)
    {
        using var command = Command(sql);
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// Recognises the schema before anything is written: ours of this version is used; none yet gets the tables;
    /// anything else in <c>naswot.scores</c> or <c>naswot.meta</c> is refused untouched. What is not ours at first
    /// sight is looked at again under the lock a creator holds until it commits, so a schema being created is seen
    /// whole or not at all.
    /// </summary>
    private void PrepareSchema()
    {
        var (version, columns) = Layout();
        if (IsOurs(version, columns)) return;
        Begin();
        try
        {
            Execute($"SELECT pg_advisory_xact_lock({SchemaLock})");
            (version, columns) = Layout();
            if (version is null && columns.Count == 0)
            {
                if (IsReadOnly) _noTable = true;
                else Create();
            }
            Commit();
        }
        catch
        {
            Abandon();
            throw;
        }
        if (version is not null || columns.Count > 0) Check(version, columns);
    }

    private static bool IsOurs(string? version, Dictionary<string, string> columns) =>
        version == ScoreStore.SchemaVersion.ToString(System.Globalization.CultureInfo.InvariantCulture)
        && columns.Count == ColumnTypes.Count && ColumnTypes.All(c => columns.GetValueOrDefault(c.Key) == c.Value);

    private void Create()
    {
        try
        {
            Execute($"""
                CREATE SCHEMA IF NOT EXISTS {Schema};
                CREATE TABLE {Schema}.meta (key text PRIMARY KEY, value text NOT NULL);
                INSERT INTO {Schema}.meta VALUES ('schema_version', '{ScoreStore.SchemaVersion}');
                CREATE TABLE {Table} (
                    space text NOT NULL,
                    network text NOT NULL,
                    dataset text NOT NULL,
                    data_key text NOT NULL,
                    batch_size bigint NOT NULL,
                    batch_selection text NOT NULL,
                    batch_seed bigint NOT NULL,
                    init_seed bigint NOT NULL,
                    proxy text NOT NULL,
                    proxy_version bigint NOT NULL,
                    proxy_settings text NOT NULL,
                    architecture text NOT NULL,
                    status text NOT NULL CHECK (status IN ('ok', 'singular', 'failed')),
                    score double precision CHECK ((status = 'ok') = (score IS NOT NULL)),
                    message text,
                    seconds double precision NOT NULL,
                    created_at text NOT NULL,
                    naswot_version text NOT NULL,
                    PRIMARY KEY ({ScoreStore.KeyColumns})
                );
                """);
        }
        catch (PostgresException e) when (e.SqlState is "42501" or "25006")
        {
            throw new StoreException(Location, StoreProblem.ReadOnly, $"cannot create the table: {e.MessageText}", e);
        }
    }

    private void Check(string? version, Dictionary<string, string> columns)
    {
        if (IsOurs(version, columns)) return;
        string detail;
        if (version is null) detail = $"a table {Table} without {Schema}.meta and its schema version";
        else if (version != ScoreStore.SchemaVersion.ToString(System.Globalization.CultureInfo.InvariantCulture))
            detail = $"schema version {version}, this naswot reads {ScoreStore.SchemaVersion}";
        else if (columns.Count == 0) detail = $"schema version {version} without its table {Table}";
        else detail = $"schema version {version}, but its table {Table} has other columns";
        throw new StoreException(Location, StoreProblem.NotAStore, detail);
    }

    /// <summary>The schema version in <c>naswot.meta</c> (null without one) and the columns of <c>naswot.scores</c> with their types, in one statement.</summary>
    private (string? Version, Dictionary<string, string> Columns) Layout()
    {
        string? version = null;
        using (var command = Command(
            $"SELECT to_regclass('{Schema}.meta') IS NOT NULL AND EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = '{Schema}' AND table_name = 'meta' AND column_name = 'value')"))
        {
            if ((bool)command.ExecuteScalar()!)
            {
                using var read = Command($"SELECT coalesce((SELECT value FROM {Schema}.meta WHERE key = 'schema_version'), '(none)')");
                version = (string)read.ExecuteScalar()!;
            }
        }
        var columns = new Dictionary<string, string>(StringComparer.Ordinal);
        using (var command = Command($"SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = '{Schema}' AND table_name = 'scores'"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read()) columns[reader.GetString(0)] = reader.GetString(1);
        }
        return (version, columns);
    }
}
