using Npgsql;
using Naswot.Store;

namespace Naswot.Cli.Cluster;

/// <summary>A sweep as its row holds it: what to score (the space and the scoring options as given) and how far it is.</summary>
internal sealed record SweepRow(long Id, string Space, string[] Arguments, string NaswotVersion, string State, int Cells, int Shards, string? Refused);

/// <summary>How far a sweep is: shards by state, cells computed (a cell run twice counts twice), and the silos alive.</summary>
internal sealed record SweepProgress(SweepRow Sweep, int Done, int Leased, int Pending, long Computed, int Reruns, int ActiveSilos);

/// <summary>
/// The durable side of a sweep, in PostgreSQL: its definition, its cells in input order, and its shards, each
/// pending, leased to one silo until a time, or done. Any process may submit, follow or cancel a sweep; the submitter
/// may exit. A lease is renewed while its silo works and handed back on a clean stop; one not renewed in time (a silo
/// killed) or held by a silo Orleans has declared dead is pending again, so another silo runs the shard.
/// </summary>
internal sealed class Sweeps(ClusterDatabase database)
{
    /// <summary>How long a lease lasts unless renewed; a killed silo's shards wait at most this long (or until Orleans declares it dead).</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(20);

    /// <summary>Stores a new sweep of <paramref name="cells"/> (canonical, in input order) in shards of <paramref name="shardSize"/>, in one transaction.</summary>
    public long Submit(string space, IReadOnlyList<string> arguments, IReadOnlyList<string> cells, int shardSize) => database.Run(connection =>
    {
        using var transaction = connection.BeginTransaction();
        int shards = (cells.Count + shardSize - 1) / shardSize;
        long id;
        using (var insert = ClusterDatabase.Command(connection,
            "INSERT INTO naswot.sweeps (space, arguments, naswot_version, state, cells, shards) VALUES (@p0, @p1, @p2, 'running', @p3, @p4) RETURNING id",
            space, arguments.ToArray(), StoredScore.BuildVersion, cells.Count, shards))
            id = (long)insert.ExecuteScalar()!;
        using (var import = connection.BeginBinaryImport("COPY naswot.sweep_cells (sweep, position, shard, architecture) FROM STDIN (FORMAT BINARY)"))
        {
            for (int i = 0; i < cells.Count; i++) import.WriteRow(id, i, i / shardSize, cells[i]);
            import.Complete();
        }
        ClusterDatabase.Execute(connection,
            "INSERT INTO naswot.shards (sweep, shard, state) SELECT @p0, s, 'pending' FROM generate_series(0, @p1 - 1) AS s", id, shards);
        transaction.Commit();
        return id;
    });

    /// <summary>The sweep <paramref name="id"/>, or null if there is none.</summary>
    public SweepRow? Find(long id) => database.Run(connection => Find(connection, id));

    /// <summary>The sweeps silos should work on, oldest first.</summary>
    public List<SweepRow> Running() => database.Run(connection =>
    {
        using var command = ClusterDatabase.Command(connection, $"SELECT {Columns} FROM naswot.sweeps WHERE state = 'running' ORDER BY id");
        return ReadSweeps(command);
    });

    /// <summary>The sweep's shards by state and the silos alive in <paramref name="cluster"/>; null if there is no such sweep.</summary>
    public SweepProgress? Progress(long id, string cluster) => database.Run(connection =>
    {
        if (Find(connection, id) is not { } sweep) return null;
        using var command = ClusterDatabase.Command(connection, """
            SELECT count(*) FILTER (WHERE state = 'done'), count(*) FILTER (WHERE state = 'leased'), count(*) FILTER (WHERE state = 'pending'),
                   coalesce(sum(computed), 0), coalesce(sum(greatest(runs - 1, 0)), 0),
                   (SELECT count(*) FROM naswot.silos WHERE cluster = @p1 AND status = @p2 AND i_am_alive > now() - interval '1 minute')
            FROM naswot.shards WHERE sweep = @p0
            """, id, cluster, (int)Orleans.Runtime.SiloStatus.Active);
        using var reader = command.ExecuteReader();
        reader.Read();
        return new SweepProgress(sweep, (int)reader.GetInt64(0), (int)reader.GetInt64(1), (int)reader.GetInt64(2), reader.GetInt64(3), (int)reader.GetInt64(4),
            (int)reader.GetInt64(5));
    });

    /// <summary>Stops handing out the sweep's shards; those running finish or are abandoned at their next renewal. False if it had ended.</summary>
    public bool Cancel(long id) => database.Run(connection =>
        ClusterDatabase.Execute(connection, "UPDATE naswot.sweeps SET state = 'cancelled' WHERE id = @p0 AND state = 'running'", id) == 1);

    /// <summary>Records why a silo will not work on a sweep (another build), for <c>sweep status</c> and a waiting submitter.</summary>
    public void Refuse(long id, string reason) => database.Run(connection =>
        ClusterDatabase.Execute(connection, "UPDATE naswot.sweeps SET refused = @p1 WHERE id = @p0 AND refused IS DISTINCT FROM @p1", id, reason));

    /// <summary>Runs of one shard after which transient failures no longer send it back: the submitter scores what is missing.</summary>
    public const int MaxRuns = 3;

