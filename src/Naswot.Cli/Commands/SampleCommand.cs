using System.CommandLine;
using System.Text.Json;

namespace Naswot.Cli.Commands;

/// <summary>
/// `naswot sample` and `naswot mutate`: architectures of any registered space, drawn or mutated by the space's own
/// rules, one canonical text per line, ready for `naswot score --archs-file -`.
/// </summary>
internal static class SampleCommand
{
    public static Command CreateSample(ConsoleIo io)
    {
        var (space, n, seed, format) = Options();
        var command = new Command("sample", "Draw architectures of a space at random, as the space samples them; one canonical text per line");
        foreach (var option in new Option[] { space, n, seed, format.Option }) command.Options.Add(option);
        command.SetAction(p =>
        {
            var registered = SearchSpaces.Get(p.GetValue(space)!);
            int count = Count(p.GetValue(n));
            var random = new SeededRandom(p.GetValue(seed));
            Write(io, registered, format.Get(p), [.. Enumerable.Range(0, count).Select(_ => registered.Space.Sample(random))]);
            return 0;
        });
        return command;
    }

    public static Command CreateMutate(ConsoleIo io)
    {
        var (space, n, seed, format) = Options();
        var arch = new Option<string?>("--arch") { Description = "The architecture to mutate" };
        var command = new Command("mutate", "Mutate an architecture by the space's rules: N valid neighbours that differ from it, one per line");
        foreach (var option in new Option[] { space, arch, n, seed, format.Option }) command.Options.Add(option);
        command.SetAction(p =>
        {
            var registered = SearchSpaces.Get(p.GetValue(space)!);
            string parent = registered.Space.Canonicalize(p.GetValue(arch) ?? throw new NaswotException("--arch: give the architecture to mutate"));
            int count = Count(p.GetValue(n));
            var random = new SeededRandom(p.GetValue(seed));
            Write(io, registered, format.Get(p), [.. Enumerable.Range(0, count).Select(_ => registered.Space.Mutate(parent, random))]);
            return 0;
        });
        return command;
    }

    private static (Option<string> Space, Option<int> N, Option<ulong> Seed, OutputFormat Format) Options() => (
        new Option<string>("--space") { Description = $"Search space: {string.Join(", ", SearchSpaces.All.Select(s => s.Name))}", DefaultValueFactory = _ => "nb201" },
        new Option<int>("--n") { Description = "How many architectures", DefaultValueFactory = _ => 1 },
        BenchmarkArguments.SampleSeed(),
        new OutputFormat("text", "json"));

    private static int Count(int n) => n is >= 1 and <= 1_000_000 ? n : throw new NaswotException($"--n {n}: expected 1..1000000");

    private static void Write(ConsoleIo io, RegisteredSpace space, string format, IReadOnlyList<string> architectures)
    {
        if (format == "text")
        {
            foreach (string architecture in architectures) io.Output.WriteLine(architecture);
            return;
        }
        io.Output.WriteLine(JsonSerializer.Serialize(
            architectures.Select(a => new { arch = a, id = space.Space.Identify(a) }), OutputFormat.Json));
    }
}
