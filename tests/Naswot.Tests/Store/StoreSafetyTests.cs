using Naswot.Scoring;
using Naswot.Spaces;
using Naswot.Store;

namespace Naswot.Tests.Store;

/// <summary>
/// The store uses only files it recognises, changing nothing in any other; it never serves a damaged row as a
/// number; and a damaged page is named with its file.
/// </summary>
public sealed class StoreSafetyTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("naswot-safety-").FullName;

    private static readonly ScoreKey Key = ScoreKey.For(
        "nb201", Nb201Space.Instance.CellAt(9930).ToString(), SettingValues.None, "cifar10", "sha256:0123abcd", new ScoreOptions());

    private string DbPath => Path.Combine(_folder, "scores.db");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string, string> ForeignFiles => new()
    {
        { "another program's tables", "CREATE TABLE people (name TEXT); INSERT INTO people VALUES ('ada');" },
        { "another program's table named scores", "CREATE TABLE scores (player TEXT, points INTEGER); INSERT INTO scores VALUES ('ada', 3);" },
        { "our table beside another", "{v2}; CREATE TABLE notes (x);" },
        { "an unknown schema version", "{v2}; PRAGMA user_version = 99;" },
        { "version 2 with other columns", "CREATE TABLE scores (architecture TEXT, score REAL); PRAGMA user_version = 2;" },
        { "a version without a table", "PRAGMA user_version = 2;" },
        { "a view only", "CREATE VIEW v AS SELECT 1;" },
    };

    [Theory]
    [MemberData(nameof(ForeignFiles))]
    public void A_sqlite_file_that_is_not_ours_is_refused_and_left_byte_for_byte(string what, string sql)
    {
        if (sql.StartsWith("{v2}", StringComparison.Ordinal))
        {
            using (new ScoreStore(DbPath)) { }
            sql = sql[5..];
        }
        // A rollback-journal file, as other programs leave theirs: switching it to WAL would change its header.
        RawSqlite.Execute(DbPath, "PRAGMA journal_mode = DELETE; " + sql);
        string before = RawSqlite.Hash(DbPath);

        var error = Assert.Throws<StoreException>(() => new ScoreStore(DbPath));

        Assert.Equal(StoreProblem.NotAStore, error.Problem);
        Assert.Contains(DbPath, error.Message);
        Assert.Contains("left untouched", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Equal(before, RawSqlite.Hash(DbPath));
        Assert.False(File.Exists(DbPath + "-wal"), what);
        Assert.Throws<StoreException>(() => ScoreStore.OpenReadOnly(DbPath));
        Assert.Equal(before, RawSqlite.Hash(DbPath));
    }

    [Theory]
    [InlineData("text", "these are not the scores you are looking for")]
    [InlineData("a SQLite header over garbage", "SQLite format 3\0garbage garbage garbage")]
    [InlineData("one byte", "x")]
    public void A_file_that_is_not_sqlite_is_refused_and_left_as_it_was(string what, string content)
    {
        File.WriteAllText(DbPath, content + new string('-', 5000));
        string before = RawSqlite.Hash(DbPath);
        var error = Assert.Throws<StoreException>(() => new ScoreStore(DbPath));
        Assert.Contains(DbPath, error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Equal(before, RawSqlite.Hash(DbPath));
        Assert.False(File.Exists(DbPath + "-wal"), what);
    }

    [Fact]
    public async Task Stores_opened_at_once_on_a_new_file_all_recognise_it()
    {
        // Each opener reads the file's layout while another may be creating it: it must see it before or after, never halfway.
        for (int round = 0; round < 10; round++)
        {
            string path = Path.Combine(_folder, $"new{round}.db");
            using var start = new Barrier(4);
            var openers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
            {
                start.SignalAndWait();
                using var store = new ScoreStore(path);
                store.Put(Key, StoredScore.Ok(1, 0));
            })).ToArray();
            await Task.WhenAll(openers);
        }
    }

    [Fact]
    public void A_folder_or_a_missing_file_is_named()
    {
        Assert.Contains("a folder", Assert.Throws<StoreException>(() => new ScoreStore(_folder)).Message);
        var missing = Assert.Throws<StoreException>(() => ScoreStore.OpenReadOnly(DbPath));
        Assert.Equal(StoreProblem.Missing, missing.Problem);
        Assert.False(File.Exists(DbPath)); // read-only opens never create
    }

    public static TheoryData<string, string, string> DamagedRows => new()
    {
        { "score set to text", "UPDATE scores SET score = 'abc'", "score is text 'abc'; expected a number" },
        { "score set to a blob", "UPDATE scores SET score = x'0102'", "score is a blob of 2 bytes; expected a number" },
        { "unknown status", "UPDATE scores SET status = 'maybe', score = NULL", "status 'maybe'" },
        { "seconds set to text", "UPDATE scores SET seconds = 'soon'", "seconds is text 'soon'" },
        { "negative seconds", "UPDATE scores SET seconds = -1", "seconds is -1" },
        { "created_at garbage", "UPDATE scores SET created_at = 'yesterday'", "created_at is text 'yesterday'" },
        { "failed without a reason", "UPDATE scores SET status = 'failed', score = NULL, message = NULL", "a failed row without its reason" },
        { "singular with a score", "UPDATE scores SET status = 'singular'", "a singular row holds a score" },
    };

    [Theory]
    [MemberData(nameof(DamagedRows))]
    public void A_damaged_row_is_never_served_and_is_named(string what, string damage, string problem)
    {
        using (var store = new ScoreStore(DbPath)) store.Put(Key, StoredScore.Ok(1234.5, 1));
        // CHECK constraints hold the columns to our statuses; a hand edit can still break the rest.
        RawSqlite.Execute(DbPath, "PRAGMA ignore_check_constraints = 1; " + damage);

        using var reopened = new ScoreStore(DbPath);
        Assert.False(reopened.TryGet(Key, out _), what);
        Assert.Empty(reopened.GetMany([Key]));
        string named = Assert.Single(reopened.DamagedRows);
        Assert.Contains(Key.Architecture, named);
        Assert.Contains(problem, named);

        var damaged = new List<string>();
        Assert.Empty(reopened.ReadAll(damaged.Add));
        Assert.Contains(problem, Assert.Single(damaged));

        // Scored afresh, the row is replaced and served again.
        reopened.Put(Key, StoredScore.Ok(1234.5, 1));
        Assert.True(reopened.TryGet(Key, out var score));
        Assert.Equal(1234.5, score.Score);
    }

    [Fact]
    public void A_damaged_page_is_named_with_its_file()
    {
        var keys = Nb201Space.Instance.All().Take(3000).Select(c => Key with { Architecture = c.ToString() }).ToList();
        using (var store = new ScoreStore(DbPath))
        {
            store.PutMany(keys.Select((k, i) => KeyValuePair.Create(k, StoredScore.Ok(i, 0))));
            store.Vacuum(); // everything in the main file, no log
        }
        // Overwrite a page in the middle of the table with garbage, as a failing disk might.
        using (var file = new FileStream(DbPath, FileMode.Open, FileAccess.Write))
        {
            file.Seek(file.Length / 2 / 4096 * 4096, SeekOrigin.Begin);
            file.Write(Enumerable.Repeat((byte)0xA5, 4096).ToArray());
        }
        using var damaged = new ScoreStore(DbPath);
        var error = Assert.Throws<StoreException>(() => damaged.GetMany(keys));
        Assert.Equal(StoreProblem.Damaged, error.Problem);
        Assert.Contains(DbPath, error.Message);
        Assert.Contains("naswot store verify", error.Message);
        Assert.NotEqual("ok", damaged.CheckIntegrity());
    }

    [Fact]
    public void A_read_only_open_changes_nothing()
    {
        using (var store = new ScoreStore(DbPath)) store.Put(Key, StoredScore.Ok(2, 1));
        string before = RawSqlite.Hash(DbPath);
        using (var reader = ScoreStore.OpenReadOnly(DbPath))
        {
            Assert.True(reader.TryGet(Key, out var score));
            Assert.Equal(2, score.Score);
            Assert.Throws<InvalidOperationException>(() => reader.BeginWriting());
            Assert.Throws<StoreException>(() => reader.Put(Key, StoredScore.Ok(3, 1)));
        }
        Assert.Equal(before, RawSqlite.Hash(DbPath));
    }
}
