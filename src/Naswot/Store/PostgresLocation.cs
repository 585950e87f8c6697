using System.Net.Sockets;
using Npgsql;

namespace Naswot.Store;

/// <summary>
/// A PostgreSQL database given where a store file may be: a keyword connection string
/// (<c>Host=db;Database=naswot;Username=me</c>) or a URI (<c>postgresql://me:secret@db:5432/naswot</c>). Messages
/// name it as <see cref="Display"/>, which never holds the password.
/// </summary>
internal sealed class PostgresLocation
{
    private PostgresLocation(string connectionString, string display)
    {
        ConnectionString = connectionString;
        Display = display;
    }

    /// <summary>The connection string Npgsql takes.</summary>
    public string ConnectionString { get; }

    /// <summary><c>postgresql://user@host:port/database</c>: what messages call it.</summary>
    public string Display { get; }

    /// <summary>
    /// Whether <paramref name="location"/> means PostgreSQL rather than a file: a URI of the postgresql or postgres
    /// scheme, or <c>key=value</c> pairs one of which is Host or Server. A file name with '=' in it stays a file name.
    /// </summary>
    public static bool IsPostgres(string location)
    {
        ArgumentNullException.ThrowIfNull(location);
        string text = location.Trim();
        if (text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase))
            return true;
        return text.Split(';').Any(part => part.Split('=', 2) is [var key, _] && key.Trim().ToLowerInvariant() is "host" or "server");
    }

    /// <summary>The database <paramref name="location"/> names.</summary>
    /// <exception cref="NaswotException">It is neither a URI nor a connection string Npgsql understands.</exception>
    public static PostgresLocation Parse(string location)
    {
        ArgumentNullException.ThrowIfNull(location);
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = location.Contains("://", StringComparison.Ordinal) ? FromUri(location.Trim()) : new NpgsqlConnectionStringBuilder(location);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or UriFormatException)
        {
            throw new NaswotException($"'{Redacted(location)}': not a PostgreSQL connection string ({e.Message.ReplaceLineEndings(" ")})", e);
        }
        if (string.IsNullOrWhiteSpace(builder.Host)) throw new NaswotException($"'{Redacted(location)}': a PostgreSQL connection string needs Host=");
        string user = builder.Username ?? Environment.GetEnvironmentVariable("PGUSER") ?? Environment.UserName;
        string database = builder.Database ?? user;
        string display = $"postgresql://{user}@{builder.Host}:{builder.Port}/{database}";
        return new PostgresLocation(builder.ConnectionString, display);
    }

    /// <summary>
    /// The store failure a driver exception stands for: a server that cannot be reached, a login refused, a missing
    /// database, a full disk, a read-only server or missing rights, a lock or timeout, damaged pages.
    /// </summary>
    public static StoreException Failure(string display, Exception e) => e switch
    {
        StoreException store => store,
        PostgresException pg => pg.SqlState switch
        {
            "3D000" => new(display, StoreProblem.Missing, PostgresText(pg), e),
            "53100" => new(display, StoreProblem.DiskFull, PostgresText(pg), e),
            "25006" or "42501" => new(display, StoreProblem.ReadOnly, PostgresText(pg), e),
            "55P03" or "40P01" or "40001" or "57014" => new(display, StoreProblem.Locked, PostgresText(pg), e),
            "XX001" or "XX002" => new(display, StoreProblem.Damaged, PostgresText(pg), e),
            var state when state.StartsWith("28", StringComparison.Ordinal) || state.StartsWith("08", StringComparison.Ordinal)
                || state is "57P01" or "57P02" or "57P03" or "53300" => new(display, StoreProblem.Unreachable, PostgresText(pg), e),
            _ => new(display, StoreProblem.Io, PostgresText(pg), e),
        },
        NpgsqlException { InnerException: SocketException or TimeoutException or IOException or EndOfStreamException } or NpgsqlException { IsTransient: true } =>
            new(display, StoreProblem.Unreachable, "PostgreSQL: " + OneLine((e.InnerException ?? e).Message), e),
        _ => new(display, StoreProblem.Io, "PostgreSQL: " + OneLine(e.Message), e),
    };

    /// <summary>An exception from the driver: a server's error, a broken connection, or a connection used after it broke.</summary>
    public static bool IsFailure(Exception e) =>
        e is NpgsqlException || e is InvalidOperationException && e.Source == typeof(NpgsqlConnection).Assembly.GetName().Name;

    /// <summary>The location with any password replaced, for a message about it.</summary>
    public static string Redacted(string location)
    {
        if (location.Contains("://", StringComparison.Ordinal) && Uri.TryCreate(location.Trim(), UriKind.Absolute, out var uri) && uri.UserInfo.Contains(':'))
            return location.Replace(uri.UserInfo, uri.UserInfo.Split(':')[0] + ":***", StringComparison.Ordinal);
        return string.Join(';', location.Split(';').Select(part =>
            part.Split('=', 2) is [var key, _] && key.Trim().ToLowerInvariant() is "password" or "pwd" ? key + "=***" : part));
    }

    /// <summary><c>postgresql://user:password@host:port/database?key=value</c> as keywords; query keys are Npgsql's.</summary>
    private static NpgsqlConnectionStringBuilder FromUri(string text)
    {
        var uri = new Uri(text);
        if (uri.Scheme is not ("postgresql" or "postgres")) throw new FormatException($"scheme '{uri.Scheme}': expected postgresql://");
        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host };
        if (uri.Port > 0) builder.Port = uri.Port;
        if (uri.UserInfo.Length > 0)
        {
            string[] user = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(user[0]);
            if (user.Length == 2) builder.Password = Uri.UnescapeDataString(user[1]);
        }
        string database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0) builder.Database = database;
        foreach (string pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] kv = pair.Split('=', 2);
            builder[Uri.UnescapeDataString(kv[0])] = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : "";
        }
        return builder;
    }

    // 'ERROR 42501: permission denied for schema public' → "PostgreSQL: permission denied for schema public"
    private static string PostgresText(PostgresException e) => $"PostgreSQL {e.SqlState}: {OneLine(e.MessageText)}";

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
