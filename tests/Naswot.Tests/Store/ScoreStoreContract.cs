using Naswot.Data;
using Naswot.Scoring;
using Naswot.Spaces;
using Naswot.Store;

namespace Naswot.Tests.Store;

/// <summary>
/// What every score store promises, whatever holds its rows: each test runs on a SQLite file and on a PostgreSQL
/// database (skipped, saying why, where no server can be started or reached).
/// </summary>
public abstract class ScoreStoreContract
{
    private protected static readonly ScoreKey Key = ScoreKey.For(
        "nb201", Nb201Space.Instance.CellAt(9930).ToString(), SettingValues.None, "cifar10", "sha256:0123abcd", new ScoreOptions());

    /// <summary>Where a new, empty store may be created.</summary>
    private protected abstract string NewStore();

    public static TheoryData<string> KeyChanges => new(Variants.Keys);

    private static readonly Dictionary<string, ScoreKey> Variants = new()
    {
        ["space"] = Key with { Space = "nb101" },
        ["architecture"] = Key with { Architecture = Nb201Space.Instance.CellAt(1).ToString() },
        ["dataset"] = Key with { Dataset = "cifar100" },
        ["data key"] = Key with { DataKey = "sha256:0123abce" },
        ["batch size"] = Key with { Batch = BatchSelection.First(64) },
        ["batch selection"] = Key with { Batch = BatchSelection.Random(128, 1) },
        ["batch seed"] = Key with { Batch = BatchSelection.Random(128, 2) },
        ["init seed"] = Key with { InitSeed = ulong.MaxValue },
        ["network"] = Key with { Network = "stem-channels=128" },
        ["proxy"] = Key with { Proxy = "params" },
        ["proxy version"] = Key with { ProxyVersion = Key.ProxyVersion + 1 },
        ["proxy settings"] = Key with { ProxySettings = "relu-count=once" },
    };

    [SkippableFact]
    public void EveryStatusRoundTrips()
    {
        string location = NewStore();
        StoredScore[] scores =
        [
            StoredScore.Ok(1234.5678901234567, 0.25),
            StoredScore.Ok(-1e300, 0),
            StoredScore.Ok(double.Epsilon, 1e-9),
            StoredScore.Ok(double.MaxValue, 12.5),
            StoredScore.Singular(0.5),
            StoredScore.Failed("ORT: input shape [1,3,16,16] does not match [1,3,32,32]", 0.01),
        ];
        using var store = new ScoreStore(location);
        foreach (var score in scores)
        {
            store.Put(Key, score);
            Assert.True(store.TryGet(Key, out var read));
            Assert.Equal(score, read);
        }
        store.TryGet(Key, out var failed);
        Assert.Equal(double.NaN, failed!.Score);
        store.Put(Key, StoredScore.Singular(0.5));
        store.TryGet(Key, out var singular);
        Assert.Equal(double.NegativeInfinity, singular!.Score);
    }

    [SkippableTheory]
    [MemberData(nameof(KeyChanges))]
    public void ChangingAnyKeyFieldMisses(string field)
    {
        string location = NewStore();
        var other = Variants[field];
        Assert.NotEqual(Key, other);
        using var store = new ScoreStore(location);
        store.Put(Key, StoredScore.Ok(1, 1));
        Assert.False(store.TryGet(other, out _));
        Assert.Empty(store.GetMany([other]));

        store.Put(other, StoredScore.Ok(2, 1));
        Assert.True(store.TryGet(other, out var read));
        Assert.Equal(2, read.Score);
        Assert.True(store.TryGet(Key, out read));
        Assert.Equal(1, read.Score);
    }

    [SkippableFact]
    public void PutManyStoresAllOrNothing()
    {
        string location = NewStore();
        using var store = new ScoreStore(location);
        var other = Key with { InitSeed = 5 };
        KeyValuePair<ScoreKey, StoredScore>[] batch = [KeyValuePair.Create(other, StoredScore.Ok(1, 0)), KeyValuePair.Create(Key, (StoredScore)null!)];
        Assert.Throws<ArgumentNullException>(() => store.PutMany(batch));
        Assert.False(store.TryGet(other, out _));
        store.PutMany(batch[..1]);
        Assert.True(store.TryGet(other, out _));
    }

    [SkippableFact]
    public void GetManyFindsAllCellsOfTheSpace()
    {
        string location = NewStore();
        var keys = Nb201Space.Instance.All().Select(cell => Key with { Architecture = cell.ToString() }).ToList();
        using var store = new ScoreStore(location);
        store.PutMany(keys.Where((_, i) => i % 3 != 0).Select((key, i) => KeyValuePair.Create(key, StoredScore.Ok(i, 0))));
        var otherSetting = keys.Take(100).Select(key => key with { InitSeed = 2 });

        var found = store.GetMany(keys.Concat(otherSetting));

        Assert.Equal(keys.Count - (keys.Count + 2) / 3, found.Count);
        for (int i = 0; i < keys.Count; i++)
        {
            if (i % 3 == 0) Assert.False(found.ContainsKey(keys[i]));
            else Assert.Equal(i - i / 3 - 1, found[keys[i]].Score);
        }
    }

