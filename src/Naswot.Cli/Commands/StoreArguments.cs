using System.CommandLine;
using Naswot.Store;

namespace Naswot.Cli.Commands;

/// <summary>Where scores are kept between runs.</summary>
internal sealed class StoreArguments(ConsoleIo io)
{
    public Option<string?> Path { get; } = new("--store") { Description = $"Score store file (default: ${ScoreStore.PathVariable} or ~/.cache/naswot/scores.db)" };
    public Option<bool> NoStore { get; } = new("--no-store") { Description = "Neither read nor write stored scores" };

    public void AddTo(Command command)
    {
        command.Options.Add(Path);
        command.Options.Add(NoStore);
    }

    /// <summary>The store to read and write, or null with --no-store; the command line reports its failures after the run.</summary>
    public ScoreStore? Open(ParseResult p)
    {
        if (p.GetValue(NoStore)) return null;
        var store = new ScoreStore(ScoreStore.ResolvePath(p.GetValue(Path)));
        io.Stores.Add(store);
        return store;
    }
}
