using System.CommandLine;
using Naswot.Benchmarks;
using Naswot.Data;
using Naswot.Runtime;
using Naswot.Scoring;
using Naswot.Search;

namespace Naswot.Cli.Commands;

/// <summary>
/// The options every scoring command shares, mapped to library settings in one place. The settings that spaces'
/// networks and proxies declare become options here too, so a new space or proxy needs no CLI code.
/// </summary>
internal sealed class ScoringArguments
{
    private readonly SettingOptions _settings = new(withProxies: true);

    /// <param name="fixedSpace">The space the command is for (no <c>--space</c> option), or null to offer one.</param>
    public ScoringArguments(RegisteredSpace? fixedSpace = null) => FixedSpace = fixedSpace;

    public RegisteredSpace? FixedSpace { get; }

    public Option<string> Space { get; } = new("--space") { Description = $"Search space: {string.Join(", ", SearchSpaces.All.Select(s => s.Name))}", DefaultValueFactory = _ => "nb201" };
    public Option<string> Dataset { get; } = new("--dataset") { Description = string.Join(", ", Datasets.All.Select(d => d.Name)), DefaultValueFactory = _ => "cifar10" };
    public Option<string?> Data { get; } = new("--data") { Description = "Data file or folder (default: the bundled sample of --dataset), or an image folder: one sub-folder of PNG/JPEG/BMP/WebP/GIF images per class" };
    public Option<int?> ImageSize { get; } = new("--image-size") { Description = "Image folders: side of the square images the network takes; the shorter side is scaled to it, then the centre cut (default 32)" };
    public Option<string?> Mean { get; } = new("--mean") { Description = "Per-channel mean of pixel/255 to normalise with, R,G,B (default: the dataset's; for an image folder, the batch's own)" };
    public Option<string?> Std { get; } = new("--std") { Description = "Per-channel standard deviation of pixel/255, R,G,B (with --mean)" };
    public Option<int> BatchSize { get; } = new("--batch-size") { Description = "Images in the minibatch (B)", DefaultValueFactory = _ => 128 };
    public Option<string> Batch { get; } = new("--batch") { Description = "first: the first B records; random: a seeded sample", DefaultValueFactory = _ => "first" };
    public Option<ulong> BatchSeed { get; } = new("--batch-seed") { Description = "Seed of --batch random", DefaultValueFactory = _ => 1UL };
    public Option<ulong> Seed { get; } = new("--seed") { Description = "Seed of the networks' initial weights", DefaultValueFactory = _ => 1UL };
    public Option<string> Proxy { get; } = new("--proxy")
    {
        Description = $"Training-free score, or several separated by commas (one forward pass for all, one column each): {string.Join(", ", ProxyRegistry.All.Select(p => $"{p.Name} ({p.Description})"))}; " +
                      $"{RankEnsemble.Name}: {string.Join(",", RankEnsemble.Recommended)} with --combine rank",
        DefaultValueFactory = _ => "naswot",
    };
    public Option<string> Combine { get; } = new("--combine") { Description = "none, or rank: add the ensemble Σ log(rank/N) of the proxies over the run's architectures (AZ-NAS)", DefaultValueFactory = _ => "none" };
    public Option<int> Threads { get; } = new("--threads") { Description = "Threads per forward pass (0: cores / workers); idle workers' threads go to the busy ones", DefaultValueFactory = _ => 0 };
    public Option<int> Workers { get; } = new("--workers") { Description = "Architectures scored at once (0: one per core, at most 4)", DefaultValueFactory = _ => 0 };
    public Option<bool> RetryFailed { get; } = new("--retry-failed") { Description = "Recompute architectures whose stored result is a failure" };
    public Option<string?> MaxMemory { get; } = new("--max-memory") { Description = $"Memory the networks scored at once may take, e.g. 8G or 512M (default: three quarters of this machine's, {MemoryBudget.Format(MemoryBudget.Default)}); a network estimated past it is refused before it runs" };

