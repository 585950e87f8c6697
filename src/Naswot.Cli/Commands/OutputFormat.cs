using System.CommandLine;
using System.Text.Json;

namespace Naswot.Cli.Commands;

/// <summary>A command's `--format` option: the formats it offers (the first is the default), checked in one place.</summary>
internal sealed class OutputFormat(params string[] formats)
{
    /// <summary>Indented snake_case JSON that keeps cell strings readable ('+' is not escaped).</summary>
    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public Option<string> Option { get; } = new("--format")
    {
        Description = string.Join(", ", formats),
        DefaultValueFactory = _ => formats[0],
    };

    public string Get(ParseResult p)
    {
        string value = p.GetValue(Option)!;
        if (!formats.Contains(value))
            throw new NaswotException($"--format '{value}': expected {string.Join(", ", formats[..^1])} or {formats[^1]}");
        return value;
    }
}