    /// <summary>
    /// Leases the sweep's next pending shard to <paramref name="silo"/>, first making pending again the shards whose
    /// lease ran out or whose silo is one of <paramref name="deadSilos"/>. Returns the shard, or −1 if none is pending
    /// (or the sweep has ended).
    /// </summary>
    public int LeaseShard(long id, string silo, IReadOnlyCollection<string> deadSilos) => database.Run(connection =>
    {
        ClusterDatabase.Execute(connection,
            "UPDATE naswot.shards SET state = 'pending', silo = NULL WHERE sweep = @p0 AND state = 'leased' AND (lease_until < now() OR silo = ANY(@p1))",
            id, deadSilos.ToArray());
        using var command = ClusterDatabase.Command(connection, """
            UPDATE naswot.shards SET state = 'leased', silo = @p1, lease_until = now() + @p2, runs = runs + 1
            WHERE sweep = @p0 AND shard = (SELECT shard FROM naswot.shards WHERE sweep = @p0 AND state = 'pending' ORDER BY shard LIMIT 1 FOR UPDATE SKIP LOCKED)
              AND EXISTS (SELECT 1 FROM naswot.sweeps WHERE id = @p0 AND state = 'running')
            RETURNING shard
            """, id, silo, Lease);
        return command.ExecuteScalar() is int shard ? shard : -1;
    });

    /// <summary>The cells of one shard, in input order.</summary>
    public List<string> CellsOf(long id, int shard) => database.Run(connection =>
    {
        using var command = ClusterDatabase.Command(connection, "SELECT architecture FROM naswot.sweep_cells WHERE sweep = @p0 AND shard = @p1 ORDER BY position", id, shard);
        using var reader = command.ExecuteReader();
        var cells = new List<string>();
        while (reader.Read()) cells.Add(reader.GetString(0));
        return cells;
    });

    /// <summary>Every cell of the sweep, in input order.</summary>
    public List<string> CellsOf(long id) => database.Run(connection =>
    {
        using var command = ClusterDatabase.Command(connection, "SELECT architecture FROM naswot.sweep_cells WHERE sweep = @p0 ORDER BY position", id);
        using var reader = command.ExecuteReader();
        var cells = new List<string>();
        while (reader.Read()) cells.Add(reader.GetString(0));
        return cells;
    });

    /// <summary>Extends <paramref name="silo"/>'s lease of the shard; false if it no longer holds it or the sweep was cancelled.</summary>
    public bool Renew(long id, int shard, string silo) => database.Run(connection =>
        ClusterDatabase.Execute(connection, """
            UPDATE naswot.shards SET lease_until = now() + @p3
            WHERE sweep = @p0 AND shard = @p1 AND silo = @p2 AND state = 'leased'
              AND EXISTS (SELECT 1 FROM naswot.sweeps WHERE id = @p0 AND state = 'running')
            """, id, shard, silo, Lease) == 1);

    /// <summary>Marks the shard done (its scores are in the store) and the sweep done with its last shard.</summary>
    public void Complete(long id, int shard, int computed) => database.Run(connection =>
    {
        using var transaction = connection.BeginTransaction();
        // A silo whose lease was taken from it may finish anyway: its rows are upserts by key, and it is counted.
        ClusterDatabase.Execute(connection,
            "UPDATE naswot.shards SET state = 'done', silo = NULL, computed = computed + @p2 WHERE sweep = @p0 AND shard = @p1",
            id, shard, computed);
        ClusterDatabase.Execute(connection,
            "UPDATE naswot.sweeps SET state = 'done' WHERE id = @p0 AND state = 'running' AND NOT EXISTS (SELECT 1 FROM naswot.shards WHERE sweep = @p0 AND state <> 'done')",
            id);
        transaction.Commit();
        return 0;
    });

    /// <summary>How many times the shard has been leased, this time included.</summary>
    public int RunsOf(long id, int shard) => database.Run(connection =>
    {
        using var command = ClusterDatabase.Command(connection, "SELECT runs FROM naswot.shards WHERE sweep = @p0 AND shard = @p1", id, shard);
        return command.ExecuteScalar() is int runs ? runs : 0;
    });

    /// <summary>Hands an unfinished shard back: pending again, for any silo.</summary>
    public void Release(long id, int shard, string silo, int computed) => database.Run(connection =>
        ClusterDatabase.Execute(connection,
            "UPDATE naswot.shards SET state = 'pending', silo = NULL, computed = computed + @p3 WHERE sweep = @p0 AND shard = @p1 AND silo = @p2 AND state = 'leased'",
            id, shard, silo, computed));

    private const string Columns = "id, space, arguments, naswot_version, state, cells, shards, refused";

    private static SweepRow? Find(NpgsqlConnection connection, long id)
    {
        using var command = ClusterDatabase.Command(connection, $"SELECT {Columns} FROM naswot.sweeps WHERE id = @p0", id);
        return ReadSweeps(command).SingleOrDefault();
    }

    private static List<SweepRow> ReadSweeps(NpgsqlCommand command)
    {
        using var reader = command.ExecuteReader();
        var rows = new List<SweepRow>();
        while (reader.Read())
        {
            rows.Add(new SweepRow(reader.GetInt64(0), reader.GetString(1), reader.GetFieldValue<string[]>(2), reader.GetString(3), reader.GetString(4),
                reader.GetInt32(5), reader.GetInt32(6), reader.IsDBNull(7) ? null : reader.GetString(7)));
        }
        return rows;
    }
}
