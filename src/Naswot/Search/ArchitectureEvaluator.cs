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
        _network = new NetworkSpec(NetworkShape.Of(dataset), batch.Count, options.InitSeed, Network)
        {
            WithoutWeights = !options.Proxy.Needs.HasFlag(ProxyNeeds.SignTaps),
        };
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
    public ScoreKey KeyOf(string architecture) => ScoreKey.For(_space.Name, Canonicalize(architecture), Network, _dataset.Name, DataKey, _options);

    /// <summary>Scores <paramref name="architectures"/> (duplicates scored once) and returns results in input order.</summary>
    /// <exception cref="StoreException">The store cannot be read (writes that fail do not throw: see <see cref="ScoreStore.WriteFailure"/>).</exception>
    /// <exception cref="NaswotException">A network's memory estimate exceeds <see cref="RuntimeOptions.MaxMemoryBytes"/>; the scores before it are kept.</exception>
    /// <param name="progress">Called on the calling thread with the number of architectures done so far.</param>
    public IReadOnlyList<Evaluation> Evaluate(IReadOnlyList<string> architectures, ScoreStore? store, Action<int>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(architectures);
        var keys = architectures.Select(KeyOf).ToArray();
        var known = new Dictionary<ScoreKey, Evaluation>();
        if (store is not null)
        {
            foreach (var (key, stored) in store.GetMany(keys.Distinct()))
            {
                if (RetryFailed && stored.Status == ScoreStatus.Failed) continue;
                known[key] = new Evaluation(key.Architecture, stored.Status, stored.Score, stored.Message, stored.Seconds, FromStore: true);
            }
        }
        int done = keys.Count(known.ContainsKey);
        progress?.Invoke(done);
        var copies = keys.CountBy(k => k).ToDictionary();

        var pending = keys.Where(k => !known.ContainsKey(k)).Distinct().ToList();
        // All stored (searches ask for a few cells at a time, again and again): no workers, no writer.
        if (pending.Count == 0) return [.. keys.Select(k => known[k])];
        using var writer = store?.BeginWriting(rowsPerCommit: 1);
        int atOnce = Math.Clamp(pending.Count, 1, _workers);
        void Record(ScoreKey key, Evaluation evaluation)
        {
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
            done += copies[key];
            progress?.Invoke(done);
        }
        new ScoringPipeline(_batch, _options.Proxy, _runtime, _workers).Run(
            pending,
            key => WithinMemory(_space.Networks.Build(key.Architecture, _network), key.Architecture, atOnce),
            (key, result) => Record(key, Completed(key.Architecture, result)),
            (key, failure, seconds) => Record(key, new Evaluation(key.Architecture, ScoreStatus.Failed, double.NaN, failure.Message, seconds, false)
            {
                Transient = failure.Transient,
            }),
            cancel);
        return [.. keys.Select(k => known[k])];
    }

    /// <summary>A network that needs more memory than its worker's share stops the run before it runs (a forward pass never gets the chance to exhaust the machine).</summary>
    /// <param name="atOnce">Networks scored at the same time: the pipeline runs no more workers than it has architectures.</param>
    private NetworkGraph WithinMemory(NetworkGraph graph, string architecture, int atOnce)
    {
        if (!_network.WithoutWeights)
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
