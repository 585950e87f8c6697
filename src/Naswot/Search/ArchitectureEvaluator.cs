using System.Security.Cryptography;
using System.Runtime.InteropServices;
using Naswot.Data;
using Naswot.Networks;
using Naswot.Runtime;
using Naswot.Scoring;
using Naswot.Spaces;
using Naswot.Store;

namespace Naswot.Search;

/// <summary>
/// Scores many architectures of one space on one batch: stored scores are reused, new ones are stored as
/// they come (a killed run loses at most the cells in flight), and cells run through a <see cref="ScoringPipeline"/>.
/// A store that fails to take a score (disk full, read-only, locked) costs no score: the run goes on without
/// storing, and the store's <see cref="ScoreStore.WriteFailure"/> says why.
/// </summary>
public sealed class ArchitectureEvaluator
{
    private readonly RegisteredSpace _space;
    private readonly DatasetInfo _dataset;
    private readonly ImageBatch _batch;
    private readonly ScoreOptions _options;
    private readonly RuntimeOptions _runtime;
    private readonly int _workers;
    private readonly NetworkSpec _network;

    /// <param name="workers">Cells scored at once; each worker's forward pass uses <see cref="RuntimeOptions.IntraOpThreads"/> threads.</param>
    /// <exception cref="NaswotException">The options' network settings are not the space's.</exception>
    public ArchitectureEvaluator(RegisteredSpace space, DatasetInfo dataset, ImageBatch batch, ScoreOptions options, RuntimeOptions runtime, int workers)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(workers);
        if (batch.Count != options.Batch.Count)
            throw new ArgumentException($"batch holds {batch.Count} images but the options ask for {options.Batch.Count}", nameof(batch));
        _space = space;
        _dataset = dataset;
        _batch = batch;
        _options = options;
        _runtime = runtime;
        _workers = workers;
        Network = space.NetworkSettings(options.SpaceSettings);
        _network = new NetworkSpec(NetworkShape.Of(dataset), batch.Count, options.InitSeed, Network);
        DataKey = HashOf(batch);
    }

    /// <summary>Identifies the images by content, so a renamed file still finds its scores and an edited one does not.</summary>
    public string DataKey { get; }

    /// <summary>The space's network settings in force, defaults filled in.</summary>
    public SettingValues Network { get; }

    /// <summary>Recompute architectures whose stored result is a failure, instead of serving the failure.</summary>
    public bool RetryFailed { get; init; }

    /// <summary>The canonical form of <paramref name="architecture"/> under this evaluator's settings (e.g. NDS width and depth).</summary>
    /// <exception cref="ArchitectureException">The architecture is not of the space.</exception>
    public string Canonicalize(string architecture) => _space.Canonicalize(architecture, _options.SpaceSettings);

    /// <summary>The store key of <paramref name="architecture"/> under this evaluator's settings.</summary>
    /// <exception cref="ArchitectureException">The architecture is not of the space.</exception>
    public ScoreKey KeyOf(string architecture) => KeyOf(architecture, _options.Proxy);

    /// <summary>The store key of <paramref name="architecture"/> scored with <paramref name="proxy"/>, one of the options' proxies.</summary>
    /// <exception cref="ArchitectureException">The architecture is not of the space.</exception>
    public ScoreKey KeyOf(string architecture, IProxy proxy) =>
        ScoreKey.For(_space.Name, Canonicalize(architecture), Network, _dataset.Name, DataKey, _options, proxy);

    /// <summary>The proxies every architecture is scored with, in order.</summary>
    public IReadOnlyList<IProxy> Proxies => _options.Proxies;

    /// <summary>
    /// Scores <paramref name="architectures"/> (duplicates scored once) with every one of <see cref="Proxies"/>, as
    /// <see cref="EvaluateAll"/> does, and returns the first proxy's results in input order.
    /// </summary>
    /// <exception cref="StoreException">The store cannot be read (writes that fail do not throw: see <see cref="ScoreStore.WriteFailure"/>).</exception>
    /// <exception cref="NaswotException">A network's memory estimate exceeds <see cref="RuntimeOptions.MaxMemoryBytes"/>; the scores before it are kept.</exception>
    /// <param name="progress">Called on the calling thread with the number of architectures done so far.</param>
    public IReadOnlyList<Evaluation> Evaluate(IReadOnlyList<string> architectures, ScoreStore? store, Action<int>? progress = null, CancellationToken cancel = default) =>
        EvaluateAll(architectures, store, progress, cancel)[0];

    /// <summary>
    /// Scores <paramref name="architectures"/> with every one of <see cref="Proxies"/> and returns, per proxy, the results in
    /// input order. Each proxy's score is stored on its own; an architecture runs only the proxies it has no stored score
    /// of, all of them from one forward pass per input kind.
    /// </summary>
    /// <exception cref="StoreException">The store cannot be read (writes that fail do not throw: see <see cref="ScoreStore.WriteFailure"/>).</exception>
    /// <exception cref="NaswotException">A network's memory estimate exceeds <see cref="RuntimeOptions.MaxMemoryBytes"/>; the scores before it are kept.</exception>
    /// <param name="progress">Called on the calling thread with the number of architectures done so far (all their proxies).</param>
    public IReadOnlyList<IReadOnlyList<Evaluation>> EvaluateAll(IReadOnlyList<string> architectures, ScoreStore? store, Action<int>? progress = null,
        CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(architectures);
        var proxies = _options.Proxies;
        var canonical = architectures.Select(Canonicalize).ToArray();
        var keys = proxies.Select(p => canonical.Select(a => KeyOf(a, p)).ToArray()).ToArray();
        var known = new Dictionary<ScoreKey, Evaluation>();
        if (store is not null)
        {
            foreach (var (key, stored) in store.GetMany(keys.SelectMany(k => k).Distinct()))
            {
                if (RetryFailed && stored.Status == ScoreStatus.Failed) continue;
                known[key] = new Evaluation(key.Architecture, stored.Status, stored.Score, stored.Message, stored.Seconds, FromStore: true);
            }
        }
        // An architecture's missing proxies; architectures missing the same ones run through one pipeline.
        var missing = canonical.Distinct().ToDictionary(a => a, _ => new List<int>());
        for (int a = 0; a < canonical.Length; a++)
            for (int p = 0; p < proxies.Count; p++)
                if (!known.ContainsKey(keys[p][a]) && !missing[canonical[a]].Contains(p)) missing[canonical[a]].Add(p);
        var copies = canonical.CountBy(a => a).ToDictionary();
        int done = missing.Where(m => m.Value.Count == 0).Sum(m => copies[m.Key]);
        progress?.Invoke(done);
        var groups = missing.Where(m => m.Value.Count > 0).GroupBy(m => string.Join(',', m.Value), m => m.Key).ToList();
        // All stored (searches ask for a few cells at a time, again and again): no workers, no writer.
        if (groups.Count == 0) return Results(keys, known);
        using var writer = store?.BeginWriting(rowsPerCommit: 1);
        foreach (var group in groups)
        {
            var indices = missing[group.First()];
            var groupProxies = indices.Select(i => proxies[i]).ToArray();
            var pending = group.ToList();
            int atOnce = Math.Clamp(pending.Count, 1, _workers);
            var network = _network with { WithoutWeights = !NetworkScorer.RunsNetworks(groupProxies) };
            void Record(string architecture, IReadOnlyList<Evaluation> evaluations)
            {
                for (int i = 0; i < indices.Count; i++)
                {
                    var key = KeyOf(architecture, proxies[indices[i]]);
                    var evaluation = evaluations[i];
                    // A transient failure says nothing about the architecture: reported, never stored.
                    if (!evaluation.Transient && writer is not null)
                    {
                        try
                        {
                            writer.Add(key, ToStored(evaluation));
                        }
                        catch (StoreException)
                        {
                            // The score stands and is returned; the store keeps the failure and the count of what it missed.
                        }
                    }
                    known[key] = evaluation;
                }
                done += copies[architecture];
                progress?.Invoke(done);
            }
            new ScoringPipeline(_batch, groupProxies, _runtime, _workers).RunAll(
                pending,
                architecture => WithinMemory(_space.Networks.Build(architecture, network), architecture, atOnce, network),
                (architecture, results) => Record(architecture, [.. results.Select(r => Completed(architecture, r))]),
                (architecture, failure, seconds) => Record(architecture, [.. indices.Select(_ =>
                    new Evaluation(architecture, ScoreStatus.Failed, double.NaN, failure.Message, seconds, false) { Transient = failure.Transient })]),
                cancel);
        }
        return Results(keys, known);
    }

    private static IReadOnlyList<IReadOnlyList<Evaluation>> Results(ScoreKey[][] keys, Dictionary<ScoreKey, Evaluation> known) =>
        [.. keys.Select(perProxy => (IReadOnlyList<Evaluation>)[.. perProxy.Select(k => known[k])])];

    /// <summary>A network that needs more memory than its worker's share stops the run before it runs (a forward pass never gets the chance to exhaust the machine).</summary>
    /// <param name="atOnce">Networks scored at the same time: the pipeline runs no more workers than it has architectures.</param>
    private NetworkGraph WithinMemory(NetworkGraph graph, string architecture, int atOnce, NetworkSpec network)
    {
        if (!network.WithoutWeights)
            MemoryBudget.Check(graph, _batch.Count, atOnce, _runtime.MaxMemoryBytes, $"the {_space.Name} network of '{architecture}'");
        return graph;
    }

    private static Evaluation Completed(string architecture, ScoreResult result)
    {
        double seconds = result.Times.Total;
        if (result.IsSingular) return new Evaluation(architecture, ScoreStatus.Singular, double.NegativeInfinity, null, seconds, false);
        // A proxy that returns NaN or +∞ on a network does so every time: a final failure, never a number to rank.
        if (!double.IsFinite(result.Score)) return new Evaluation(architecture, ScoreStatus.Failed, double.NaN, $"the proxy returned {result.Score}", seconds, false);
        return new Evaluation(architecture, ScoreStatus.Ok, result.Score, null, seconds, false);
    }

    private static StoredScore ToStored(Evaluation e) => e.Status switch
    {
        ScoreStatus.Ok => StoredScore.Ok(e.Score, e.Seconds),
        ScoreStatus.Singular => StoredScore.Singular(e.Seconds),
        _ => StoredScore.Failed(e.Message ?? "failed", e.Seconds),
    };

    private static string HashOf(ImageBatch batch)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(MemoryMarshal.AsBytes(batch.Pixels.AsSpan()));
        sha.AppendData(MemoryMarshal.AsBytes(batch.Labels.AsSpan()));
        return "sha256:" + Convert.ToHexStringLower(sha.GetHashAndReset())[..16];
    }
}
