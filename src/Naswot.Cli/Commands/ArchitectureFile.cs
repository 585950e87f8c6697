using System.Globalization;
using System.Text;
using Naswot.Cli.Errors;

namespace Naswot.Cli.Commands;

/// <summary>
/// Reads `--archs-file`: one architecture per line, blank lines and '#' comments skipped, in bounded memory. A
/// folder, a binary file, an endless stream (/dev/zero) or an absurdly long line is named and refused, never read
/// to exhaustion.
/// </summary>
internal static class ArchitectureFile
{
    /// <summary>Longest line read: the longest architecture text of any space is a few hundred characters.</summary>
    public const int MaxLineLength = 64 * 1024;

    /// <summary>Most architectures in one file: the largest enumerable space (NB101) has 423,624.</summary>
    public const int MaxArchitectures = 1_000_000;

    /// <summary>The canonical architectures of <paramref name="file"/> ('-': standard input), in file order.</summary>
    /// <exception cref="NaswotException">The file cannot be read or holds something other than architectures.</exception>
    public static List<string> Read(string file, Func<string, string> canonicalize)
    {
        using var reader = file == "-" ? Console.In : Open(file);
        var architectures = new List<string>();
        var line = new StringBuilder();
        int number = 0;
        try
        {
            while (ReadLine(reader, line, file, number + 1))
            {
                number++;
                string text = line.ToString();
                if (string.IsNullOrWhiteSpace(text) || text.TrimStart().StartsWith('#')) continue;
                if (architectures.Count == MaxArchitectures)
                    throw new NaswotException(string.Create(CultureInfo.InvariantCulture, $"{file}: more than {MaxArchitectures:N0} architectures; split it into several files"));
                try
                {
                    architectures.Add(canonicalize(text));
                }
                catch (ArchitectureException e)
                {
                    throw new ArchitectureException($"{file} line {number}: {e.Message}");
                }
            }
        }
        catch (IOException e)
        {
            throw new NaswotException($"{file}: cannot read: {e.Message.ReplaceLineEndings(" ")}", e);
        }
        if (architectures.Count == 0) throw new NaswotException($"{file}: no architectures (expected one per line)");
        return architectures;
    }

    /// <summary>The next line into <paramref name="line"/>; false at the end. Stops at the first NUL or past <see cref="MaxLineLength"/>.</summary>
    private static bool ReadLine(TextReader reader, StringBuilder line, string file, int number)
    {
        line.Clear();
        int c = reader.Read();
        if (c < 0) return false;
        for (; c >= 0 && c != '\n'; c = reader.Read())
        {
            if (c == '\0') throw new NaswotException($"{file} line {number}: binary data (a NUL byte); expected text, one architecture per line");
            if (line.Length == MaxLineLength)
                throw new NaswotException(string.Create(CultureInfo.InvariantCulture, $"{file} line {number}: longer than {MaxLineLength:N0} characters; expected one architecture per line"));
            if (c != '\r') line.Append((char)c);
        }
        return true;
    }

    private static StreamReader Open(string path)
    {
        if (Directory.Exists(path)) throw new NaswotException($"{ErrorText.Quote(path)}: is a folder; expected a file with one architecture per line");
        if (!File.Exists(path)) throw new NaswotException($"{path}: file not found (expected one architecture per line)");
        try
        {
            return new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new NaswotException($"{path}: cannot read: {e.Message.ReplaceLineEndings(" ")}", e);
        }
    }
}
