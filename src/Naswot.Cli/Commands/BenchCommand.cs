using System.CommandLine;

namespace Naswot.Cli.Commands;

/// <summary>`naswot bench`: where the time of scoring goes, phase by phase.</summary>
internal static class BenchCommand
{
    public static Command Create(ConsoleIo io)
    {
        var command = new Command("bench", "Measure scoring speed and memory on this machine");
        command.SetAction(_ =>
        {
            io.Output.WriteLine("not yet");
            return 0;
        });
        return command;
    }
}
