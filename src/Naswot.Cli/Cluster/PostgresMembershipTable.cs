using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Serialization;

namespace Naswot.Cli.Cluster;

/// <summary>
/// Orleans' membership table in <c>naswot.silos</c>: the rows through which silos find each other, vote each other
/// dead and learn of it. Orleans runs the protocol (probes, suspicion, votes); this only stores its rows with the
/// optimistic concurrency <see cref="IMembershipTable"/> asks for: a row changes only if its etag is the one read,
/// and every change moves the table version on only if the version read is still current.
/// </summary>
/// <remarks>
/// A membership entry is kept whole, as Orleans serializes it, beside the columns that are queried (status, last
/// I-am-alive). The semantics are those of the interface's documentation (Orleans.Core, <c>IMembershipTable</c>) and
/// of Orleans' own PostgreSQL tables, read, not copied (dotnet/orleans@4c41b3acc7f4464b09164b0f03886dddbfa07ef8:
/// src/AdoNet/Orleans.Clustering.AdoNet/PostgreSQL-Clustering.sql): an insert or update moves the version on only if
/// it is still the one read, I-am-alive changes no version, and cleanup removes silos not heard from since a time
/// unless they are active. Those tables need SQL scripts that the 10.4.2 package does not ship, so these are ours.
/// </remarks>
internal sealed class PostgresMembershipTable(ClusterDatabase database, IOptions<ClusterOptions> options, Serializer serializer) : IMembershipTable
{
    private string Cluster => options.Value.ClusterId;

    public Task InitializeMembershipTable(bool tryInitTableVersion) => database.RunAsync(async connection =>
    {
        if (tryInitTableVersion)
        {
            await using var command = ClusterDatabase.Command(connection,
                "INSERT INTO naswot.silo_versions (cluster, version) VALUES (@p0, 0) ON CONFLICT DO NOTHING", Cluster);
            await command.ExecuteNonQueryAsync();
        }
        return 0;
    });

    public Task DeleteMembershipTableEntries(string clusterId) => database.RunAsync(async connection =>
    {
        await using var command = ClusterDatabase.Command(connection, "DELETE FROM naswot.silo_versions WHERE cluster = @p0", clusterId);
        return await command.ExecuteNonQueryAsync();
    });

    public Task CleanupDefunctSiloEntries(DateTimeOffset beforeDate) => database.RunAsync(async connection =>
    {
        await using var command = ClusterDatabase.Command(connection,
            "DELETE FROM naswot.silos WHERE cluster = @p0 AND i_am_alive < @p1 AND status <> @p2", Cluster, beforeDate.UtcDateTime, (int)SiloStatus.Active);
        return await command.ExecuteNonQueryAsync();
    });

    public Task<MembershipTableData> ReadRow(SiloAddress key) => Read(key.ToParsableString());

    public Task<MembershipTableData> ReadAll() => Read(null);

    public Task<bool> InsertRow(MembershipEntry entry, TableVersion tableVersion) => Change(tableVersion, async connection =>
    {
        await using var command = ClusterDatabase.Command(connection,
            "INSERT INTO naswot.silos (cluster, address, entry, etag, status, i_am_alive) VALUES (@p0, @p1, @p2, 0, @p3, @p4) ON CONFLICT DO NOTHING",
            Cluster, entry.SiloAddress.ToParsableString(), serializer.SerializeToArray(entry), (int)entry.Status, Utc(entry.IAmAliveTime));
        return await command.ExecuteNonQueryAsync() == 1;
    });

    public Task<bool> UpdateRow(MembershipEntry entry, string etag, TableVersion tableVersion) => Change(tableVersion, async connection =>
    {
        if (!int.TryParse(etag, out int expected)) return false;
        await using var command = ClusterDatabase.Command(connection,
            "UPDATE naswot.silos SET entry = @p2, etag = etag + 1, status = @p3, i_am_alive = @p4 WHERE cluster = @p0 AND address = @p1 AND etag = @p5",
            Cluster, entry.SiloAddress.ToParsableString(), serializer.SerializeToArray(entry), (int)entry.Status, Utc(entry.IAmAliveTime), expected);
        return await command.ExecuteNonQueryAsync() == 1;
    });

    /// <summary>Only the I-am-alive time changes: no etag or version moves, as the interface allows.</summary>
    public Task UpdateIAmAlive(MembershipEntry entry) => database.RunAsync(async connection =>
    {
        await using var transaction = await connection.BeginTransactionAsync();
        string address = entry.SiloAddress.ToParsableString();
        byte[]? bytes;
        await using (var read = ClusterDatabase.Command(connection, "SELECT entry FROM naswot.silos WHERE cluster = @p0 AND address = @p1 FOR UPDATE", Cluster, address))
            bytes = await read.ExecuteScalarAsync() as byte[];
        if (bytes is null) return 0;
        var stored = serializer.Deserialize<MembershipEntry>(bytes)!;
        stored.IAmAliveTime = entry.IAmAliveTime;
        await using (var write = ClusterDatabase.Command(connection,
            "UPDATE naswot.silos SET entry = @p2, i_am_alive = @p3 WHERE cluster = @p0 AND address = @p1",
            Cluster, address, serializer.SerializeToArray(stored), Utc(entry.IAmAliveTime)))
            await write.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
        return 0;
    });

    /// <summary>
    /// Runs <paramref name="change"/> with the version row locked, and moves the version on if the version read
    /// (<see cref="TableVersion.VersionEtag"/>) is still the current one and the change took; else changes nothing.
    /// </summary>
    private Task<bool> Change(TableVersion tableVersion, Func<NpgsqlConnection, Task<bool>> change) => database.RunAsync(async connection =>
    {
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var read = ClusterDatabase.Command(connection, "SELECT version FROM naswot.silo_versions WHERE cluster = @p0 FOR UPDATE", Cluster))
        {
            if (await read.ExecuteScalarAsync() is not int current || current.ToString(System.Globalization.CultureInfo.InvariantCulture) != tableVersion.VersionEtag)
                return false;
        }
        if (!await change(connection)) return false;
        await using (var write = ClusterDatabase.Command(connection, "UPDATE naswot.silo_versions SET version = @p1 WHERE cluster = @p0", Cluster, tableVersion.Version))
            await write.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
        return true;
    });

    private Task<MembershipTableData> Read(string? address) => database.RunAsync(async connection =>
    {
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead);
        int version = 0;
        await using (var read = ClusterDatabase.Command(connection, "SELECT version FROM naswot.silo_versions WHERE cluster = @p0", Cluster))
        {
            if (await read.ExecuteScalarAsync() is int current) version = current;
        }
        var rows = new List<Tuple<MembershipEntry, string>>();
        await using (var command = ClusterDatabase.Command(connection,
            "SELECT entry, etag FROM naswot.silos WHERE cluster = @p0 AND (@p1::text IS NULL OR address = @p1)", Cluster, address))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var entry = serializer.Deserialize<MembershipEntry>((byte[])reader[0])!;
                rows.Add(Tuple.Create(entry, reader.GetInt32(1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
        }
        await transaction.CommitAsync();
        return new MembershipTableData(rows, new TableVersion(version, version.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    });

    private static DateTime Utc(DateTime time) => time.Kind == DateTimeKind.Utc ? time : DateTime.SpecifyKind(time.ToUniversalTime(), DateTimeKind.Utc);
}
