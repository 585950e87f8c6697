namespace Naswot.Cli.Commands;

/// <summary>CSV fields as RFC 4180 writes them: quoted only where they hold a comma, a quote or a line break.</summary>
internal static class Csv
{
    public static string Field(string field) =>
        field.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : field;
}
