using Naswot.Cli.Cluster;
using Naswot.Tests.Robustness;
using Naswot.Tests.Store;
using Orleans.TestingHost;

namespace Naswot.Tests.Cluster;

/// <summary>
/// Three silos in this process (Orleans' testing host, with its own membership) on the sweep tables the workers use:
/// a sweep is shared out among them, and when one silo is killed its shards are re-run by the others.
/// </summary>
public sealed class InProcessClusterTests
{
    [SkippableFact]
    public async Task Three_silos_share_a_sweep_and_one_killed_mid_sweep_loses_nothing()
    {
        string connection = PostgresServer.NewDatabase();
        using var database = ClusterDatabase.Open(connection);
        var builder = new InProcessTestClusterBuilder(3);
        builder.Options.InitializeClientOnDeploy = false;
        builder.Options.ConfigureFileLogging = false;
        var lines = new StringWriter();
        var settings = new WorkerSettings(builder.Options.ClusterId, Workers: 1, Threads: 1, TextWriter.Synchronized(lines));
        builder.ConfigureSilo((_, silo) => WorkerCommand.AddWorkers(silo, database, settings));
        await using var cluster = builder.Build();
        await cluster.DeployAsync();

        string[] cells = Cells.All[..30];
        var sweeps = new Sweeps(database);
        long id = sweeps.Submit("nb201", ["--batch-size", "8"], cells, shardSize: 2);
        await WaitFor(() => sweeps.Progress(id, settings.ClusterId) is { Done: >= 3 });
        await cluster.KillSiloAsync(cluster.Silos[1]);
        await WaitFor(() => sweeps.Find(id)!.State == "done");

        var (rows, wrong) = Cells.StoredRows(connection);
        Assert.Equal(0, wrong);
        Assert.Equal(cells.Order(StringComparer.Ordinal), rows.Keys.Order(StringComparer.Ordinal));
        using (var store = Naswot.Store.ScoreStore.OpenReadOnly(connection)) Assert.Equal(cells.Length, store.Count());
        // Work was shared: at least two silos finished shards.
        string log;
        lock (settings.Log) log = lines.ToString();
        var silos = log.Split('\n').Where(line => line.Contains(" computed", StringComparison.Ordinal))
            .Select(line => line[..line.IndexOf(": sweep", StringComparison.Ordinal)]).Distinct().ToList();
        Assert.True(silos.Count >= 2, log);
    }

    private static async Task WaitFor(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the cluster did not get there in 2 minutes");
            await Task.Delay(100);
        }
    }
}
