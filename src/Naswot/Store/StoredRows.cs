using System.Data.Common;
using System.Globalization;
using Naswot.Data;

namespace Naswot.Store;

/// <summary>
/// Checks of every row read back, whatever holds it (a SQLite file, a PostgreSQL table, an exported CSV file): a
/// row is served only if each field is what this code writes; otherwise the check says, in a few words, what is wrong.
/// </summary>
internal static class StoredRows
{
    /// <summary>A whole row of <see cref="ScoreStore.AllColumns"/>: its key and score, or what is wrong with it.</summary>
    public static (ScoreKey? Key, StoredScore? Score, string? Problem) RowOf(DbDataReader reader)
    {
        string Text(int i) => reader.GetFieldType(i) == typeof(string) ? reader.GetString(i) : $"<{Kind(reader, i)}>";
        string where = $"{Text(0)} {Text(2)} {Text(8)} '{Text(11)}'";
        for (int i = 0; i < 12; i++)
        {
            bool integer = i is 4 or 6 or 7 or 9;
            if (reader.GetFieldType(i) != (integer ? typeof(long) : typeof(string)) || reader.IsDBNull(i))
                return (null, null, $"{where}: {reader.GetName(i)} is {Kind(reader, i)}; expected {(integer ? "an integer" : "text")}");
        }
        var (key, keyProblem) = Key(reader.GetString(0), reader.GetString(11), reader.GetString(1), reader.GetString(2), reader.GetString(3),
            reader.GetInt64(4), reader.GetString(5), reader.GetInt64(6), reader.GetInt64(7), reader.GetString(8), reader.GetInt64(9), reader.GetString(10));
        if (keyProblem is not null) return (null, null, $"{where}: {keyProblem}");
        var (score, problem) = ValueOf(reader, 12);
        return problem is null ? (key, score, null) : (null, null, $"{where}: {problem}");
    }

    /// <summary>The key of a row's fields, or what is wrong with them (a batch that is neither first nor random, a version out of range).</summary>
    public static (ScoreKey? Key, string? Problem) Key(string space, string architecture, string network, string dataset, string dataKey,
        long batchSize, string selection, long batchSeed, long initSeed, string proxy, long proxyVersion, string proxySettings)
    {
        if (batchSize is < 1 or > int.MaxValue || selection is not ("first" or "random"))
            return (null, $"batch '{Shorten(selection)}' of {batchSize}; expected first or random of 1 or more");
        if (proxyVersion is < int.MinValue or > int.MaxValue) return (null, $"proxy_version {proxyVersion} is out of range");
        var batch = selection == "first" ? BatchSelection.First((int)batchSize) : BatchSelection.Random((int)batchSize, unchecked((ulong)batchSeed));
        return (new ScoreKey(space, architecture, network, dataset, dataKey, batch, unchecked((ulong)initSeed), proxy, (int)proxyVersion, proxySettings), null);
    }

    /// <summary>The stored value from <paramref name="first"/> on (status, score, message, seconds, created_at, naswot_version), checked field by field.</summary>
    public static (StoredScore? Score, string? Problem) ValueOf(DbDataReader reader, int first)
    {
        if (reader.GetFieldType(first) != typeof(string) || reader.IsDBNull(first)) return (null, $"status is {Kind(reader, first)}; expected ok, singular or failed");
        int at = first + 1;
        double? score = null;
        if (!reader.IsDBNull(at))
        {
            // SQLite turns a REAL that is not a number into 0 when asked for a double: look at what is stored.
            if (reader.GetFieldType(at) != typeof(double)) return (null, $"score is {Kind(reader, at)}; expected a number");
            score = reader.GetDouble(at);
        }
        string? message = null;
        if (!reader.IsDBNull(first + 2))
        {
            if (reader.GetFieldType(first + 2) != typeof(string)) return (null, $"message is {Kind(reader, first + 2)}; expected text");
            message = reader.GetString(first + 2);
        }
        var secondsType = reader.GetFieldType(first + 3);
        if (reader.IsDBNull(first + 3) || secondsType != typeof(double) && secondsType != typeof(long))
            return (null, $"seconds is {Kind(reader, first + 3)}; expected a number");
        if (reader.GetFieldType(first + 4) != typeof(string) || reader.IsDBNull(first + 4))
            return (null, $"created_at is {Kind(reader, first + 4)}; expected an ISO 8601 time");
        if (reader.GetFieldType(first + 5) != typeof(string) || reader.IsDBNull(first + 5))
            return (null, $"naswot_version is {Kind(reader, first + 5)}; expected text");
        return Value(reader.GetString(first), score, message, reader.GetDouble(first + 3), reader.GetString(first + 4), reader.GetString(first + 5));
    }

    /// <summary>
    /// A value from its fields, checked as every row is: a known status, a finite score exactly when ok, a reason
    /// for a failure, a duration of 0 or more, an ISO 8601 time.
    /// </summary>
    public static (StoredScore? Score, string? Problem) Value(string statusText, double? score, string? message, double seconds, string createdAt, string version)
    {
        ScoreStatus status;
        switch (statusText)
        {
            case "ok": status = ScoreStatus.Ok; break;
            case "singular": status = ScoreStatus.Singular; break;
            case "failed": status = ScoreStatus.Failed; break;
            default: return (null, $"status '{Shorten(statusText)}'; expected ok, singular or failed");
        }
        double value;
        if (status == ScoreStatus.Ok)
        {
            if (score is not { } number) return (null, "score is empty; expected a number");
            if (!double.IsFinite(number)) return (null, $"score is {number}; expected a finite number");
            value = number;
        }
        else
        {
            if (score is { } held) return (null, $"a {statusText} row holds a score ({Number(held)})");
            value = status == ScoreStatus.Singular ? double.NegativeInfinity : double.NaN;
        }
        if (status == ScoreStatus.Failed && string.IsNullOrWhiteSpace(message)) return (null, "a failed row without its reason");
        if (!double.IsFinite(seconds) || seconds < 0) return (null, $"seconds is {seconds}; expected a duration of 0 or more");
        if (!DateTimeOffset.TryParseExact(createdAt, "O", CultureInfo.InvariantCulture, DateTimeStyles.None, out var created))
            return (null, $"created_at is text '{Shorten(createdAt)}'; expected an ISO 8601 time");
        return (new StoredScore(status, value, message, seconds, created, version), null);
    }

    /// <summary>How <paramref name="status"/> is written: ok, singular or failed.</summary>
    public static string StatusName(ScoreStatus status) => status switch
    {
        ScoreStatus.Ok => "ok",
        ScoreStatus.Singular => "singular",
        ScoreStatus.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>What a field holds, for a message: "text 'abc'", "a number (1.5)", "empty", "a blob of 3 bytes".</summary>
    private static string Kind(DbDataReader reader, int i)
    {
        if (reader.IsDBNull(i)) return "empty";
        var type = reader.GetFieldType(i);
        if (type == typeof(string)) return $"text '{Shorten(reader.GetString(i))}'";
        if (type == typeof(double) || type == typeof(long) || type == typeof(int)) return $"a number ({Number(reader.GetDouble(i))})";
        if (type == typeof(byte[])) return $"a blob of {reader.GetStream(i).Length} bytes";
        return $"a {type.Name}";
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