    public void AddTo(Command command)
    {
        if (FixedSpace is null) command.Options.Add(Space);
        foreach (var option in new Option[] { Dataset, Data, ImageSize, Mean, Std, BatchSize, Batch, BatchSeed, Seed, Proxy, Combine })
            command.Options.Add(option);
        _settings.AddTo(command);
        foreach (var option in new Option[] { Threads, Workers, MaxMemory, RetryFailed })
            command.Options.Add(option);
    }

    public RegisteredSpace SearchSpace(ParseResult p) => FixedSpace ?? SearchSpaces.Get(p.GetValue(Space)!);

    public DatasetInfo DatasetInfo(ParseResult p) => Datasets.Get(p.GetValue(Dataset)!);

    public ScoreOptions ScoreOptions(ParseResult p, RegisteredSpace space)
    {
        int size = p.GetValue(BatchSize);
        if (size < 2) throw new NaswotException($"--batch-size {size}: expected at least 2 images (K is B×B)");
        var batch = p.GetValue(Batch) switch
        {
            "first" => BatchSelection.First(size),
            "random" => BatchSelection.Random(size, p.GetValue(BatchSeed)),
            var other => throw new NaswotException($"--batch '{other}': expected first or random"),
        };
        var (spaceSettings, proxies) = _settings.ForSpaceAndProxies(p, space, ProxyDefinitions(p));
        return new ScoreOptions
        {
            Batch = batch,
            InitSeed = p.GetValue(Seed),
            Proxies = proxies,
            SpaceSettings = spaceSettings,
        };
    }

    /// <summary>The proxies --proxy names, in order, each once; <c>ensemble</c> stands for the recommended set.</summary>
    public IReadOnlyList<ProxyDefinition> ProxyDefinitions(ParseResult p) => ProxyDefinitions(p.GetValue(Proxy)!);

    /// <summary>The proxies of a --proxy value, in order, each once; <c>ensemble</c> stands for the recommended set.</summary>
    public static IReadOnlyList<ProxyDefinition> ProxyDefinitions(string text)
    {
        var names = text.Split(',', StringSplitOptions.TrimEntries);
        if (names.Any(n => n.Length == 0)) throw new NaswotException($"--proxy '{text}': an empty name (expected names separated by commas)");
        var expanded = names.SelectMany(n => n.Equals(RankEnsemble.Name, StringComparison.OrdinalIgnoreCase) ? RankEnsemble.Recommended : [n]);
        return [.. expanded.Select(ProxyRegistry.Get).Distinct()];
    }

    /// <summary>Whether the run adds the rank ensemble: --combine rank, or --proxy naming the ensemble.</summary>
    public bool CombinesRanks(ParseResult p)
    {
        bool ensemble = p.GetValue(Proxy)!.Split(',', StringSplitOptions.TrimEntries).Any(n => n.Equals(RankEnsemble.Name, StringComparison.OrdinalIgnoreCase));
        return p.GetValue(Combine) switch
        {
            "none" => ensemble,
            "rank" => true,
            var other => throw new NaswotException($"--combine '{other}': expected none or rank"),
        };
    }

    /// <summary>Workers and threads, each at most one per core: more only slows scoring down and takes memory.</summary>
    public ParallelLayout Layout(ParseResult p)
    {
        int cores = Environment.ProcessorCount;
        foreach (var (option, value) in new[] { (Workers, p.GetValue(Workers)), (Threads, p.GetValue(Threads)) })
        {
            if (value < 0 || value > cores)
                throw new NaswotException($"{option.Name} {value}: expected 0 (automatic) to {cores}, the cores of this machine");
        }
        return ParallelLayout.For(cores, p.GetValue(Workers), p.GetValue(Threads));
    }

