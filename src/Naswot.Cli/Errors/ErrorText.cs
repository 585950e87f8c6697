using System.Globalization;
using System.Text;

namespace Naswot.Cli.Errors;

/// <summary>
/// Makes any message safe to print as one line on a terminal: what a user typed or a file held (a 10 kB string,
/// binary bytes, terminal escape codes) is echoed quoted, with control characters made visible, and cut short.
/// Every error the command line prints passes through <see cref="Line"/>, so no parser has to get this right alone.
/// </summary>
internal static class ErrorText
{
    /// <summary>The longest line printed: the start (which names the input) and the end (which says what was expected) are kept.</summary>
    public const int MaxLine = 600;

    private const int Head = 400;
    private const int Tail = 150;

    /// <summary><paramref name="text"/> in quotes, made visible (<see cref="Visible"/>) and cut to <paramref name="max"/> characters.</summary>
    public static string Quote(string text, int max = 80)
    {
        ArgumentNullException.ThrowIfNull(text);
        string visible = Visible(text);
        if (visible.Length <= max) return $"'{visible}'";
        int head = max * 3 / 4, tail = max - head;
        return string.Create(CultureInfo.InvariantCulture, $"'{visible[..head]}…{visible[^tail..]}' ({text.Length:N0} characters)");
    }

    /// <summary>
    /// One printable line: line breaks become spaces, control and bidirectional-override characters become escapes
    /// (\e, \x07, \u202e), and a line longer than <see cref="MaxLine"/> loses its middle.
    /// </summary>
    public static string Line(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        string visible = Visible(message.ReplaceLineEndings(" "));
        if (visible.Length <= MaxLine) return visible;
        return string.Create(CultureInfo.InvariantCulture,
            $"{visible[..Head]} … [{visible.Length - Head - Tail:N0} characters left out] … {visible[^Tail..]}");
    }

    /// <summary>Control characters, bidirectional overrides and lone surrogates as escapes; everything else as it is.</summary>
    public static string Visible(string text)
    {
        StringBuilder? escaped = null;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            string? escape = c switch
            {
                '\x1b' => "\\e",
                '\t' => "\\t",
                '\r' => "\\r",
                '\n' => "\\n",
                < ' ' or (>= '\x7f' and <= '\x9f') => $"\\x{(int)c:x2}",
                (>= '\u202a' and <= '\u202e') or (>= '\u2066' and <= '\u2069') or '\u200e' or '\u200f' => $"\\u{(int)c:x4}",
                _ when char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) => null,
                _ when char.IsLowSurrogate(c) && i > 0 && char.IsHighSurrogate(text[i - 1]) => null,
                _ when char.IsSurrogate(c) => $"\\u{(int)c:x4}",
                _ => null,
            };
            if (escape is null)
            {
                escaped?.Append(c);
                continue;
            }
            escaped ??= new StringBuilder(text, 0, i, text.Length + 16);
            escaped.Append(escape);
        }
        return escaped?.ToString() ?? text;
    }
}
