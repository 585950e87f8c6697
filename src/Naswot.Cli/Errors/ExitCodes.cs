namespace Naswot.Cli.Errors;

/// <summary>The exit codes of every command, as the README's "what happens when …" table documents them.</summary>
internal static class ExitCodes
{
    /// <summary>Everything asked was done.</summary>
    public const int Ok = 0;

    /// <summary>A bug: the message asks for a report (--verbose shows the stack trace).</summary>
    public const int InternalError = 1;

    /// <summary>Bad input: an option, a number, an architecture, a data file; nothing was scored.</summary>
    public const int BadInput = 2;

    /// <summary>Some architectures failed to score; the others are printed, the reasons with them.</summary>
    public const int SomeFailed = 3;

    /// <summary>The score store cannot be used as asked (not ours, damaged, full, read-only, locked); scores computed are printed.</summary>
    public const int Store = 4;

    /// <summary>A result could not be written (standard output, a plot); what was computed is in the store.</summary>
    public const int Output = 5;

    /// <summary>Interrupted by Ctrl-C (SIGINT): 128 + 2, as shells report it.</summary>
    public const int Interrupted = 130;

    /// <summary>Stopped by SIGTERM: 128 + 15.</summary>
    public const int Terminated = 143;
}

/// <summary>A result could not be written where the user asked: the message names the place and the cause.</summary>
internal sealed class OutputException(string message, Exception? inner = null) : NaswotException(message, inner)
{
    /// <summary>The failure of writing <paramref name="what"/> ("standard output", "--plot x.png"), as one line.</summary>
    public static OutputException Writing(string what, Exception e) =>
        new($"{what}: cannot write: {e.Message.ReplaceLineEndings(" ").Trim()}", e);
}