    /// <summary>The --max-memory limit in bytes; 0 for the default.</summary>
    public long MaxMemoryBytes(ParseResult p)
    {
        if (p.GetValue(MaxMemory) is not { } text) return 0;
        return MemoryBudget.TryParse(text, out long bytes)
            ? bytes
            : throw new NaswotException($"--max-memory {Errors.ErrorText.Quote(text)}: expected a size such as 8G, 512M or 1.5GiB (K, M, G, T are powers of 1024)");
    }

    /// <summary>Everything a scoring command needs, from the options, validated.</summary>
    /// <param name="warnings">Where to name the files an image folder skips; nowhere when null.</param>
    /// <param name="dataset">The dataset whose images are scored, where a command's --dataset means another (default: --dataset).</param>
    public ScoringSetup Prepare(ParseResult p, TextWriter? warnings = null, DatasetInfo? dataset = null)
    {
        var space = SearchSpace(p);
        var options = ScoreOptions(p, space);
        var layout = Layout(p);
        long maxMemory = MaxMemoryBytes(p);
        (dataset, var batch, _) = LoadData(p, options.Batch, warnings, dataset);
        var runtime = new RuntimeOptions { IntraOpThreads = layout.ThreadsPerWorker, MaxMemoryBytes = maxMemory };
        var evaluator = new ArchitectureEvaluator(space, dataset, batch, options, runtime, layout.Workers) { RetryFailed = p.GetValue(RetryFailed) };
        bool combine = CombinesRanks(p);
        if (combine && options.Proxies.Count < 2) throw new NaswotException($"--combine rank: give two or more proxies (--proxy a,b), not {options.Proxy.Name} alone");
        return new ScoringSetup(space, dataset, options, batch, evaluator) { CombineRanks = combine };
    }

    public ImageBatch LoadBatch(ParseResult p, DatasetInfo dataset, ScoreOptions options) =>
        p.GetValue(Data) is { } path ? DataSource.Load(path, dataset, options.Batch) : DataSource.LoadBundled(dataset, options.Batch);

    /// <summary>
    /// The batch and the dataset it stands for: an image folder's own (its classes, --image-size, its statistics or
    /// --mean/--std), or --dataset's, from --data or the bundled sample. Decoding time for image folders, else null.
    /// </summary>
    /// <param name="dataset">The dataset meant, where it is not --dataset's.</param>
    public (DatasetInfo Dataset, ImageBatch Batch, double? DecodeSeconds) LoadData(ParseResult p, BatchSelection selection, TextWriter? warnings,
        DatasetInfo? dataset = null)
    {
        dataset ??= DatasetInfo(p);
        float[]? mean = Statistics(p, Mean), std = Statistics(p, Std);
        if ((mean is null) != (std is null)) throw new NaswotException("give both --mean and --std, or neither");
        string? path = p.GetValue(Data);
        if (path is not null && IsImageFolder(path, dataset))
        {
            var folder = ImageFolder.Open(path);
            foreach (string file in folder.Skipped)
                warnings?.WriteLine($"naswot: warning: skipped {file}: not an image ({string.Join(", ", ImageFolder.Extensions)})");
            var loaded = folder.Load(selection, new ImageFolderOptions { ImageSize = p.GetValue(ImageSize) ?? 32, Mean = mean, Std = std });
            return (loaded.Dataset, loaded.Batch, loaded.DecodeSeconds);
        }
        if (p.GetValue(ImageSize) is { } size && size != dataset.Height)
            throw new NaswotException($"--image-size {size}: only image folders are resized; {dataset.Name} images are {dataset.Height}x{dataset.Width}");
        if (mean is not null) dataset = dataset with { Mean = mean, Std = std! };
        var batch = path is null ? DataSource.LoadBundled(dataset, selection) : DataSource.Load(path, dataset, selection);
        return (dataset, batch, null);
    }

