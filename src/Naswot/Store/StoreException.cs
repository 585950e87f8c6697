using Microsoft.Data.Sqlite;

namespace Naswot.Store;

/// <summary>What went wrong with a score store (a file or a PostgreSQL database), as a user can act on it.</summary>
public enum StoreProblem
{
    /// <summary>The file is not a naswot score store (not SQLite, another program's tables, an unknown schema version).</summary>
    NotAStore,

    /// <summary>The file's pages or rows are damaged.</summary>
    Damaged,

    /// <summary>The disk (or the file's size limit) is full.</summary>
    DiskFull,

    /// <summary>The file or its folder cannot be written.</summary>
    ReadOnly,

    /// <summary>Another process held a lock on the file for longer than the busy timeout.</summary>
    Locked,

    /// <summary>There is no store file where one must exist (the store commands never create one), or no such PostgreSQL database.</summary>
    Missing,

    /// <summary>The PostgreSQL server cannot be reached, or refused the login.</summary>
    Unreachable,

    /// <summary>Any other failure to read or write the file.</summary>
    Io,
}

/// <summary>A score store that cannot be used as asked: the one-line message names the file and the cause.</summary>
public sealed class StoreException : NaswotException
{
    /// <summary>The store at <paramref name="path"/> has <paramref name="problem"/>; <paramref name="detail"/> says more.</summary>
    /// <param name="path">The file's full path, or the database as <c>postgresql://user@host:port/database</c>.</param>
    public StoreException(string path, StoreProblem problem, string detail, Exception? inner = null)
        : base($"score store '{path}': {Describe(problem, path)}{(detail.Length == 0 ? "" : $" ({detail})")}{Advice(problem)}", inner)
    {
        Path = path;
        Problem = problem;
    }

    /// <summary>The store file's full path, or the database as <c>postgresql://user@host:port/database</c>.</summary>
    public string Path { get; }

    /// <summary>What went wrong.</summary>
    public StoreProblem Problem { get; }

    /// <summary>The store failure a SQLite or file-system error stands for.</summary>
    internal static StoreException From(string path, Exception e) => e switch
    {
        StoreException store => store,
        // Primary result codes (https://sqlite.org/rescode.html); extended codes keep them in the low byte.
        SqliteException sqlite => (sqlite.SqliteErrorCode & 0xFF) switch
        {
            13 => new(path, StoreProblem.DiskFull, SqliteText(sqlite), e), // SQLITE_FULL
            8 or 3 or 23 => new(path, StoreProblem.ReadOnly, SqliteText(sqlite), e), // SQLITE_READONLY, SQLITE_PERM, SQLITE_AUTH
            5 or 6 => new(path, StoreProblem.Locked, SqliteText(sqlite), e), // SQLITE_BUSY, SQLITE_LOCKED
            11 => new(path, StoreProblem.Damaged, SqliteText(sqlite), e), // SQLITE_CORRUPT
            26 => new(path, StoreProblem.NotAStore, "not a SQLite file", e), // SQLITE_NOTADB
            // SQLite reports a write refused for the file size limit (EFBIG) as an I/O error; say so plainly.
            10 when sqlite.SqliteExtendedErrorCode == (10 | (3 << 8)) => new(path, StoreProblem.DiskFull, SqliteText(sqlite), e), // SQLITE_IOERR_WRITE
            _ => new(path, StoreProblem.Io, SqliteText(sqlite), e),
        },
        UnauthorizedAccessException => new(path, StoreProblem.ReadOnly, OneLine(e.Message), e),
        IOException io when io.HResult == 28 || io.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase) =>
            new(path, StoreProblem.DiskFull, OneLine(e.Message), e),
        _ => new(path, StoreProblem.Io, OneLine(e.Message), e),
    };

    private static string Describe(StoreProblem problem, string path) => problem switch
    {
        StoreProblem.Missing when path.StartsWith("postgresql://", StringComparison.Ordinal) => "no such database",
        StoreProblem.Unreachable => "cannot connect",
        StoreProblem.NotAStore => "not a naswot score store",
        StoreProblem.Damaged => "damaged",
        StoreProblem.DiskFull => "disk full",
        StoreProblem.ReadOnly => "read-only",
        StoreProblem.Locked => "locked by another process",
        StoreProblem.Missing => "no such file",
        _ => "cannot be read or written",
    };

    private static string Advice(StoreProblem problem) => problem switch
    {
        StoreProblem.NotAStore => "; left untouched: give another --store",
        StoreProblem.Damaged => "; `naswot store verify` says what is left: give another --store, or --no-store",
        _ => "",
    };

    // "SQLite Error 13: 'database or disk is full'." → "SQLite: database or disk is full"
    private static string SqliteText(SqliteException e)
    {
        string message = OneLine(e.Message);
        int quote = message.IndexOf('\'', StringComparison.Ordinal);
        if (quote >= 0 && message.LastIndexOf('\'') is var end && end > quote) message = message[(quote + 1)..end];
        return "SQLite: " + message;
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
