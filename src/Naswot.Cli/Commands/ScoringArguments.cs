using System.CommandLine;
using Naswot.Data;
using Naswot.Runtime;
using Naswot.Scoring;
using Naswot.Search;
using Naswot.Spaces;

namespace Naswot.Cli.Commands;

/// <summary>The options every scoring command shares, mapped to library settings in one place.</summary>
internal sealed class ScoringArguments
{
    public Option<string> Space { get; } = new("--space") { Description = "Search space", DefaultValueFactory = _ => "nb201" };
    public Option<string> Dataset { get; } = new("--dataset") { Description = "cifar10, cifar100 or imagenet16-120", DefaultValueFactory = _ => "cifar10" };
    public Option<string?> Data { get; } = new("--data") { Description = "Data file or folder (default: the bundled sample of --dataset)" };
    public Option<int> BatchSize { get; } = new("--batch-size") { Description = "Images in the minibatch (B)", DefaultValueFactory = _ => 128 };
    public Option<string> Batch { get; } = new("--batch") { Description = "first: the first B records; random: a seeded sample", DefaultValueFactory = _ => "first" };
    public Option<ulong> BatchSeed { get; } = new("--batch-seed") { Description = "Seed of --batch random", DefaultValueFactory = _ => 1UL };
    public Option<ulong> Seed { get; } = new("--seed") { Description = "Seed of the networks' initial weights", DefaultValueFactory = _ => 1UL };
    public Option<string> ReluCount { get; } = new("--relu-count") { Description = "reference: as the original code (ReLU-Conv-BN inputs twice); once: the paper's formula", DefaultValueFactory = _ => "reference" };
    public Option<int> Threads { get; } = new("--threads") { Description = "Threads per forward pass (0: cores / workers); idle workers' threads go to the busy ones", DefaultValueFactory = _ => 0 };
    public Option<int> Workers { get; } = new("--workers") { Description = "Architectures scored at once (0: one per core, at most 4)", DefaultValueFactory = _ => 0 };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Space, Dataset, Data, BatchSize, Batch, BatchSeed, Seed, ReluCount, Threads, Workers })
            command.Options.Add(option);
    }

    public ISearchSpace SearchSpace(ParseResult p) => SearchSpaces.Get(p.GetValue(Space)!);

    public DatasetInfo DatasetInfo(ParseResult p) => Datasets.Get(p.GetValue(Dataset)!);

    public ScoreOptions ScoreOptions(ParseResult p)
    {
        int size = p.GetValue(BatchSize);
        if (size < 2) throw new NaswotException($"--batch-size {size}: expected at least 2 images (K is B×B)");
        var batch = p.GetValue(Batch) switch
        {
            "first" => BatchSelection.First(size),
            "random" => BatchSelection.Random(size, p.GetValue(BatchSeed)),
            var other => throw new NaswotException($"--batch '{other}': expected first or random"),
        };
        var count = p.GetValue(ReluCount) switch
        {
            "reference" => Scoring.ReluCount.Reference,
            "once" => Scoring.ReluCount.Once,
            var other => throw new NaswotException($"--relu-count '{other}': expected reference or once"),
        };
        return new ScoreOptions { Batch = batch, InitSeed = p.GetValue(Seed), ReluCount = count };
    }

    public ParallelLayout Layout(ParseResult p) => ParallelLayout.For(Environment.ProcessorCount, p.GetValue(Workers), p.GetValue(Threads));

    /// <summary>Everything a scoring command needs, from the options, validated.</summary>
    public ScoringSetup Prepare(ParseResult p)
    {
        var space = SearchSpace(p);
        var dataset = DatasetInfo(p);
        var options = ScoreOptions(p);
        var layout = Layout(p);
        var batch = LoadBatch(p, dataset, options);
        var runtime = new RuntimeOptions { IntraOpThreads = layout.ThreadsPerWorker };
        return new ScoringSetup(space, dataset, options, batch, new ArchitectureEvaluator(space, dataset, batch, options, runtime, layout.Workers));
    }

    public ImageBatch LoadBatch(ParseResult p, DatasetInfo dataset, ScoreOptions options) =>
        p.GetValue(Data) is { } path ? DataSource.Load(path, dataset, options.Batch) : DataSource.LoadBundled(dataset, options.Batch);

    /// <summary>The settings behind a number, printed beside it.</summary>
    public static string Describe(ISearchSpace space, ImageBatch batch, ScoreOptions options) =>
        $"space {space.Name}, data {batch.Source}, batch {batch.Count}, init seed {options.InitSeed}, relu-count {options.ReluCount.ToString().ToLowerInvariant()}, score v{Scoring.ScoreOptions.ScoreVersion}";
}

/// <summary>The space, data and score settings of one command, and the evaluator built from them.</summary>
internal sealed record ScoringSetup(ISearchSpace Space, DatasetInfo Dataset, ScoreOptions Options, ImageBatch Batch, ArchitectureEvaluator Evaluator)
{
    public string Settings => ScoringArguments.Describe(Space, Batch, Options);
}