    /// <summary>
    /// A folder is a dataset distribution when it holds the dataset's training file, else an image folder; a file is
    /// read as records unless it is named like an image (then the image folder explains what it wants).
    /// </summary>
    public static bool IsImageFolder(string path, DatasetInfo dataset)
    {
        if (File.Exists(path)) return ImageFolder.IsImageFile(path);
        if (!Directory.Exists(path)) return false;
        if (dataset.TrainingFiles.Any(f => File.Exists(Path.Combine(path, f)))) return false;
        if (Directory.GetDirectories(path).Length == 0 && !Directory.GetFiles(path).Any(ImageFolder.IsImageFile))
            throw new DataException($"{path}: neither an image folder (no class sub-folders) nor a {dataset.Name} distribution (looked for {string.Join(", ", dataset.TrainingFiles)})");
        return true;
    }

    private static float[]? Statistics(ParseResult p, Option<string?> option)
    {
        if (p.GetValue(option) is not { } text) return null;
        var parts = text.Split(',');
        var values = new float[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!float.TryParse(parts[i], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out values[i]))
                throw new NaswotException($"{option.Name} {text}: expected three numbers R,G,B of pixel/255, e.g. 0.49,0.48,0.45");
        }
        if (values.Length != 3 || option.Name == "--std" && values.Any(v => v <= 0))
            throw new NaswotException($"{option.Name} {text}: expected three {(option.Name == "--std" ? "positive " : "")}numbers R,G,B of pixel/255");
        return values;
    }

    /// <summary>The settings behind a number, printed beside it.</summary>
    public static string Describe(RegisteredSpace space, ImageBatch batch, ScoreOptions options)
    {
        var network = space.NetworkSettings(options.SpaceSettings);
        return $"space {space.Name}{Parenthesised(network)}, data {batch.Source}, batch {batch.Count}, init seed {options.InitSeed}, " +
               $"proxy {string.Join("; ", options.Proxies.Select(proxy => $"{proxy.Name} v{proxy.Version}{Parenthesised(proxy.Settings)}"))}";
    }

    private static string Parenthesised(SettingValues settings) => settings.Canonical.Length == 0 ? "" : $" ({settings.Describe()})";
}

/// <summary>The space, data and score settings of one command, and the evaluator built from them.</summary>
internal sealed record ScoringSetup(RegisteredSpace Space, DatasetInfo Dataset, ScoreOptions Options, ImageBatch Batch, ArchitectureEvaluator Evaluator)
{
    /// <summary>Whether the commands add the rank ensemble of the proxies (<see cref="RankEnsemble"/>).</summary>
    public bool CombineRanks { get; init; }

    /// <summary>The columns of the results: each proxy's name, then the ensemble's where it is combined.</summary>
    public IReadOnlyList<string> Columns => [.. Options.Proxies.Select(p => p.Name), .. CombineRanks ? [RankEnsemble.Name] : Array.Empty<string>()];

    /// <summary>More than one score per architecture: several proxies, or the ensemble beside them.</summary>
    public bool SeveralScores => Options.Proxies.Count > 1 || CombineRanks;

    /// <summary>The one-line refusal of a command that ranks by a single proxy, saying <paramref name="why"/>.</summary>
    public NaswotException OneProxyOnly(string why) =>
        new($"--proxy {string.Join(',', Options.Proxies.Select(p => p.Name))}{(CombineRanks ? " --combine rank" : "")}: {why}");

    public string Settings => ScoringArguments.Describe(Space, Batch, Options);

    /// <summary>The benchmark of this space and dataset, or null where none exists.</summary>
    public IBenchmark? Benchmark => Space.BenchmarkOn(Dataset.Name);

    /// <summary>The benchmark, for commands that compare scores with accuracies.</summary>
    public IBenchmark RequireBenchmark() => Benchmark ?? throw new NaswotException(
        $"space {Space.Name} has no accuracies on {Dataset.Name} (benchmarks: {(Space.Benchmarks.Count == 0 ? "none" : string.Join(", ", Space.Benchmarks.Select(b => b.Dataset)))})");
}