    [SkippableFact]
    public void ReaderSeesCommittedRowsWhileAWriterIsMidBatch()
    {
        string location = NewStore();
        using var store = new ScoreStore(location);
        using var reader = new ScoreStore(location);
        var keys = Enumerable.Range(0, 30).Select(i => Key with { Architecture = Nb201Space.Instance.CellAt(i).ToString() }).ToArray();
        using (var writer = store.BeginWriting(rowsPerCommit: 10, maxDelay: TimeSpan.MaxValue))
        {
            foreach (var key in keys[..25]) writer.Add(key, StoredScore.Ok(1, 0));
            Assert.Equal(5, writer.Pending);
            Assert.Equal(20, reader.GetMany(keys).Count);
            Assert.True(store.TryGet(keys[24], out _)); // the writing connection sees its own pending rows
            Assert.False(reader.TryGet(keys[24], out _));
        }
        Assert.Equal(25, reader.GetMany(keys).Count);
    }

    [SkippableFact]
    public void AnOldBatchIsCommittedAfterMaxDelay()
    {
        string location = NewStore();
        using var store = new ScoreStore(location);
        using var reader = new ScoreStore(location);
        using var writer = store.BeginWriting(rowsPerCommit: 1000, maxDelay: TimeSpan.Zero);
        writer.Add(Key, StoredScore.Ok(1, 0));
        Assert.Equal(0, writer.Pending);
        Assert.True(reader.TryGet(Key, out _));
        Assert.Throws<InvalidOperationException>(() => store.BeginWriting());
    }

    [SkippableFact]
    public void RowsSurviveReopeningAndAreReadInKeyOrder()
    {
        string location = NewStore();
        var keys = new[] { Key with { Dataset = "b" }, Key with { Dataset = "a" }, Key with { Dataset = "B" } };
        using (var store = new ScoreStore(location)) store.PutMany(keys.Select((k, i) => KeyValuePair.Create(k, StoredScore.Ok(i, 0))));
        using var reopened = ScoreStore.OpenReadOnly(location);
        var damaged = new List<string>();
        // Byte order on both databases: 'B' < 'a' < 'b'.
        Assert.Equal(["B", "a", "b"], reopened.ReadAll(damaged.Add).Select(row => row.Key.Dataset));
        Assert.Empty(damaged);
        Assert.Equal(3, reopened.Count());
    }
}

/// <summary>The contract on a SQLite file.</summary>
public sealed class SqliteStoreContractTests : ScoreStoreContract, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("naswot-store-").FullName;

    private protected override string NewStore() => Path.Combine(_folder, "scores.db");

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}

/// <summary>The contract on a PostgreSQL database of its own, and what only a shared database needs.</summary>
public sealed class PostgresStoreContractTests : ScoreStoreContract
{
    private protected override string NewStore() => PostgresServer.NewDatabase();

    [SkippableFact]
    public void ManyProcessesOpeningANewDatabaseCreateItsSchemaOnce()
    {
        string location = NewStore();
        var stores = Enumerable.Range(0, 8).AsParallel().WithDegreeOfParallelism(8).Select(i =>
        {
            var store = new ScoreStore(location);
            store.Put(Key with { InitSeed = (ulong)i }, StoredScore.Ok(i, 0));
            return store;
        }).ToList();
        Assert.Equal(8, stores[0].Count());
        stores.ForEach(store => store.Dispose());
    }

    [SkippableFact]
    public void ATableOfOtherColumnsIsRefusedUntouched()
    {
        string location = NewStore();
        using (var connection = new Npgsql.NpgsqlConnection(location))
        {
            connection.Open();
            using var command = new Npgsql.NpgsqlCommand("CREATE SCHEMA naswot; CREATE TABLE naswot.scores (id int); INSERT INTO naswot.scores VALUES (7)", connection);
            command.ExecuteNonQuery();
        }
        var error = Assert.Throws<StoreException>(() => new ScoreStore(location));
        Assert.Equal(StoreProblem.NotAStore, error.Problem);
        Assert.StartsWith("score store 'postgresql://", error.Message);
        using var check = new Npgsql.NpgsqlConnection(location);
        check.Open();
        using var count = new Npgsql.NpgsqlCommand("SELECT count(*) FROM naswot.scores WHERE id = 7", check);
        Assert.Equal(1L, count.ExecuteScalar());
    }
}
