using Naswot.Cli;
using Naswot.Cli.Errors;
using Naswot.Tests.Robustness;
using Naswot.Tests.Store;

namespace Naswot.Tests.Cli;

/// <summary>
/// Issue 12 through the command line: a bad store value is never printed as a number, a stored failure says why,
/// resources are bounded, foreign files stay untouched, every bad option or file is one line with its exit code,
/// and echoed input cannot take over the terminal.
/// </summary>
public sealed class ReliabilityCommandTests : IDisposable
{
    private const string Cell = "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|";

    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    private (int Code, string Output, string Error) Score(params string[] args) => _cli.Run(["score", "--batch-size", "8", .. args]);

    private static void AssertOneLine((int Code, string Output, string Error) run, int code, string expected)
    {
        Assert.True(run.Code == code, $"exit {run.Code}: {run.Error}");
        string line = Assert.Single(run.Error.TrimEnd().Split('\n'));
        Assert.StartsWith("naswot: ", line);
        Assert.Contains(expected, line);
        Assert.DoesNotContain("   at ", line);
        Assert.True(line.Length <= ErrorText.MaxLine + 10, $"{line.Length} characters");
    }

    [Fact]
    public void A_corrupt_stored_score_is_reported_and_scored_afresh_never_printed()
    {
        var first = Score("--arch", Cell);
        Assert.Equal(0, first.Code);
        RawSqlite.Execute(_cli.StorePath, "UPDATE scores SET score = 'abc'");

        var second = Score("--arch", Cell);
        Assert.Equal(0, second.Code);
        Assert.Equal(first.Output.Split("  ")[0], second.Output.Split("  ")[0]);
        Assert.DoesNotContain("from store", second.Output);
        Assert.Contains("damaged row was not used but scored afresh", second.Error);
        Assert.Contains("score is text 'abc'", second.Error);

        var third = Score("--arch", Cell);
        Assert.Contains("from store", third.Output);
        Assert.Equal("", third.Error);
    }

    [Fact]
    public void A_stored_failure_shows_its_reason_exits_3_and_retry_failed_recomputes_it()
    {
        var first = Score("--arch", Cell);
        RawSqlite.Execute(_cli.StorePath, "UPDATE scores SET status = 'failed', score = NULL, message = 'ONNX Runtime rejected the graph (simulated)'");

        var failed = Score("--arch", Cell);
        Assert.Equal(ExitCodes.SomeFailed, failed.Code);
        Assert.StartsWith($"nan  {Cell}", failed.Output);
        Assert.Contains("failed (stored; --retry-failed recomputes): ONNX Runtime rejected the graph (simulated)", failed.Output);

        var retried = Score("--arch", Cell, "--retry-failed");
        Assert.Equal(0, retried.Code);
        Assert.Equal(first.Output.Split("  ")[0], retried.Output.Split("  ")[0]);
    }

    [Fact]
    public void A_search_whose_pick_failed_says_why()
    {
        var first = _cli.Run("search", "--n", "1", "--batch-size", "8");
        Assert.Equal(0, first.Code);
        RawSqlite.Execute(_cli.StorePath, "UPDATE scores SET status = 'failed', score = NULL, message = 'ONNX Runtime rejected the graph (simulated)'");
        var again = _cli.Run("search", "--n", "1", "--batch-size", "8");
        Assert.Contains("score nan", again.Output);
        Assert.Contains("  failed (stored; --retry-failed recomputes): ONNX Runtime rejected the graph (simulated)", again.Output);
    }

    [Theory]
    [InlineData("--threads", "10000", "--threads 10000: expected 0 (automatic) to")]
    [InlineData("--workers", "100000", "--workers 100000: expected 0 (automatic) to")]
    [InlineData("--workers", "-1", "--workers -1: expected 0 (automatic) to")]
    [InlineData("--max-memory", "lots", "--max-memory 'lots': expected a size such as 8G")]
    public void Resource_options_are_bounded(string option, string value, string expected) =>
        AssertOneLine(Score("--arch", Cell, option, value), ExitCodes.BadInput, expected);

