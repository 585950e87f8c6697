using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Naswot.Tests.Store;

/// <summary>
/// A PostgreSQL server for the tests: the one <c>$NASWOT_TEST_POSTGRES</c> names (a connection string whose user may
/// create databases; CI starts one), else a throw-away server this process starts under the temp folder from the
/// installed binaries (as the <c>postgres</c> user when running as root, which initdb refuses) and stops on exit.
/// Each test gets a database of its own. Without either, PostgreSQL tests skip, saying why.
/// </summary>
internal static class PostgresServer
{
    /// <summary>The variable naming an existing server's connection string.</summary>
    public const string Variable = "NASWOT_TEST_POSTGRES";

    private static readonly Lazy<(string? ConnectionString, string? Unavailable)> Server = new(Start);

    /// <summary>Skips the calling test, with the reason, where no server can be reached or started.</summary>
    public static void SkipIfUnavailable() => Skip.If(Server.Value.Unavailable is not null, Server.Value.Unavailable);

    /// <summary>A new, empty database on the server, as a connection string (the test skips without a server).</summary>
    public static string NewDatabase()
    {
        SkipIfUnavailable();
        string name = "naswot_test_" + Guid.NewGuid().ToString("N")[..12];
        using (var connection = new NpgsqlConnection(Server.Value.ConnectionString))
        {
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            command.ExecuteNonQuery();
        }
        // No pooling: a test that drops or kills connections must not hand a dead one to the next.
        return new NpgsqlConnectionStringBuilder(Server.Value.ConnectionString) { Database = name, Pooling = false }.ConnectionString;
    }

    /// <summary>A server that answers, or why there is none: the tests skip with that reason rather than fail on a machine without one.</summary>
    private static (string?, string?) Start()
    {
        try
        {
            var (connection, unavailable) = Find();
            if (connection is null) return (null, unavailable);
            using var probe = new NpgsqlConnection(connection);
            probe.Open();
            return (connection, null);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or System.ComponentModel.Win32Exception or IOException)
        {
            return (null, $"no PostgreSQL server could be reached or started: {e.Message.ReplaceLineEndings(" ")}");
        }
    }

    private static (string?, string?) Find()
    {
        string? given = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(given)) return (given, null);
        string? bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(v => Path.Combine(v, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb"))).Order().LastOrDefault()
            : null;
        if (bin is null) return (null, $"no PostgreSQL: set ${Variable} to a connection string, or install the server (Debian: postgresql-15) for a throw-away one");

        RemoveStale();
        var folder = Directory.CreateTempSubdirectory("naswot-pg-");
        bool root = Environment.UserName == "root";
        if (root) Run("chown", "postgres", folder.FullName);
        string data = Path.Combine(folder.FullName, "data");
        int port = FreePort();
        Run(root, Path.Combine(bin, "initdb"), "-D", data, "-A", "trust", "-U", "naswot", "--no-sync", "-E", "UTF8");
        Run(root, Path.Combine(bin, "pg_ctl"), "-D", data, "-l", Path.Combine(folder.FullName, "log"), "-w", "-o",
            $"-p {port} -k {folder.FullName} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200", "start");
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            Run(root, Path.Combine(bin, "pg_ctl"), "-D", data, "-m", "immediate", "stop");
            // rm -rf, not Directory.Delete: the server may still be removing its own files as it goes.
            Run("rm", "-rf", folder.FullName);
        };
        return ($"Host=127.0.0.1;Port={port};Username=naswot;Database=postgres", null);
    }

    /// <summary>
    /// Servers of earlier runs whose test host ended before its exit handler could delete them: stopped (no
    /// postmaster.pid) and older than ten minutes, so that none being started by another run right now is touched.
    /// </summary>
    private static void RemoveStale()
    {
        foreach (var stale in new DirectoryInfo(Path.GetTempPath()).EnumerateDirectories("naswot-pg-*"))
        {
            if (stale.CreationTimeUtc > DateTime.UtcNow - TimeSpan.FromMinutes(10) || File.Exists(Path.Combine(stale.FullName, "data", "postmaster.pid"))) continue;
            Run("rm", "-rf", stale.FullName);
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static void Run(bool asPostgres, string program, params string[] arguments) =>
        Run(asPostgres ? "runuser" : program, asPostgres ? ["-u", "postgres", "--", program, .. arguments] : arguments);

    private static void Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {output}");
    }
}
