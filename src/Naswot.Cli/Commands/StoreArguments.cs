using System.CommandLine;
using Naswot.Store;

namespace Naswot.Cli.Commands;

/// <summary>Where scores are kept between runs.</summary>
internal sealed class StoreArguments
{
    public Option<string?> Path { get; } = new("--store") { Description = $"Score store file (default: ${ScoreStore.PathVariable} or ~/.cache/naswot/scores.db)" };
    public Option<bool> NoStore { get; } = new("--no-store") { Description = "Neither read nor write stored scores" };

    public void AddTo(Command command)
    {
        command.Options.Add(Path);
        command.Options.Add(NoStore);
    }

    public ScoreStore? Open(ParseResult p) => p.GetValue(NoStore) ? null : new ScoreStore(ScoreStore.ResolvePath(p.GetValue(Path)));
}