    [Fact]
    public void A_network_past_the_memory_limit_is_refused_with_a_batch_size_that_fits()
    {
        var refused = _cli.Run("score", "--arch", Cell, "--batch-size", "256", "--max-memory", "96M", "--workers", "1");
        AssertOneLine(refused, ExitCodes.BadInput, "needs about");
        Assert.Contains("memory limit of 96 MiB", refused.Error);
        string suggested = refused.Error.Split("use --batch-size ")[1].Split(' ')[0];
        Assert.InRange(int.Parse(suggested, System.Globalization.CultureInfo.InvariantCulture), 2, 255);

        var fits = _cli.Run("score", "--arch", Cell, "--batch-size", suggested, "--max-memory", "96M", "--workers", "1");
        Assert.True(fits.Code == 0, fits.Error);
    }

    [LinuxFact]
    public void An_endless_or_binary_architecture_file_is_refused_at_once()
    {
        var started = DateTime.UtcNow;
        AssertOneLine(Score("--archs-file", "/dev/zero"), ExitCodes.BadInput, "/dev/zero line 1: binary data");
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void An_architecture_file_with_an_endless_line_is_refused()
    {
        string file = Path.Combine(_cli.Folder, "long.txt");
        File.WriteAllText(file, new string('|', ArchitectureFileLimit + 10));
        AssertOneLine(Score("--archs-file", file), ExitCodes.BadInput, "line 1: longer than 65,536 characters");
    }

    private const int ArchitectureFileLimit = Naswot.Cli.Commands.ArchitectureFile.MaxLineLength;

    [Fact]
    public void Pointing_the_store_at_another_programs_sqlite_file_changes_nothing_in_it()
    {
        string foreign = Path.Combine(_cli.Folder, "photos.db");
        RawSqlite.Execute(foreign, "PRAGMA journal_mode = DELETE; CREATE TABLE photos (path TEXT); INSERT INTO photos VALUES ('a.jpg');");
        string before = RawSqlite.Hash(foreign);
        var run = CliRunner.RunWithoutStore("score", "--arch", Cell, "--batch-size", "8", "--store", foreign);
        AssertOneLine(run, ExitCodes.Store, $"score store '{foreign}': not a naswot score store");
        Assert.Equal(before, RawSqlite.Hash(foreign));
        Assert.False(File.Exists(foreign + "-wal"));
    }

    public static TheoryData<string, string[]> BadCommandLines => new()
    {
        { "--n 'abc': expected a whole number", ["sample", "--n", "abc"] },
        { "--n '99999999999': expected a whole number from -2147483648 to 2147483647", ["sample", "--n", "99999999999"] },
        { "--sample-seed '-1': expected a whole number from 0 to", ["sample", "--sample-seed", "-1"] },
        { "--n '1.5': expected a whole number", ["sample", "--n", "1.5"] },
        { "--n '': expected a whole number", ["sample", "--n", ""] },
        { "--n -1: expected 1..1000000", ["sample", "--n", "-1"] },
        { "--n is given 2 times; give it once", ["sample", "--n", "1", "--n", "2"] },
        { "--space needs a value after it", ["sample", "--space"] },
        { "sample: unknown option '--nn'; did you mean --n?", ["sample", "--nn", "3"] },
        { "unknown command 'scroe'; did you mean score?", ["scroe"] },
        { "give a command: score, correlate", [] },
        { "experiment: give a command: nb201", ["experiment"] },
        { "store: give a command: info, export, import, verify, vacuum", ["store"] },
        { "sample: unexpected argument 'five'", ["sample", "five"] },
        { "--store '': expected a value, not an empty string", ["score", "--arch", Cell, "--store", ""] },
        { "--data '': expected a value", ["score", "--arch", Cell, "--data", ""] },
        { "--seed '1e3': expected a whole number", ["score", "--arch", Cell, "--seed", "1e3"] },
        { "--batch-size '٣': expected a whole number", ["score", "--arch", Cell, "--batch-size", "٣"] },
        { "'/': is a folder; expected a file with one architecture per line", ["score", "--archs-file", "/", "--no-store"] },
        { "--sample 1: expected 2 or more", ["correlate", "--sample", "1", "--no-store"] },
        { "--plot", ["correlate", "--sample", "3", "--plot", "/", "--no-store"] },
    };

    [Theory]
    [MemberData(nameof(BadCommandLines))]
    public void Every_bad_command_line_is_one_line_on_stderr_and_exit_2(string expected, string[] args)
    {
        var run = CliRunner.RunWithoutStore(args);
        AssertOneLine(run, ExitCodes.BadInput, expected);
        Assert.Equal("", run.Output);
    }

    [Fact]
    public void Help_comes_only_with_help()
    {
        var help = CliRunner.RunWithoutStore("sample", "--n", "abc", "--help");
        Assert.Equal(0, help.Code);
        Assert.Contains("Usage:", help.Output);
        Assert.Equal("", help.Error);
    }

    [Fact]
    public void A_full_standard_output_is_named_exit_5()
    {
        var error = new StringWriter();
        int code = NaswotCli.Run(["spaces"], new FullWriter(), error);
        Assert.Equal(ExitCodes.Output, code);
        Assert.Equal("naswot: standard output: cannot write: No space left on device", error.ToString().Trim());
    }

    [LinuxFact]
    public void A_real_full_device_as_standard_output_is_named_exit_5()
    {
        var run = ChildCli.Run(["spaces"], TimeSpan.FromMinutes(1), standardOutput: "/dev/full");
        Assert.Equal(ExitCodes.Output, run.Code);
        Assert.StartsWith("naswot: standard output: cannot write: No space left on device", run.Error);
    }

    [LinuxFact]
    public void An_unwritable_plot_is_refused_before_scoring_and_a_failed_write_is_an_output_error()
    {
        // /proc takes no new files, even from root.
        AssertOneLine(CliRunner.RunWithoutStore("correlate", "--sample", "3", "--plot", "/proc/naswot.png", "--no-store"), ExitCodes.BadInput, "--plot /proc/naswot.png: cannot write");
        var verbose = CliRunner.RunWithoutStore("correlate", "--sample", "3", "--plot", "/proc/naswot.png", "--no-store", "--verbose");
        Assert.Equal(ExitCodes.BadInput, verbose.Code); // --verbose prints the trace, it does not crash
        var failure = Assert.Throws<OutputException>(() => Naswot.Cli.Commands.ScatterPlot.Write("/proc/naswot.png", [], true, "t", "s", "x"));
        Assert.StartsWith("--plot /proc/naswot.png: cannot write", failure.Message);
    }

    [Fact]
    public void A_damaged_store_page_is_named_with_the_file_exit_4()
    {
        Assert.Equal(0, Score("--archs-file", Cells.WriteList(_cli.Folder, Cells.All[..20])).Code);
        using (var store = new Naswot.Store.ScoreStore(_cli.StorePath)) store.Vacuum();
        byte[] bytes = File.ReadAllBytes(_cli.StorePath);
        bytes.AsSpan(bytes.Length - 4096).Fill(0xA5); // the last page, which holds rows
        File.WriteAllBytes(_cli.StorePath, bytes);

        AssertOneLine(Score("--archs-file", Cells.WriteList(_cli.Folder, Cells.All[..20])), ExitCodes.Store, $"score store '{_cli.StorePath}': damaged");
        var verify = CliRunner.RunWithoutStore("store", "verify", "--store", _cli.StorePath);
        Assert.Equal(ExitCodes.Store, verify.Code);
        Assert.Contains("not sound", verify.Output);
    }

    [Fact]
    public void Echoed_input_is_quoted_cut_short_and_cannot_drive_the_terminal()
    {
        string huge = string.Concat(Enumerable.Repeat("|nor_conv_3x3~0|+", 600));
        var run = Score("--arch", huge);
        AssertOneLine(run, ExitCodes.BadInput, "characters left out");

        var escape = Score("--arch", "\u001b[31mred\u001b[0m\u0007|\u202e");
        AssertOneLine(escape, ExitCodes.BadInput, "\\e[31mred\\e[0m\\x07|\\u202e");
        Assert.DoesNotContain(escape.Error.TrimEnd(), char.IsControl);
    }

    [Fact]
    public void Store_commands_inspect_export_verify_and_back_up()
    {
        string[] cells = Cells.All[..6];
        Assert.Equal(0, Score("--archs-file", Cells.WriteList(_cli.Folder, cells)).Code);

        var info = CliRunner.RunWithoutStore("store", "info", "--store", _cli.StorePath);
        Assert.True(info.Code == 0, info.Error);
        Assert.Contains("schema version 2", info.Output);
        Assert.Contains("6 rows: ", info.Output);
        Assert.Contains("nb201 cifar10 first 8", info.Output);

        var export = CliRunner.RunWithoutStore("store", "export", "--store", _cli.StorePath);
        Assert.True(export.Code == 0, export.Error);
        string[] lines = export.Output.Trim().Split('\n');
        Assert.StartsWith("space,architecture,network,dataset", lines[0]);
        foreach (string line in lines[1..])
        {
            string[] f = line.Split(',');
            string expected = double.IsNegativeInfinity(Cells.ScoreOf(f[1])) ? "-inf" : Cells.ScoreOf(f[1]).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(expected, f[13]); // every digit: export is a backup
        }
        Assert.Equal(cells.Order(StringComparer.Ordinal), lines[1..].Select(l => l.Split(',')[1]).Order(StringComparer.Ordinal));

        string file = Path.Combine(_cli.Folder, "scores.csv");
        Assert.Equal(0, CliRunner.RunWithoutStore("store", "export", "--store", _cli.StorePath, "--out", file).Code);
        Assert.Equal(export.Output, File.ReadAllText(file));

        Assert.Equal(0, CliRunner.RunWithoutStore("store", "verify", "--store", _cli.StorePath).Code);
        string copy = Path.Combine(_cli.Folder, "backup.db");
        var vacuum = CliRunner.RunWithoutStore("store", "vacuum", "--store", _cli.StorePath, "--into", copy);
        Assert.True(vacuum.Code == 0, vacuum.Error);
        Assert.Equal(export.Output, CliRunner.RunWithoutStore("store", "export", "--store", copy).Output);
        AssertOneLine(CliRunner.RunWithoutStore("store", "vacuum", "--store", _cli.StorePath, "--into", copy), ExitCodes.BadInput, "already exists");
        Assert.Equal(0, CliRunner.RunWithoutStore("store", "vacuum", "--store", _cli.StorePath).Code);

        RawSqlite.Execute(_cli.StorePath, $"UPDATE scores SET score = 'abc' WHERE architecture = '{cells[0]}'");
        var damaged = CliRunner.RunWithoutStore("store", "verify", "--store", _cli.StorePath);
        Assert.Equal(ExitCodes.Store, damaged.Code);
        Assert.Contains($"damaged row: nb201 cifar10 naswot '{cells[0]}': score is text 'abc'", damaged.Output);
        AssertOneLine(CliRunner.RunWithoutStore("store", "info", "--store", Path.Combine(_cli.Folder, "none.db")), ExitCodes.Store, "no such file");
    }

    [Fact]
    public void The_readme_documents_every_exit_code()
    {
        string readme = File.ReadAllText(RepositoryFile.Find("README.md"));
        int start = readme.IndexOf("## What happens when", StringComparison.Ordinal);
        string section = readme[start..readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal)];
        foreach (var code in typeof(ExitCodes).GetFields().Select(f => (int)f.GetValue(null)!))
            Assert.Contains($"`{code}`", section);
    }

    /// <summary>Standard output on a full device.</summary>
    private sealed class FullWriter : StringWriter
    {
        public override void Write(char value) => throw new IOException("No space left on device");

        public override void Write(string? value) => throw new IOException("No space left on device");

        public override void WriteLine(string? value) => throw new IOException("No space left on device");
    }
}
