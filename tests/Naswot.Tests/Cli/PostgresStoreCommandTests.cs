using Naswot.Cli.Errors;
using Naswot.Tests.Robustness;
using Naswot.Tests.Store;

namespace Naswot.Tests.Cli;

/// <summary>
/// Issue 14's store through the command line: every command takes a PostgreSQL connection string where it takes a
/// file, and `naswot store export|import` moves rows SQLite → PostgreSQL → CSV → SQLite without changing a digit.
/// </summary>
public sealed class PostgresStoreCommandTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    private static (int Code, string Output, string Error) Run(params string[] args) => CliRunner.RunWithoutStore(args);

    private static void AssertOk((int Code, string Output, string Error) run) => Assert.True(run.Code == 0, $"exit {run.Code}: {run.Error}");

    [SkippableFact]
    public void Rows_move_between_sqlite_postgresql_and_csv_and_are_served_from_postgresql()
    {
        string database = PostgresServer.NewDatabase();
        string cells = Cells.WriteList(_cli.Folder, Cells.All[..6]);
        var local = _cli.Run("score", "--batch-size", "8", "--archs-file", cells, "--format", "csv");
        AssertOk(local);
        var exported = Run("store", "export", "--store", _cli.StorePath);
        AssertOk(exported);

        var imported = Run("store", "import", "--store", database, "--from", _cli.StorePath);
        AssertOk(imported);
        Assert.Contains("imported 6 rows", imported.Output);
        Assert.DoesNotContain("Host=", imported.Output);
        Assert.Equal(exported.Output, Run("store", "export", "--store", database).Output);

        // Scored again against PostgreSQL: every cell is served from it, with the same digits.
        var served = Run("score", "--batch-size", "8", "--archs-file", cells, "--format", "csv", "--store", database);
        AssertOk(served);
        var (fromStore, wrong) = Cells.Printed(served.Output);
        Assert.Equal(0, wrong);
        Assert.Equal(6, fromStore.Count(cell => cell.Value));
        Assert.Equal(0, Cells.Printed(local.Output).Wrong);

        string csv = Path.Combine(_cli.Folder, "rows.csv");
        AssertOk(Run("store", "export", "--store", database, "--out", csv));
        string copy = Path.Combine(_cli.Folder, "copy.db");
        AssertOk(Run("store", "import", "--store", copy, "--from", csv));
        Assert.Equal(exported.Output, Run("store", "export", "--store", copy).Output);

        var info = Run("store", "info", "--store", database);
        AssertOk(info);
        Assert.Contains("6 rows: ", info.Output);
        Assert.Contains("postgresql://", info.Output);
        AssertOk(Run("store", "verify", "--store", database));
        AssertOk(Run("store", "vacuum", "--store", database));
        // Importing twice replaces rows by key: still 6.
        AssertOk(Run("store", "import", "--store", database, "--from", csv));
        Assert.Contains("6 rows: ", Run("store", "info", "--store", database).Output);
    }

    [SkippableFact]
    public void A_damaged_csv_row_is_named_and_left_out()
    {
        string database = PostgresServer.NewDatabase();
        AssertOk(_cli.Run("score", "--batch-size", "8", "--archs-file", Cells.WriteList(_cli.Folder, Cells.All[..2])));
        string csv = Path.Combine(_cli.Folder, "rows.csv");
        AssertOk(Run("store", "export", "--store", _cli.StorePath, "--out", csv));
        var lines = File.ReadAllLines(csv);
        var fields = lines[2].Split(',');
        fields[13] = "abc";
        lines[2] = string.Join(',', fields);
        File.WriteAllLines(csv, lines);

        var run = Run("store", "import", "--store", database, "--from", csv);
        Assert.Equal(ExitCodes.Store, run.Code);
        Assert.Contains("imported 1 rows", run.Output);
        Assert.Contains("line 3: score 'abc'; expected a number", run.Error);
    }

    [Fact]
    public void Every_field_survives_a_csv_round_trip_quotes_commas_line_breaks_and_64_bit_seeds_included()
    {
        var key = Naswot.Store.ScoreKey.For("nb201", Cells.All[0], Naswot.SettingValues.None, "cifar10", "sha256:00",
            new Naswot.Scoring.ScoreOptions { InitSeed = ulong.MaxValue, Batch = Naswot.Data.BatchSelection.Random(8, ulong.MaxValue - 1) });
        using (var store = new Naswot.Store.ScoreStore(_cli.StorePath))
        {
            store.Put(key, Naswot.Store.StoredScore.Failed("ORT said: \"no\",\nthen, on a second line, more", 0.5));
            store.Put(key with { Architecture = Cells.All[1] }, Naswot.Store.StoredScore.Singular(0.25));
            store.Put(key with { Architecture = Cells.All[2] }, Naswot.Store.StoredScore.Ok(-1234.5678901234567, 1e-9));
        }
        string csv = Path.Combine(_cli.Folder, "rows.csv");
        AssertOk(Run("store", "export", "--store", _cli.StorePath, "--out", csv));
        string copy = Path.Combine(_cli.Folder, "copy.db");
        var imported = Run("store", "import", "--store", copy, "--from", csv);
        AssertOk(imported);
        Assert.Contains("imported 3 rows", imported.Output);
        Assert.Equal(Run("store", "export", "--store", _cli.StorePath, "--format", "json").Output, Run("store", "export", "--store", copy, "--format", "json").Output);
    }

    [Fact]
    public void An_unreachable_server_or_a_bad_connection_string_is_one_line()
    {
        var refused = Run("score", "--batch-size", "8", "--arch", Cells.All[0], "--store", "Host=127.0.0.1;Port=1;Database=none;Password=secret;Timeout=3");
        Assert.Equal(ExitCodes.Store, refused.Code);
        string line = Assert.Single(refused.Error.TrimEnd().Split('\n'));
        Assert.Contains("score store 'postgresql://", line);
        Assert.Contains("cannot connect", line);
        Assert.DoesNotContain("secret", line);

        var bad = Run("store", "info", "--store", "Host=127.0.0.1;Port=abc");
        Assert.Equal(ExitCodes.BadInput, bad.Code);
        Assert.Contains("not a PostgreSQL connection string", Assert.Single(bad.Error.TrimEnd().Split('\n')));
    }

    [SkippableFact]
    public void A_database_that_does_not_exist_is_named()
    {
        string database = PostgresServer.NewDatabase();
        string missing = database.Replace("naswot_test_", "naswot_missing_", StringComparison.Ordinal);
        var run = Run("store", "info", "--store", missing);
        Assert.Equal(ExitCodes.Store, run.Code);
        Assert.Contains("no such database", Assert.Single(run.Error.TrimEnd().Split('\n')));
    }
}
