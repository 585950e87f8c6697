using System.CommandLine;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace Naswot.Cli.Cluster;

/// <summary>
/// `naswot worker --cluster CS`: an Orleans silo that joins the cluster whose membership and sweeps live in the
/// PostgreSQL database CS names, and scores the shards it is given into the score store there, until SIGTERM or
/// Ctrl-C: then it hands back unfinished shards and leaves the cluster.
/// </summary>
internal static class WorkerCommand
{
    public static Command Create(ConsoleIo io)
    {
        var cluster = ClusterOption();
        var clusterId = ClusterIdOption();
        var workers = new Option<int>("--workers") { Description = "Shards scored at once on this machine", DefaultValueFactory = _ => 1 };
        var threads = new Option<int>("--threads") { Description = "Threads per forward pass", DefaultValueFactory = _ => 1 };
        var address = new Option<string?>("--address") { Description = "Address other workers reach this one at (default: this host's first non-loopback IPv4, else 127.0.0.1)" };
        var port = new Option<int>("--port") { Description = "Port other workers reach this one at (0: any free port)", DefaultValueFactory = _ => 0 };
        var command = new Command("worker", "Join a cluster of naswot workers (Orleans, on PostgreSQL) and score sweeps' shards until stopped (SIGTERM hands back unfinished work)");
        foreach (var option in new Option[] { cluster, clusterId, workers, threads, address, port }) command.Options.Add(option);
        command.SetAction(async (p, cancel) =>
        {
            int cores = Environment.ProcessorCount;
            foreach (var (option, value) in new[] { (workers, p.GetValue(workers)), (threads, p.GetValue(threads)) })
            {
                if (value < 1 || value > cores) throw new NaswotException($"{option.Name} {value}: expected 1 to {cores}, the cores of this machine");
            }
            using var database = ClusterDatabase.Open(p.GetValue(cluster)!);
            var settings = new WorkerSettings(p.GetValue(clusterId)!, p.GetValue(workers), p.GetValue(threads), io.Error);
            var endpoint = new IPEndPoint(Address(p.GetValue(address)), p.GetValue(port) is > 0 and var given ? given : FreePort());
            using var host = Silo(database, settings, endpoint);
            await host.StartAsync(CancellationToken.None);
            io.Error.WriteLine($"naswot worker: {endpoint} joined cluster '{settings.ClusterId}' on {database.Display}: {settings.Workers} worker(s) of {settings.Threads} thread(s)");
            try
            {
                await Task.Delay(Timeout.Infinite, cancel);
            }
            catch (OperationCanceledException)
            {
            }
            io.Error.WriteLine("naswot worker: stopping: handing back unfinished shards");
            await host.StopAsync(CancellationToken.None);
            io.Error.WriteLine("naswot worker: stopped");
            return 0;
        });
        return command;
    }

    /// <summary>--cluster: the PostgreSQL database of the cluster and its score store.</summary>
    public static Option<string> ClusterOption() => new("--cluster")
    {
        Description = "PostgreSQL connection string (Host=…;Database=…;Username=…) of the cluster: its members, its sweeps and the shared score store",
        Required = true,
    };

    /// <summary>--cluster-id: several clusters may share one database.</summary>
    public static Option<string> ClusterIdOption() => new("--cluster-id") { Description = "Name of the cluster within the database", DefaultValueFactory = _ => "naswot" };

    /// <summary>A silo of <paramref name="settings"/>'s cluster at <paramref name="endpoint"/>, with its membership table and shard runner.</summary>
    public static IHost Silo(ClusterDatabase database, WorkerSettings settings, IPEndPoint endpoint)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        // Orleans' own warnings are about tuning (server GC, a slow watchdog on a busy machine): errors only.
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true)
            .AddFilter((category, level) => level >= (category?.StartsWith("Orleans", StringComparison.Ordinal) == true ? LogLevel.Error : LogLevel.Warning));
        builder.Logging.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(60));
        builder.UseOrleans(silo =>
        {
            Configure(silo, database, settings);
            silo.ConfigureEndpoints(endpoint.Address, endpoint.Port, gatewayPort: 0, listenOnAnyHostAddress: !IPAddress.IsLoopback(endpoint.Address));
        });
        return builder.Build();
    }

    /// <summary>What a silo of `naswot worker` has: the cluster's names, the membership table on PostgreSQL, the workers.</summary>
    public static void Configure(ISiloBuilder silo, ClusterDatabase database, WorkerSettings settings)
    {
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = settings.ClusterId;
            o.ServiceId = "naswot";
        });
        silo.Services.AddSingleton<IMembershipTable, PostgresMembershipTable>();
        AddWorkers(silo, database, settings);
    }

    /// <summary>
    /// The sweep grain, the shard runner and failure detection fast enough for shard re-runs, on whatever membership
    /// the silo has (Orleans' in-process one in tests).
    /// </summary>
    public static void AddWorkers(ISiloBuilder silo, ClusterDatabase database, WorkerSettings settings)
    {
        // A killed worker is declared dead after about ten seconds of missed probes, not the default minute.
        silo.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = TimeSpan.FromSeconds(2);
            o.NumMissedProbesLimit = 3;
            o.TableRefreshTimeout = TimeSpan.FromSeconds(5);
        });
        silo.Services.AddSingleton(database);
        silo.Services.AddSingleton<Sweeps>();
        silo.Services.AddSingleton(settings);
        silo.Services.AddHostedService<ShardRunner>();
    }

    private static IPAddress Address(string? given)
    {
        if (given is not null)
        {
            return IPAddress.TryParse(given, out var parsed) ? parsed
                : Dns.GetHostAddresses(given).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
                  ?? throw new NaswotException($"--address {given}: no IPv4 address");
        }
        return NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? IPAddress.Loopback;
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Any, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
