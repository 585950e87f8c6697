using Naswot.Data;
using Naswot.Runtime;
using Naswot.Search;
using Naswot.Scoring;
using Naswot.Scoring.Proxies;
using Naswot.Spaces;
using Naswot.Store;

namespace Naswot.Tests.Store;

public sealed class ScoreStoreTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("naswot-store-").FullName;

    private static readonly ScoreKey Key = ScoreKey.For(
        "nb201", Nb201Space.Instance.CellAt(9930).ToString(), SettingValues.None, "cifar10", "sha256:0123abcd", new ScoreOptions());

    private string DbPath => Path.Combine(_folder, "scores.db");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void ScoresAreCheckedAgainstTheirStatus()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => StoredScore.Ok(double.NegativeInfinity, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => StoredScore.Ok(double.NaN, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => StoredScore.Ok(1, -1));
        Assert.Throws<ArgumentException>(() => StoredScore.Failed(" ", 1));
    }

    [Fact]
    public void KeyHoldsTheCanonicalArchitectureTheNetworkSettingsTheBatchAndTheProxy()
    {
        var dataset = Datasets.Get("cifar10");
        var batch = DataSource.LoadBundled(dataset, BatchSelection.First(8));
        ScoreKey KeyOf(string space, string arch, ScoreOptions options) =>
            new ArchitectureEvaluator(SearchSpaces.Get(space), dataset, batch, options, new RuntimeOptions(), 1).KeyOf(arch);

        string arch = Nb201Space.Instance.CellAt(5).ToString();
        var options = new ScoreOptions { Batch = BatchSelection.First(8), InitSeed = 9 };
        var first = KeyOf("nb201", "  " + arch + " ", options);
        Assert.Equal(arch, first.Architecture);
        Assert.Equal(("naswot", 1, "relu-count=reference", ""), (first.Proxy, first.ProxyVersion, first.ProxySettings, first.Network));
        var random = options with { Batch = BatchSelection.Random(8, 7) };
        var randomBatch = DataSource.LoadBundled(dataset, random.Batch);
        Assert.NotEqual(first, new ArchitectureEvaluator(SearchSpaces.Get("nb201"), dataset, randomBatch, random, new RuntimeOptions(), 1).KeyOf(arch));
        var once = KeyOf("nb201", arch, options with { Proxy = new NaswotProxy(ReluCount.Once) });
        Assert.Equal("relu-count=once", once.ProxySettings);
        var flops = KeyOf("nb201", arch, options with { Proxy = ProxyRegistry.Get("flops").With() });
        Assert.Equal(("flops", ""), (flops.Proxy, flops.ProxySettings));
        Assert.Throws<ArchitectureException>(() => KeyOf("nb201", "|bogus~0|", options));

        // Network settings enter the key with their defaults written out.
        string cell = Nb101Space.Instance.Sample(new SeededRandom(2));
        Assert.Equal("stem-channels=16", KeyOf("nb101", cell, options).Network);
        var wide = options with { SpaceSettings = SettingValues.Of(SearchSpaces.Get("nb101").Settings, new Dictionary<string, string> { ["stem-channels"] = "128" }) };
        Assert.Equal("stem-channels=128", KeyOf("nb101", cell, wide).Network);
        Assert.Throws<NaswotException>(() => KeyOf("nb201", arch, wide));
    }

    [Fact]
    public void RowsSurviveDisposeAndReopen()
    {
        using (var store = new ScoreStore(DbPath)) store.Put(Key, StoredScore.Singular(3));
        // The last connection closed cleanly: WAL checkpointed and removed, so nothing held the file open.
        Assert.False(File.Exists(DbPath + "-wal"));
        using var reopened = new ScoreStore(DbPath);
        Assert.True(reopened.TryGet(Key, out var read));
        Assert.Equal(ScoreStatus.Singular, read.Status);
    }

    [Fact]
    public void AKillMidRunKeepsCommittedRowsAndASoundFile()
    {
        var committed = Enumerable.Range(0, 200).Select(i => Key with { Architecture = Nb201Space.Instance.CellAt(i).ToString() }).ToArray();
        var uncommitted = Nb201Space.Instance.All().Skip(200).Select(cell => Key with { Architecture = cell.ToString(), DataKey = new string('x', 200) }).ToArray();
        string killed = Path.Combine(_folder, "killed");
        Directory.CreateDirectory(killed);

        using (var store = new ScoreStore(DbPath))
        {
            store.PutMany(committed.Select(key => KeyValuePair.Create(key, StoredScore.Ok(1, 0))));
            long walAfterCommit = new FileInfo(DbPath + "-wal").Length;
            using var writer = store.BeginWriting(rowsPerCommit: int.MaxValue, maxDelay: TimeSpan.MaxValue);
            foreach (var key in uncommitted) writer.Add(key, StoredScore.Failed("never committed", 0));
            // The big open transaction has spilled pages into the WAL, as a long run would.
            Assert.True(new FileInfo(DbPath + "-wal").Length > walAfterCommit);

            // What a SIGKILL leaves on disk now: the database and its WAL as they are, no shared-memory index.
            File.Copy(DbPath, Path.Combine(killed, "scores.db"));
            File.Copy(DbPath + "-wal", Path.Combine(killed, "scores.db-wal"));
        }

        using var recovered = new ScoreStore(Path.Combine(killed, "scores.db"));
        Assert.Equal("ok", recovered.CheckIntegrity());
        Assert.Equal(committed.Length, recovered.GetMany(committed).Count);
        Assert.Empty(recovered.GetMany(uncommitted));
    }

    [Fact]
    public void AFileThatIsNotAStoreGivesAOneLineError()
    {
        File.WriteAllText(DbPath, "these are not the scores you are looking for, padded to more than one page of text. " + new string('-', 4096));
        var error = Assert.ThrowsAny<NaswotException>(() => new ScoreStore(DbPath));
        Assert.Contains(DbPath, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void PathComesFromOptionThenEnvironmentThenCacheFolder()
    {
        // A private environment: the process's own is shared by tests running in parallel.
        var environment = new Dictionary<string, string> { [ScoreStore.PathVariable] = "/env/scores.db", ["XDG_CACHE_HOME"] = "/xdg" };
        string? Lookup(string name) => environment.GetValueOrDefault(name);
        Assert.Equal("/cli/scores.db", ScoreStore.ResolvePath("/cli/scores.db", Lookup));
        Assert.Equal("/env/scores.db", ScoreStore.ResolvePath(null, Lookup));
        environment.Remove(ScoreStore.PathVariable);
        Assert.Equal("/xdg/naswot/scores.db", ScoreStore.ResolvePath(null, Lookup));
        environment.Remove("XDG_CACHE_HOME");
        Assert.EndsWith("/.cache/naswot/scores.db", ScoreStore.ResolvePath(null, Lookup));
    }

    /// <summary>
    /// A store written by the last schema-1 release (<c>naswot score</c> at commit 83c6e4f, batch 16, both ReLU counts;
    /// one failed row added by hand with sqlite3, as no NB201 cell fails): every row comes back under the naswot proxy.
    /// </summary>
    [Fact]
    public void AVersion1StoreIsMigratedInPlaceWithEveryRow()
    {
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Store", "Fixtures", "scores-v1.db"), DbPath);
        var before = RawRows(DbPath, "SELECT architecture, relu_count, status, score, message, seconds FROM scores");
        Assert.Equal(7, before.Count);
        Assert.Equal(1L, RawRows(DbPath, "PRAGMA user_version")[0][0]);

        var options = new ScoreOptions { Batch = BatchSelection.First(16) };
        using (var store = new ScoreStore(DbPath))
        {
            foreach (var row in before)
            {
                var proxy = new NaswotProxy((string)row[1]! == "once" ? ReluCount.Once : ReluCount.Reference);
                var key = ScoreKey.For("nb201", (string)row[0]!, SettingValues.None, "cifar10", "sha256:f76154fc23535623", options with { Proxy = proxy });
                Assert.True(store.TryGet(key, out var stored), $"{row[0]} {row[1]}");
                Assert.Equal((string)row[2]!, stored.Status.ToString().ToLowerInvariant());
                Assert.Equal(row[3] is double score ? score : stored.Status == ScoreStatus.Singular ? double.NegativeInfinity : double.NaN, stored.Score);
                Assert.Equal(row[4] as string, stored.Message);
                Assert.Equal((double)row[5]!, stored.Seconds);
            }
        }
        Assert.Equal(2L, RawRows(DbPath, "PRAGMA user_version")[0][0]);
        Assert.Equal(7L, RawRows(DbPath, "SELECT count(*) FROM scores")[0][0]);
        using var reopened = new ScoreStore(DbPath);
        Assert.Equal("ok", reopened.CheckIntegrity());
    }

    [Fact]
    public void AStoreOfANewerSchemaIsRefusedUntouched()
    {
        using (var store = new ScoreStore(DbPath)) store.Put(Key, StoredScore.Ok(1, 0));
        RawRows(DbPath, "PRAGMA user_version = 99");
        var error = Assert.Throws<StoreException>(() => new ScoreStore(DbPath));
        Assert.Contains("schema version 99", error.Message);
        Assert.Equal(99L, RawRows(DbPath, "PRAGMA user_version")[0][0]);
    }

    /// <summary>Rows read with plain SQLite, independently of the store's code.</summary>
    private static List<object?[]> RawRows(string path, string sql)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (int i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }
}
