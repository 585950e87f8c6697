using System.CommandLine;
using System.Text.Json;
using Naswot.Scoring;

namespace Naswot.Cli.Commands;

/// <summary>`naswot spaces` and `naswot proxies`: what the registries hold, read from them, so the list is never stale.</summary>
internal static class CatalogCommand
{
    public static Command CreateSpaces(ConsoleIo io)
    {
        var format = new OutputFormat("text", "json");
        var command = new Command("spaces", "List the search spaces: what each is, its architecture text, settings and benchmarks");
        command.Options.Add(format.Option);
        command.SetAction(p =>
        {
            var spaces = SearchSpaces.All.Select(s => new
            {
                name = s.Name,
                description = s.Space.Description,
                architecture = s.Space.ArchitectureFormat,
                size = s.Space.Size == long.MaxValue ? (long?)null : s.Space.Size, // null: more than 64 bits count
                enumerable = s.Space.IsEnumerable,
                settings = s.Settings.Select(d => new { name = d.Name, @default = d.Default, expected = d.Expected }).ToList(),
                benchmarks = s.Benchmarks.Select(b => new { dataset = b.Dataset, architectures = b.Architectures.Count, description = b.Description }).ToList(),
            }).ToList();
            return Write(io, format.Get(p), spaces, s =>
            {
                io.Output.WriteLine($"{s.name}: {s.description}");
                io.Output.WriteLine($"  architecture: {s.architecture}");
                foreach (var d in s.settings) io.Output.WriteLine($"  --{d.name} (default {d.@default}; {d.expected})");
                foreach (var b in s.benchmarks) io.Output.WriteLine($"  benchmark {b.dataset}: {b.architectures:N0} architectures; {b.description}");
                if (s.benchmarks.Count == 0) io.Output.WriteLine("  benchmark: none");
            });
        });
        return command;
    }

    public static Command CreateProxies(ConsoleIo io)
    {
        var format = new OutputFormat("text", "json");
        var command = new Command("proxies", "List the training-free proxies, their versions and settings");
        command.Options.Add(format.Option);
        command.SetAction(p =>
        {
            var proxies = ProxyRegistry.All.Select(d =>
            {
                var proxy = d.With();
                return new
                {
                    name = d.Name,
                    description = d.Description,
                    version = proxy.Version,
                    needs = proxy.Needs.ToString(),
                    settings = d.Settings.Select(s => new { name = s.Name, @default = s.Default, expected = s.Expected }).ToList(),
                };
            }).ToList();
            return Write(io, format.Get(p), proxies, x =>
            {
                io.Output.WriteLine($"{x.name} v{x.version} ({x.needs}): {x.description}");
                foreach (var s in x.settings) io.Output.WriteLine($"  --{s.name} (default {s.@default}; {s.expected})");
            });
        });
        return command;
    }

    /// <summary>The entries as JSON, or each one as text.</summary>
    private static int Write<T>(ConsoleIo io, string format, IReadOnlyList<T> entries, Action<T> text)
    {
        if (format == "json") io.Output.WriteLine(JsonSerializer.Serialize(entries, OutputFormat.Json));
        else foreach (var entry in entries) text(entry);
        return 0;
    }
}
