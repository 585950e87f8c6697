using Naswot.Store;
using Naswot.Tests.Cli;
using Xunit.Abstractions;

namespace Naswot.Tests.Robustness;

/// <summary>
/// A store that stops taking scores mid-run (disk full, read-only, locked by another process) costs no score:
/// every one is returned (printed) right, the failure is named once with the file and its cause, and the next run
/// serves what was stored and scores the rest. Faults come from SQLite itself (a page limit, query-only mode, a
/// lock held by another connection), from the kernel (a file size limit on a child process) and from file modes.
/// </summary>
[Trait("Category", Budget.Category)]
public sealed class StoreFailureTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("naswot-store-failure-").FullName;

    private string StorePath => Path.Combine(_folder, "scores.db");

    public void Dispose()
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.Delete(_folder, recursive: true);
            return;
        }
        foreach (var file in Directory.EnumerateFileSystemEntries(_folder)) File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.SetUnixFileMode(_folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Directory.Delete(_folder, recursive: true);
    }

    public static TheoryData<string> Faults => new(["disk full", "read-only", "locked by another process"]);

    [Theory]
    [MemberData(nameof(Faults))]
    public void A_store_that_fails_mid_run_costs_no_score_and_the_next_run_resumes(string fault)
    {
        string[] cells = Cells.All[..30];
        using (var store = new ScoreStore(StorePath, readOnly: false, busyTimeout: TimeSpan.FromMilliseconds(200)))
        {
            Cells.Evaluator().Evaluate(cells[..5], store);
            using var holder = fault == "locked by another process" ? LockHolder(StorePath) : null;
            if (fault == "disk full") store.Pragma($"PRAGMA max_page_count = {PageCount(store) + 1}");
            if (fault == "read-only") store.Pragma("PRAGMA query_only = 1");

            var results = Cells.Evaluator().Evaluate(cells, store);

            Assert.Equal(cells, results.Select(r => r.Architecture));
            Assert.All(results, r => Assert.Equal(Cells.ScoreOf(r.Architecture), r.Score));
            var failure = Assert.IsType<StoreException>(store.WriteFailure);
            Assert.Equal(fault, failure.Message.Split(": ")[1].Split(" (")[0]);
            Assert.Contains(StorePath, failure.Message);
            Assert.DoesNotContain('\n', failure.Message);
            Assert.Equal(cells.Length - 5 - (Cells.StoredRows(StorePath).Rows.Count - 5), store.UnstoredRows);
        }
        var (stored, wrong) = Cells.StoredRows(StorePath);
        Assert.Equal(0, wrong);
        using (var store = new ScoreStore(StorePath))
        {
            var again = Cells.Evaluator().Evaluate(cells, store);
            Assert.Equal(stored.Count, again.Count(r => r.FromStore));
            Assert.All(again, r => Assert.Equal(Cells.ScoreOf(r.Architecture), r.Score));
            Assert.Null(store.WriteFailure);
        }
        Assert.Equal(cells.Length, Cells.StoredRows(StorePath).Rows.Count);
        Budget.Report(output, $"store faults ({fault}) survived", 1);
    }

    [Fact]
    public void A_failed_write_rolls_back_its_transaction_names_the_cause_and_dispose_never_throws()
    {
        using var store = new ScoreStore(StorePath);
        var keys = Cells.All.Select(Cells.Evaluator().KeyOf).ToArray();
        var writer = store.BeginWriting(rowsPerCommit: 1000, maxDelay: TimeSpan.MaxValue);
        store.Pragma($"PRAGMA max_page_count = {PageCount(store) + 1}");
        int added = 0;
        var failure = Assert.Throws<StoreException>(() =>
        {
            foreach (var key in keys)
            {
                added++;
                writer.Add(key, StoredScore.Ok(1, 0));
            }
        });
        Assert.Equal(StoreProblem.DiskFull, failure.Problem);
        Assert.InRange(added, 2, keys.Length - 1);
        Assert.Throws<StoreException>(() => writer.Add(keys[^1], StoredScore.Ok(1, 0)));
        writer.Dispose();
        Assert.Equal(added + 1, store.UnstoredRows);
        Assert.Empty(store.GetMany(keys));
        using var next = store.BeginWriting(); // released for the next writer
    }

    [LinuxFact]
    public void A_child_process_out_of_file_space_prints_every_score_names_the_cause_and_the_next_run_resumes()
    {
        string list = Cells.WriteList(_folder, Cells.All);
        // 60 KiB: the store and its log fill up after a dozen rows.
        var full = ChildCli.Run([.. Cells.ScoreArgs(list, StorePath), "--format", "csv"], TimeSpan.FromMinutes(2), fileSizeLimitKiB: 60);
        Assert.Equal(4, full.Code);
        string error = Assert.Single(full.Error.Trim().Split('\n'));
        Assert.Contains($"score store '{StorePath}': disk full", error);
        Assert.Contains("computed but not stored", error);
        var (printed, wrongPrinted) = Cells.Printed(full.Output);
        Assert.Equal(Cells.All.Length, printed.Count);
        var (stored, wrongStored) = Cells.StoredRows(StorePath);
        Assert.InRange(stored.Count, 1, Cells.All.Length - 1);

        var next = ChildCli.Run([.. Cells.ScoreArgs(list, StorePath), "--format", "csv"], TimeSpan.FromMinutes(2));
        Assert.True(next.Code == 0, next.Error);
        var (resumed, wrongResumed) = Cells.Printed(next.Output);
        Assert.Equal(stored.Count, resumed.Count(r => r.Value));
        Assert.Equal(0, wrongPrinted + wrongStored + wrongResumed);
        Budget.Report(output, "disk-full child runs survived", 1);
    }

    [NotRootFact]
    public void A_read_only_store_file_serves_its_scores_and_prints_the_new_ones()
    {
        if (OperatingSystem.IsWindows()) return; // skipped by the attribute; this tells the analyzer
        using var cli = new CliRunner();
        string list = Cells.WriteList(_folder, Cells.All[..12]);
        Assert.Equal(0, cli.Run("score", "--archs-file", Cells.WriteList(_folder, Cells.All[..4], "first.txt"), "--batch-size", "8").Code);
        File.SetUnixFileMode(cli.StorePath, UnixFileMode.UserRead);
        foreach (bool folderReadOnly in new[] { false, true })
        {
            if (folderReadOnly) File.SetUnixFileMode(Path.GetDirectoryName(cli.StorePath)!, UnixFileMode.UserRead | UnixFileMode.UserExecute);
            var (code, csv, error) = cli.Run("score", "--archs-file", list, "--batch-size", "8");
            Assert.Equal(4, code);
            Assert.Contains("read-only", error);
            var (printed, wrong) = Cells.Printed(csv);
            Assert.Equal(12, printed.Count);
            Assert.Equal(4, printed.Count(p => p.Value));
            Assert.Equal(0, wrong);
        }
        File.SetUnixFileMode(Path.GetDirectoryName(cli.StorePath)!, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary>Another process's write transaction, held until disposed.</summary>
    private static IDisposable LockHolder(string path)
    {
        var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "BEGIN IMMEDIATE";
        command.ExecuteNonQuery();
        return connection;
    }

    private static long PageCount(ScoreStore store)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={store.Path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA page_count";
        return (long)command.ExecuteScalar()!;
    }
}
