using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Numerics;

namespace Naswot.Cli.Errors;

/// <summary>
/// What the command line accepts and how it says no: numbers are read strictly (digits, an optional sign, within
/// the type's range), an empty value is an error rather than a silent default, and every parse error becomes one
/// line naming the option or word and what was expected. Applied once to the whole command tree, so a new command
/// or option follows it without code of its own.
/// </summary>
internal static class CommandLineRules
{
    private static readonly System.Buffers.SearchValues<char> DigitValues = System.Buffers.SearchValues.Create("0123456789");

    /// <summary>Installs the number parsers and the empty-value check on every option of <paramref name="root"/> and its subcommands.</summary>
    public static void Apply(Command root)
    {
        foreach (var command in Commands(root))
        {
            foreach (var option in command.Options)
            {
                switch (option)
                {
                    case Option<int> whole:
                        whole.CustomParser = r => Number(r, whole.Name, int.MinValue, int.MaxValue) is { } n ? (int)n : 0;
                        break;
                    case Option<int?> optional:
                        optional.CustomParser = r => Number(r, optional.Name, int.MinValue, int.MaxValue) is { } n ? (int)n : null;
                        break;
                    case Option<ulong> unsigned:
                        unsigned.CustomParser = r => Number(r, unsigned.Name, ulong.MinValue, ulong.MaxValue) is { } n ? (ulong)n : 0;
                        break;
                    case Option<string> or Option<string?>:
                        option.Validators.Add(NotEmpty);
                        break;
                }
            }
        }
    }

    /// <summary>
    /// A whole number as the command line reads it: optional sign, ASCII digits, nothing else (no spaces inside,
    /// no separators, no exponent); null with the reason when it is not one or is outside [min, max].
    /// </summary>
    public static BigInteger? ParseWhole(string text, BigInteger min, BigInteger max, out string? problem)
    {
        problem = null;
        var span = text.AsSpan().Trim();
        int digits = span.Length > 0 && span[0] is '+' or '-' ? 1 : 0;
        if (span.Length == digits || span[digits..].ContainsAnyExcept(DigitValues)) problem = "expected a whole number";
        else if (BigInteger.Parse(span, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) is var value && (value < min || value > max))
            problem = min.IsZero ? $"expected a whole number from 0 to {max}" : $"expected a whole number from {min} to {max}";
        else return value;
        return null;
    }

    /// <summary>One line for the first parse error: the option or word at fault and what was expected.</summary>
    public static string Describe(ParseResult parsed)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        string path = PathOf(parsed.CommandResult);
        string at = path == "naswot" ? "" : path["naswot ".Length..] + ": ";
        var command = parsed.CommandResult.Command;
        foreach (var error in parsed.Errors)
        {
            // Ours (numbers, empty values) already name the option.
            if (error.Message.StartsWith('-')) return error.Message;
        }
        if (parsed.UnmatchedTokens.Count > 0) return at + Unmatched(parsed.UnmatchedTokens[0], command, path);
        foreach (var error in parsed.Errors)
        {
            if (error.SymbolResult is OptionResult option)
            {
                if (option.IdentifierTokenCount > 1) return $"{option.Option.Name} is given {option.IdentifierTokenCount} times; give it once";
                if (option.Tokens.Count == 0) return $"{option.Option.Name} needs a value after it";
            }
        }
        if (command.Subcommands.Count > 0 && command.Action is null)
            return $"{at}give a command: {string.Join(", ", command.Subcommands.Select(c => c.Name))} ({path} --help explains them)";
        return at + parsed.Errors[0].Message;
    }

    private static string Unmatched(string token, Command command, string path)
    {
        string quoted = ErrorText.Quote(token);
        if (command.Subcommands.Count > 0)
        {
            var names = command.Subcommands.Select(c => c.Name).ToList();
            return $"unknown command {quoted}{Suggest(token, names)} (commands: {string.Join(", ", names)})";
        }
        if (token.StartsWith('-'))
        {
            var names = command.Options.Concat(RecursiveOptions(command)).SelectMany(o => o.Aliases.Prepend(o.Name)).Distinct().ToList();
            return $"unknown option {quoted}{Suggest(token, names)} ({path} --help lists them)";
        }
        return $"unexpected argument {quoted}: values follow their option, as --name value ({path} --help lists the options)";
    }

    /// <summary>" (did you mean --n?)" for a near miss by edit distance, else nothing.</summary>
    private static string Suggest(string token, IReadOnlyList<string> names)
    {
        var best = names.Select(n => (Name: n, Distance: EditDistance(token, n))).MinBy(x => x.Distance);
        return best.Name is not null && best.Distance <= Math.Max(2, token.Length / 3) ? $"; did you mean {best.Name}?" : "";
    }

    private static int EditDistance(string a, string b)
    {
        if (a.Length > 64 || b.Length > 64) return int.MaxValue;
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        var current = new int[b.Length + 1];
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1], previous[j]) + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }

    private static IEnumerable<Option> RecursiveOptions(Command command)
    {
        for (var parent = command.Parents.OfType<Command>().FirstOrDefault(); parent is not null; parent = parent.Parents.OfType<Command>().FirstOrDefault())
        {
            foreach (var option in parent.Options.Where(o => o.Recursive)) yield return option;
        }
    }

    /// <summary>"naswot experiment nb201": the words that chose the command.</summary>
    private static string PathOf(CommandResult result)
    {
        var words = new List<string>();
        for (SymbolResult? r = result; r is CommandResult c; r = c.Parent) words.Add(c.Parent is null ? "naswot" : c.Command.Name);
        words.Reverse();
        return string.Join(' ', words);
    }

    private static IEnumerable<Command> Commands(Command root) => root.Subcommands.SelectMany(Commands).Prepend(root);

    private static BigInteger? Number(ArgumentResult result, string option, BigInteger min, BigInteger max)
    {
        if (result.Tokens.Count != 1) return null; // a missing or repeated value: reported by the parser itself
        string text = result.Tokens[0].Value;
        var value = ParseWhole(text, min, max, out string? problem);
        if (problem is not null) result.AddError($"{option} {ErrorText.Quote(text)}: {problem}");
        return value;
    }

    private static void NotEmpty(OptionResult result)
    {
        foreach (var token in result.Tokens)
        {
            if (string.IsNullOrWhiteSpace(token.Value))
                result.AddError($"{result.Option.Name} {ErrorText.Quote(token.Value)}: expected a value, not an empty string");
        }
    }
}
