using System.Diagnostics;
using Naswot.Cli.Cluster;
using Naswot.Spaces;
using Orleans.TestingHost;

namespace Naswot.Bench;

/// <summary>
/// `dotnet run -c Release --project bench/Naswot.Bench -- cluster-overhead CONNECTION [CELLS] [SILOS…]`: the cost the
/// cluster adds per cell, with scoring replaced by a near no-op proxy (<c>params</c>, counted on a weightless graph).
/// A sweep of CELLS NB201 cells runs on 1, 4 and 16 silos in this process (Orleans' testing host) against the given
/// PostgreSQL database; the same cells are then scored locally with the same evaluator; the difference per cell is
/// the overhead: leasing, reading shards, writing rows to PostgreSQL, Orleans calls.
/// </summary>
internal static class ClusterOverhead
{
    public static async Task Run(string[] args)
    {
        string connection = args[0];
        int count = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 2000;
        int[] silos = args.Length > 2 ? [.. args[2..].Select(a => int.Parse(a, System.Globalization.CultureInfo.InvariantCulture))] : [1, 4, 16];
        var random = new SeededRandom(7);
        string[] cells = [.. Enumerable.Range(0, count).Select(_ => Nb201Space.Instance.Sample(random))];
        string[] arguments = ["--proxy", "params", "--batch-size", "8"];
        using var database = ClusterDatabase.Open(connection);
        var sweeps = new Sweeps(database);

        // Local: the same evaluator, no cluster, no store.
        var local = SweepOptions.Evaluator(new SweepRow(0, "nb201", arguments, "", "running", count, 1, null), threads: 1);
        local.Evaluate(cells.Take(50).ToList(), store: null);
        var clock = Stopwatch.StartNew();
        local.Evaluate(cells, store: null);
        double localPerCell = clock.Elapsed.TotalMilliseconds / count;
        Console.WriteLine($"local: {count} cells, {localPerCell:F3} ms per cell (params proxy, no store)");

        foreach (int n in silos)
        {
            var builder = new InProcessTestClusterBuilder((short)n);
            builder.Options.InitializeClientOnDeploy = false;
        builder.Options.ConfigureFileLogging = false;
            var settings = new WorkerSettings(builder.Options.ClusterId, Workers: 1, Threads: 1, TextWriter.Null);
            builder.ConfigureSilo((_, silo) => WorkerCommand.AddWorkers(silo, database, settings));
            await using var cluster = builder.Build();
            await cluster.DeployAsync();
            // A fresh init seed per run: every cell is computed and written, none served from an earlier run's rows.
            string[] run = [.. arguments, "--seed", (1000 + n).ToString(System.Globalization.CultureInfo.InvariantCulture)];
            clock.Restart();
            long id = sweeps.Submit("nb201", run, cells, shardSize: 16);
            while (sweeps.Find(id)!.State != "done") await Task.Delay(20);
            double seconds = clock.Elapsed.TotalSeconds;
            var progress = sweeps.Progress(id, settings.ClusterId)!;
            Console.WriteLine($"{n,2} silos: {count} cells in {seconds:F2} s, {count / seconds:F0} cells/s, {seconds * 1000 / count - localPerCell:F3} ms per cell over local; {progress.Computed} computed, {progress.Reruns} re-runs");
            await cluster.StopAllSilosAsync();
        }
    }
}
