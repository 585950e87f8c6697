using Npgsql;
using Naswot.Store;

namespace Naswot.Cli.Cluster;

/// <summary>
/// The cluster's tables in the PostgreSQL database that also holds the shared score store: sweeps, their cells in
/// input order, their shards and who holds them, and the Orleans membership table. Created on first use (under
/// the advisory lock the score store takes), so `naswot worker` and `naswot sweep` need nothing set up beforehand.
/// </summary>
internal sealed class ClusterDatabase : IDisposable
{
    // The score store's schema lock: "naswot" in ASCII; one creator of anything in the schema at a time.
    private const long SchemaLock = 0x6e6173776f74;

    private readonly NpgsqlDataSource _source;

    private ClusterDatabase(string connectionString, PostgresLocation location)
    {
        ConnectionString = connectionString;
        Location = location;
        _source = NpgsqlDataSource.Create(location.ConnectionString);
    }

    /// <summary>The connection string as given: workers and submitters pass it on as the score store's location.</summary>
    public string ConnectionString { get; }

    /// <summary>The database as messages name it (never its password).</summary>
    public string Display => Location.Display;

    private PostgresLocation Location { get; }

    /// <summary>Connects to the database <paramref name="connectionString"/> names and creates the cluster's tables if it has none.</summary>
    /// <exception cref="NaswotException">Not a PostgreSQL connection string (the cluster needs a database, not a file).</exception>
    /// <exception cref="StoreException">The server cannot be reached, refuses the login, or has no such database.</exception>
    public static ClusterDatabase Open(string connectionString)
    {
        if (!ScoreStore.IsDatabase(connectionString))
            throw new NaswotException($"--cluster {Errors.ErrorText.Quote(PostgresLocation.Redacted(connectionString))}: expected a PostgreSQL connection string (Host=…;Database=…) or postgresql:// URI");
        var database = new ClusterDatabase(connectionString, PostgresLocation.Parse(connectionString));
        try
        {
            database.Run(connection =>
            {
                using var transaction = connection.BeginTransaction();
                Execute(connection, $"SELECT pg_advisory_xact_lock({SchemaLock})");
                Execute(connection, Schema);
                transaction.Commit();
                return 0;
            });
            return database;
        }
        catch
        {
            database.Dispose();
            throw;
        }
    }

    /// <summary>Runs <paramref name="work"/> on a pooled connection; a driver failure becomes a one-line <see cref="StoreException"/>.</summary>
    public T Run<T>(Func<NpgsqlConnection, T> work)
    {
        try
        {
            using var connection = _source.OpenConnection();
            return work(connection);
        }
        catch (Exception e) when (PostgresLocation.IsFailure(e))
        {
            throw PostgresLocation.Failure(Display, e);
        }
    }

    /// <summary>As <see cref="Run{T}"/>, for the silo's asynchronous callers.</summary>
    public async Task<T> RunAsync<T>(Func<NpgsqlConnection, Task<T>> work)
    {
        try
        {
            await using var connection = await _source.OpenConnectionAsync();
            return await work(connection);
        }
        catch (Exception e) when (PostgresLocation.IsFailure(e))
        {
            throw PostgresLocation.Failure(Display, e);
        }
    }

    /// <summary>A command with <c>@name</c> parameters bound in order from <paramref name="values"/> (p0, p1, …).</summary>
    public static NpgsqlCommand Command(NpgsqlConnection connection, string sql, params object?[] values)
    {
        var command = new NpgsqlCommand(sql, connection);
        for (int i = 0; i < values.Length; i++) command.Parameters.AddWithValue("p" + i, values[i] ?? DBNull.Value);
        return command;
    }

    /// <summary>Runs one statement; returns the rows it changed.</summary>
    public static int Execute(NpgsqlConnection connection, string sql, params object?[] values)
    {
        using var command = Command(connection, sql, values);
        return command.ExecuteNonQuery();
    }

    public void Dispose() => _source.Dispose();

    // IF NOT EXISTS throughout: the tables are the same for every build that knows them, and a newer one adds its own.
    private const string Schema = """
        CREATE SCHEMA IF NOT EXISTS naswot;
        CREATE TABLE IF NOT EXISTS naswot.sweeps (
            id bigserial PRIMARY KEY,
            created_at timestamptz NOT NULL DEFAULT now(),
            space text NOT NULL,
            arguments text[] NOT NULL,
            naswot_version text NOT NULL,
            state text NOT NULL CHECK (state IN ('running', 'done', 'cancelled')),
            cells integer NOT NULL,
            shards integer NOT NULL,
            refused text
        );
        CREATE TABLE IF NOT EXISTS naswot.sweep_cells (
            sweep bigint NOT NULL REFERENCES naswot.sweeps ON DELETE CASCADE,
            position integer NOT NULL,
            shard integer NOT NULL,
            architecture text NOT NULL,
            PRIMARY KEY (sweep, position)
        );
        CREATE INDEX IF NOT EXISTS sweep_cells_by_shard ON naswot.sweep_cells (sweep, shard);
        CREATE TABLE IF NOT EXISTS naswot.shards (
            sweep bigint NOT NULL REFERENCES naswot.sweeps ON DELETE CASCADE,
            shard integer NOT NULL,
            state text NOT NULL CHECK (state IN ('pending', 'leased', 'done')),
            silo text,
            lease_until timestamptz,
            runs integer NOT NULL DEFAULT 0,
            computed integer NOT NULL DEFAULT 0,
            PRIMARY KEY (sweep, shard)
        );
        CREATE TABLE IF NOT EXISTS naswot.silo_versions (
            cluster text PRIMARY KEY,
            version integer NOT NULL
        );
        CREATE TABLE IF NOT EXISTS naswot.silos (
            cluster text NOT NULL REFERENCES naswot.silo_versions ON DELETE CASCADE,
            address text NOT NULL,
            entry bytea NOT NULL,
            etag integer NOT NULL,
            status integer NOT NULL,
            i_am_alive timestamptz NOT NULL,
            PRIMARY KEY (cluster, address)
        );
        """;
}
