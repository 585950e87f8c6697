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
/// </summary>
public sealed class ArchitectureEvaluator
{
    private readonly ISearchSpace _space;
    private readonly DatasetInfo _dataset;
    private readonly ImageBatch _batch;
    private readonly ScoreOptions _options;
    private readonly RuntimeOptions _runtime;
    private readonly int _workers;

    /// <param name="workers">Cells scored at once; each worker's forward pass uses <see cref="RuntimeOptions.IntraOpThreads"/> threads.</param>
    public ArchitectureEvaluator(ISearchSpace space, DatasetInfo dataset, ImageBatch batch, ScoreOptions options, RuntimeOptions runtime, int workers)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(workers);
        if (batch.Count != options.Batch.Count)
            throw new ArgumentException($"batch holds {batch.Count} images but the options ask for {options.Batch.Count}", nameof(batch));
        _space = space;
        _dataset = dataset;
        _batch = batch;
        _options = options;
        _runtime = runtime;
        _workers = workers;
        DataKey = HashOf(batch);
    }

    /// <summary>Identifies the images by content, so a renamed file still finds its scores and an edited one does not.</summary>
    public string DataKey { get; }

    public ScoreKey KeyOf(string architecture) => ScoreKey.For(_space, architecture, _dataset.Name, DataKey, _options);

    /// <summary>Scores <paramref name="architectures"/> (duplicates scored once) and returns results in input order.</summary>
    /// <param name="progress">Called on the calling thread with the number of architectures done so far.</param>
    public IReadOnlyList<Evaluation> Evaluate(IReadOnlyList<string> architectures, ScoreStore? store, Action<int>? progress = null, CancellationToken cancel = default)
    {
        var keys = architectures.Select(KeyOf).ToArray();
        var known = new Dictionary<ScoreKey, Evaluation>();
        if (store is not null)
        {
            foreach (var (key, stored) in store.GetMany(keys.Distinct()))
                known[key] = new Evaluation(key.Architecture, stored.Status, stored.Score, stored.Message, stored.Seconds, FromStore: true);
        }
        int done = keys.Count(known.ContainsKey);
        progress?.Invoke(done);
        var copies = keys.CountBy(k => k).ToDictionary();

        var pending = keys.Where(k => !known.ContainsKey(k)).Distinct().ToList();
        using var writer = store?.BeginWriting(rowsPerCommit: 1);
        void Record(ScoreKey key, Evaluation evaluation)
        {
            writer?.Add(key, ToStored(evaluation));
            known[key] = evaluation;
            done += copies[key];
            progress?.Invoke(done);
        }
        new ScoringPipeline(_batch, _options, _runtime, _workers).Run(
            pending,
            key => NetworkFactory.Build(_space, key.Architecture, _dataset, _batch.Count, _options.InitSeed),
            (key, result) => Record(key, result.IsSingular
                ? new Evaluation(key.Architecture, ScoreStatus.Singular, double.NegativeInfinity, null, result.Times.Total, false)
                : new Evaluation(key.Architecture, ScoreStatus.Ok, result.Score, null, result.Times.Total, false)),
            // A network ONNX Runtime cannot run is this cell's failure, recorded with its reason; other errors are bugs and propagate.
            (key, error, seconds) => Record(key, new Evaluation(key.Architecture, ScoreStatus.Failed, double.NaN, error.Message.ReplaceLineEndings(" "), seconds, false)),
            cancel);
        return [.. keys.Select(k => known[k])];
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
