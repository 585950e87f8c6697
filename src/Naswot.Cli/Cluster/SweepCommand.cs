using System.CommandLine;
using System.Globalization;
using Naswot.Cli.Commands;
using Naswot.Spaces;
using Naswot.Store;

namespace Naswot.Cli.Cluster;

/// <summary>
/// `naswot sweep`: score many architectures on a cluster of `naswot worker`s. The sweep is stored in PostgreSQL
/// before anything runs, so the submitter may exit (or be killed) and reattach with `naswot sweep wait ID`; with
/// --wait --format csv it prints the scores in input order as `naswot score --format csv` does.
/// </summary>
internal static class SweepCommand
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    public static Command Create(ConsoleIo io)
    {
        var scoring = new ScoringArguments();
        var cluster = WorkerCommand.ClusterOption();
        var clusterId = WorkerCommand.ClusterIdOption();
        var all = new Option<bool>("--all") { Description = "Every architecture of the space (enumerable spaces)" };
        var sample = new Option<int?>("--sample") { Description = "K architectures drawn as `naswot sample --n K --seed S` draws them" };
        var sampleSeed = new Option<ulong>("--sample-seed") { Description = "Seed of --sample", DefaultValueFactory = _ => 0UL };
        var archsFile = new Option<string?>("--archs-file") { Description = "File with one architecture per line ('-' for standard input)" };
        var shardSize = new Option<int>("--shard-size") { Description = "Architectures per shard: the unit a worker leases, and re-runs if it dies", DefaultValueFactory = _ => 16 };
        var wait = new Option<bool>("--wait") { Description = "Wait for the sweep to finish and print its scores" };
        var format = new OutputFormat("csv", "text");
        var command = new Command("sweep", "Score architectures on a cluster of `naswot worker`s: a durable sweep in PostgreSQL (status, wait, cancel by its id)");
        scoring.AddTo(command);
        foreach (var option in new Option[] { cluster, clusterId, all, sample, sampleSeed, archsFile, shardSize, wait, format.Option }) command.Options.Add(option);
        command.Subcommands.Add(Status(io));
        command.Subcommands.Add(Wait(io));
        command.Subcommands.Add(Cancel(io));
        var own = new HashSet<Option>([cluster, clusterId, all, sample, sampleSeed, archsFile, shardSize, wait, format.Option, scoring.Space, scoring.Workers, scoring.Threads]);
        command.SetAction((p, cancel) =>
        {
            if (p.GetValue(shardSize) < 1) throw new NaswotException($"--shard-size {p.GetValue(shardSize)}: expected 1 or more");
            // Everything a worker will do is checked here first: options, data, every architecture.
            var setup = scoring.Prepare(p, io.Error);
            // A sweep's shards, its status and its CSV follow one proxy's keys; several proxies are one sweep each.
            if (setup.SeveralScores) throw setup.OneProxyOnly("a sweep scores one proxy; submit one sweep per proxy");
            var cells = Architectures(setup.Space.Space, setup.Evaluator.Canonicalize, p.GetValue(all), p.GetValue(sample), p.GetValue(sampleSeed), p.GetValue(archsFile));
            using var database = ClusterDatabase.Open(p.GetValue(cluster)!);
            var sweeps = new Sweeps(database);
            long id = sweeps.Submit(setup.Space.Name, SweepOptions.Given(p, own), cells, p.GetValue(shardSize));
            var sweep = sweeps.Find(id)!;
            io.Error.WriteLine($"naswot: sweep {id}: {sweep.Cells} architectures in {sweep.Shards} shards; `naswot sweep status|wait|cancel {id} --cluster …` follows it from anywhere");
            if (!p.GetValue(wait))
            {
                io.Output.WriteLine(id.ToString(CultureInfo.InvariantCulture));
                return Task.FromResult(0);
            }
            return Task.FromResult(WaitAndPrint(io, database, sweeps, id, p.GetValue(clusterId)!, format.Get(p), cancel));
        });
        return command;
    }

    private static Command Status(ConsoleIo io)
    {
        var (command, id, cluster, clusterId) = SweepCommandOf("status", "How far a sweep is: shards done, running and pending, workers alive");
        command.SetAction(p =>
        {
            using var database = ClusterDatabase.Open(p.GetValue(cluster)!);
            var progress = ProgressOf(new Sweeps(database), database, p.GetValue(id), p.GetValue(clusterId)!);
            io.Output.WriteLine(Describe(progress));
            if (progress.Sweep.Refused is { } refused) io.Output.WriteLine($"  {refused}");
            return 0;
        });
        return command;
    }

    private static Command Wait(ConsoleIo io)
    {
        var (command, id, cluster, clusterId) = SweepCommandOf("wait", "Wait for a sweep (submitted by any process) to finish, and print its scores in input order");
        var format = new OutputFormat("csv", "text");
        command.Options.Add(format.Option);
        command.SetAction((p, cancel) =>
        {
            using var database = ClusterDatabase.Open(p.GetValue(cluster)!);
            var sweeps = new Sweeps(database);
            ProgressOf(sweeps, database, p.GetValue(id), p.GetValue(clusterId)!);
            return Task.FromResult(WaitAndPrint(io, database, sweeps, p.GetValue(id), p.GetValue(clusterId)!, format.Get(p), cancel));
        });
        return command;
    }

    private static Command Cancel(ConsoleIo io)
    {
        var (command, id, cluster, clusterId) = SweepCommandOf("cancel", "Stop a sweep: no more shards are handed out; scores already stored stay");
        command.SetAction(p =>
        {
            using var database = ClusterDatabase.Open(p.GetValue(cluster)!);
            var sweeps = new Sweeps(database);
            var progress = ProgressOf(sweeps, database, p.GetValue(id), p.GetValue(clusterId)!);
            io.Output.WriteLine(sweeps.Cancel(p.GetValue(id))
                ? $"sweep {p.GetValue(id)}: cancelled after {progress.Done} of {progress.Sweep.Shards} shards"
                : $"sweep {p.GetValue(id)}: already {progress.Sweep.State}");
            return 0;
        });
        return command;
    }

    private static (Command Command, Argument<long> Id, Option<string> Cluster, Option<string> ClusterId) SweepCommandOf(string name, string description)
    {
        var id = new Argument<long>("id") { Description = "The sweep's id, as `naswot sweep` printed it" };
        var cluster = WorkerCommand.ClusterOption();
        var clusterId = WorkerCommand.ClusterIdOption();
        var command = new Command(name, description);
        command.Arguments.Add(id);
        command.Options.Add(cluster);
        command.Options.Add(clusterId);
        return (command, id, cluster, clusterId);
    }

    private static SweepProgress ProgressOf(Sweeps sweeps, ClusterDatabase database, long id, string clusterId) =>
        sweeps.Progress(id, clusterId) ?? throw new NaswotException($"sweep {id}: no such sweep in {database.Display}");

    private static string Describe(SweepProgress p) => string.Create(CultureInfo.InvariantCulture,
        $"sweep {p.Sweep.Id} ({p.Sweep.Space}, {p.Sweep.Cells} architectures): {p.Sweep.State}, {p.Done}/{p.Sweep.Shards} shards done, {p.Leased} running, {p.Pending} pending; "
        + $"{p.Computed} computed{(p.Reruns > 0 ? $", {p.Reruns} shard re-runs" : "")}; {p.ActiveSilos} worker(s) alive");

    /// <summary>
    /// Waits for the sweep, saying once each why it may not progress (no workers; workers of another build refuse
    /// it), then prints its scores from the shared store in input order. Interrupted, it says the sweep goes on.
    /// </summary>
    private static int WaitAndPrint(ConsoleIo io, ClusterDatabase database, Sweeps sweeps, long id, string clusterId, string format, CancellationToken cancel)
    {
        string? said = null;
        string? last = null;
        while (true)
        {
            var progress = ProgressOf(sweeps, database, id, clusterId);
            if (progress.Sweep.State == "done") break;
            if (progress.Sweep.State == "cancelled") throw new NaswotException($"sweep {id} was cancelled ({progress.Done} of {progress.Sweep.Shards} shards done)");
            string? problem = progress.ActiveSilos == 0
                ? $"sweep {id}: no workers in cluster '{clusterId}' of {database.Display}; waiting (start `naswot worker --cluster …`)"
                : progress.Sweep.Refused is { } refused && progress.Leased == 0 ? $"sweep {id}: {refused}; waiting for a worker of this build" : null;
            if (problem is not null && problem != said) io.Error.WriteLine(Errors.ErrorText.Line($"naswot: {problem}"));
            said = problem ?? said;
            string line = Describe(progress);
            if (line != last) io.Error.WriteLine($"naswot: {line}");
            last = line;
            if (cancel.WaitHandle.WaitOne(Poll))
            {
                io.Error.WriteLine($"naswot: sweep {id} goes on without this process; `naswot sweep wait {id} --cluster …` reattaches");
                cancel.ThrowIfCancellationRequested();
            }
        }
        var sweep = sweeps.Find(id)!;
        var setup = SweepOptions.Setup(sweep, threads: 1);
        var cells = sweeps.CellsOf(id);
        using var store = ScoreStore.OpenReadOnly(database.ConnectionString);
        var stored = store.GetMany(cells.Select(setup.Evaluator.KeyOf));
        var missing = cells.Where(cell => !stored.ContainsKey(setup.Evaluator.KeyOf(cell))).Distinct().ToList();
        // Transient failures on workers are never stored; like `naswot score`, they are scored (again) here.
        if (missing.Count > 0) io.Error.WriteLine($"naswot: sweep {id}: {missing.Count} architecture(s) not in the store (transient failures on workers): scoring them here");
        using var writable = missing.Count > 0 ? new ScoreStore(database.ConnectionString) : null;
        var results = setup.Evaluator.Evaluate(cells, writable ?? store);
        if (format == "csv") ScoreCommand.WriteCsv(io.Output, setup, results);
        else io.Output.WriteLine(Describe(ProgressOf(sweeps, database, id, clusterId)));
        return results.Any(e => e.Status == ScoreStatus.Failed) ? 3 : 0;
    }

    private static List<string> Architectures(ISearchSpace space, Func<string, string> canonicalize, bool all, int? sample, ulong seed, string? file)
    {
        int given = (all ? 1 : 0) + (sample is null ? 0 : 1) + (file is null ? 0 : 1);
        if (given != 1) throw new NaswotException("give exactly one of --all, --sample K or --archs-file F");
        if (sample is { } count)
        {
            if (count < 1) throw new NaswotException($"--sample {count}: expected 1 or more");
            var random = new SeededRandom(seed);
            return [.. Enumerable.Range(0, count).Select(_ => canonicalize(space.Sample(random)))];
        }
        if (all) return [.. space.Enumerate().Select(canonicalize)];
        return ArchitectureFile.Read(file!, canonicalize);
    }
}
