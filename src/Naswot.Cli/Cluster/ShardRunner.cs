using System.CommandLine;
using Microsoft.Extensions.Hosting;
using Naswot.Cli.Commands;
using Naswot.Search;
using Naswot.Store;
using Orleans.Runtime;

namespace Naswot.Cli.Cluster;

/// <summary>What one `naswot worker` runs: how many shards at once, with how many threads each.</summary>
internal sealed record WorkerSettings(string ClusterId, int Workers, int Threads, TextWriter Log);

/// <summary>
/// A silo's workers: each loop leases a shard of the oldest running sweep from its coordinator grain, scores its
/// cells with the sweep's options through the same evaluator as `naswot score` (cells already in the shared store are
/// served from it), writes the scores to the store, and marks the shard done. Its lease is renewed while it works.
/// On stop (SIGTERM) each loop abandons its shard between cells and hands it back; what it scored is kept.
/// </summary>
internal sealed class ShardRunner(WorkerSettings settings, ClusterDatabase database, Sweeps sweeps, IGrainFactory grains, ILocalSiloDetails silo)
    : BackgroundService
{
    private static readonly TimeSpan Idle = TimeSpan.FromMilliseconds(500);

    private string Silo => silo.SiloAddress.ToParsableString();

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, settings.Workers).Select(_ => Task.Run(() => Loop(stoppingToken), CancellationToken.None)));

    private async Task Loop(CancellationToken stop)
    {
        var store = new ScoreStore(database.ConnectionString);
        var evaluators = new Dictionary<long, ArchitectureEvaluator>();
        while (!stop.IsCancellationRequested)
        {
            bool worked = false;
            try
            {
                foreach (var sweep in sweeps.Running())
                {
                    if (sweep.NaswotVersion != StoredScore.BuildVersion)
                    {
                        sweeps.Refuse(sweep.Id, $"worker {silo.SiloAddress.Endpoint} runs naswot {StoredScore.BuildVersion}, sweep {sweep.Id} was submitted by naswot {sweep.NaswotVersion}: refused (scores must come from one build)");
                        continue;
                    }
                    int shard = await grains.GetGrain<ISweepGrain>(sweep.Id).Lease(Silo);
                    if (shard < 0) continue;
                    if (!evaluators.TryGetValue(sweep.Id, out var evaluator)) evaluators[sweep.Id] = evaluator = SweepOptions.Evaluator(sweep, settings.Threads);
                    Run(sweep, shard, evaluator, store, stop);
                    if (store.WriteFailure is not null)
                    {
                        // A store that failed takes no more writes: start afresh (the server may be back).
                        var fresh = new ScoreStore(database.ConnectionString);
                        store.Dispose();
                        store = fresh;
                    }
                    worked = true;
                    break;
                }
            }
            catch (Exception e) when (e is NaswotException or OrleansException or TimeoutException or Orleans.Serialization.UnavailableExceptionFallbackException)
            {
                // A database or cluster hiccup (a store failure in the sweep grain arrives as Orleans' stand-in for an
                // exception type it does not serialize): say so and try again; leases keep the work safe meanwhile.
                settings.Log.WriteLine(Errors.ErrorText.Line($"naswot worker: {e.Message}"));
            }
            if (!worked)
            {
                try
                {
                    await Task.Delay(Idle, stop);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
        store.Dispose();
    }

    private void Run(SweepRow sweep, int shard, ArchitectureEvaluator evaluator, ScoreStore store, CancellationToken stop)
    {
        var cells = sweeps.CellsOf(sweep.Id, shard);
        using var lost = CancellationTokenSource.CreateLinkedTokenSource(stop);
        using var renewal = new Timer(_ =>
        {
            try
            {
                if (!sweeps.Renew(sweep.Id, shard, Silo)) lost.Cancel();
            }
            catch (NaswotException)
            {
                // The next renewal tries again; the lease outlasts a few missed ones.
            }
        }, null, Sweeps.Lease / 4, Sweeps.Lease / 4);
        IReadOnlyList<Evaluation>? results = null;
        try
        {
            results = evaluator.Evaluate(cells, store, cancel: lost.Token);
        }
        catch (OperationCanceledException)
        {
        }
        renewal.Dispose();
        int computed = results?.Count(e => !e.FromStore) ?? 0;
        // Scores the store did not take, or cells left (stopped, cancelled, a transient failure): the shard runs again;
        // a shard that keeps failing transiently is done after a few runs, and the submitter scores what is missing.
        bool transient = results is not null && results.Any(e => e.Transient) && sweeps.RunsOf(sweep.Id, shard) < Sweeps.MaxRuns;
        if (results is null || lost.IsCancellationRequested || store.WriteFailure is not null || transient)
        {
            sweeps.Release(sweep.Id, shard, Silo, computed);
            string why = store.WriteFailure?.Message ?? (stop.IsCancellationRequested ? "stopping" : lost.IsCancellationRequested ? "lease lost or sweep cancelled" : "transient failures");
            settings.Log.WriteLine(Errors.ErrorText.Line($"naswot worker {silo.SiloAddress.Endpoint}: sweep {sweep.Id} shard {shard} handed back ({why})"));
            return;
        }
        sweeps.Complete(sweep.Id, shard, computed);
        settings.Log.WriteLine($"naswot worker {silo.SiloAddress.Endpoint}: sweep {sweep.Id} shard {shard}: {cells.Count} cells, {computed} computed");
    }
}
