using Naswot.Cli.Errors;
using Naswot.Store;
using Naswot.Tests.Cli;
using Naswot.Tests.Robustness;
using Naswot.Tests.Store;

namespace Naswot.Tests.Cluster;

/// <summary>
/// Issue 14's cluster for real: two `naswot worker` processes, a sweep submitted through the command line, one worker
/// killed with SIGKILL mid-sweep. Every score must then be in the shared store exactly once and equal, bit for bit,
/// to the scores computed here on one machine; the submitter reattaches with `naswot sweep wait`.
/// </summary>
public sealed class TwoProcessClusterTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("naswot-cluster-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static (int Code, string Output, string Error) Run(params string[] args) => CliRunner.RunWithoutStore(args);

    [SkippableFact]
    public void A_worker_killed_mid_sweep_loses_nothing_and_the_scores_are_the_single_machine_ones()
    {
        string database = PostgresServer.NewDatabase();
        string[] cells = Cells.All[..36];
        using var first = ChildCli.Start(["worker", "--cluster", database, "--address", "127.0.0.1"]);
        using var second = ChildCli.Start(["worker", "--cluster", database, "--address", "127.0.0.1"]);

        var submitted = Run("sweep", "--cluster", database, "--archs-file", Cells.WriteList(_folder, cells), "--batch-size", Cells.BatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--shard-size", "2", "--quiet");
        Assert.True(submitted.Code == 0, submitted.Error);
        string id = submitted.Output.Trim();

        // Kill the first worker once the sweep is under way (some shards done, some left).
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (StoredRows(database) < 6 && DateTime.UtcNow < deadline) Thread.Sleep(50);
        Assert.True(StoredRows(database) < cells.Length, "the sweep finished before a worker could be killed: make it longer");
        first.Kill();

        var waited = Run("sweep", "wait", id, "--cluster", database, "--format", "csv");
        Assert.True(waited.Code == 0, waited.Error);
        var (_, wrong) = Cells.Printed(waited.Output);
        Assert.Equal(0, wrong);
        Assert.Equal(cells, waited.Output.Trim().Split('\n')[1..].Select(line => line.Split(',')[0]));

        var (rows, wrongRows) = Cells.StoredRows(database);
        Assert.Equal(0, wrongRows);
        Assert.Equal(cells.Order(StringComparer.Ordinal), rows.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(cells.Length, StoredRows(database)); // one row per cell: none twice under another key
        Assert.Contains("): done, 18/18 shards done", Run("sweep", "status", id, "--cluster", database).Output);
    }

    [SkippableFact]
    public void Bad_requests_are_one_line_each()
    {
        string database = PostgresServer.NewDatabase();
        AssertOneLine(Run("sweep", "status", "99", "--cluster", database), ExitCodes.BadInput, "sweep 99: no such sweep in postgresql://");
        AssertOneLine(Run("sweep", "status", "1", "--cluster", "Host=127.0.0.1;Port=1;Database=none;Timeout=3"), ExitCodes.Store, "cannot connect");
        AssertOneLine(Run("worker", "--cluster", Path.Combine(_folder, "scores.db")), ExitCodes.BadInput, "expected a PostgreSQL connection string");
        AssertOneLine(Run("sweep", "--cluster", database, "--batch-size", "8"), ExitCodes.BadInput, "give exactly one of --all, --sample K or --archs-file F");
        AssertOneLine(Run("sweep", "--cluster", database, "--batch-size", "8", "--archs-file", Cells.WriteList(_folder, ["|bogus~0|"])), ExitCodes.BadInput, "bogus");
        AssertOneLine(Run("sweep", "--cluster", database, "--batch-size", "8", "--sample", "2", "--proxy", "naswot,flops"), ExitCodes.BadInput, "a sweep scores one proxy");
    }

    [SkippableFact]
    public void A_sweep_without_workers_waits_and_says_so_and_a_worker_of_another_build_refuses_it()
    {
        string database = PostgresServer.NewDatabase();
        var submitted = Run("sweep", "--cluster", database, "--sample", "2", "--batch-size", "8");
        Assert.True(submitted.Code == 0, submitted.Error);
        string id = submitted.Output.Trim();
        Assert.Contains("0 worker(s) alive", Run("sweep", "status", id, "--cluster", database).Output);
        using (var waiting = ChildCli.Start(["sweep", "wait", id, "--cluster", database]))
        {
            Thread.Sleep(TimeSpan.FromSeconds(4));
            waiting.Signal(15);
            var interrupted = waiting.Wait(TimeSpan.FromSeconds(30));
            Assert.Equal(ExitCodes.Terminated, interrupted.Code);
            Assert.Single(interrupted.Error.Split('\n'), line => line.Contains($"sweep {id}: no workers in cluster 'naswot'", StringComparison.Ordinal));
            Assert.Contains($"sweep {id} goes on without this process", interrupted.Error);
        }

        // The sweep claims another build: the worker refuses it, and says why where the submitter looks.
        using (var connection = new Npgsql.NpgsqlConnection(database))
        {
            connection.Open();
            using var command = new Npgsql.NpgsqlCommand($"UPDATE naswot.sweeps SET naswot_version = '0.0.0-other' WHERE id = {id}", connection);
            command.ExecuteNonQuery();
        }
        using var worker = ChildCli.Start(["worker", "--cluster", database, "--address", "127.0.0.1"]);
        string status = "";
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (!status.Contains("refused", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(200);
            status = Run("sweep", "status", id, "--cluster", database).Output;
        }
        Assert.Contains("sweep " + id + " was submitted by naswot 0.0.0-other: refused", status);
        Assert.Contains("0/1 shards done", status);
        worker.Signal(15);
        var stopped = worker.Wait(TimeSpan.FromSeconds(60));
        Assert.Equal(0, stopped.Code);
        Assert.Contains("naswot worker: stopped", stopped.Error);
    }

    private static long StoredRows(string database)
    {
        try
        {
            using var store = ScoreStore.OpenReadOnly(database);
            return store.Count();
        }
        catch (StoreException)
        {
            return 0;
        }
    }

    private static void AssertOneLine((int Code, string Output, string Error) run, int code, string expected)
    {
        Assert.True(run.Code == code, $"exit {run.Code}: {run.Error}");
        string line = Assert.Single(run.Error.TrimEnd().Split('\n'));
        Assert.StartsWith("naswot: ", line);
        Assert.Contains(expected, line);
    }
}
