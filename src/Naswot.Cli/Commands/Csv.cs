namespace Naswot.Cli.Commands;

/// <summary>CSV fields as RFC 4180 writes them: quoted only where they hold a comma, a quote or a line break.</summary>
internal static class Csv
{
    /// <summary>
    /// The next record of <paramref name="reader"/> as RFC 4180 reads it (a quoted field may hold commas, doubled
    /// quotes and line breaks), or null at the end; a quote left open at the end is an error naming the line.
    /// </summary>
    public static List<string>? ReadRecord(TextReader reader, ref int line)
    {
        string? text = reader.ReadLine();
        if (text is null) return null;
        line++;
        int start = line;
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; ; i++)
        {
            if (i == text.Length)
            {
                if (!quoted) break;
                text = reader.ReadLine() ?? throw new FormatException($"line {start}: a quoted field is not closed");
                line++;
                field.Append('\n');
                i = -1;
                continue;
            }
            char c = text[i];
            if (quoted)
            {
                if (c != '"') field.Append(c);
                else if (i + 1 < text.Length && text[i + 1] == '"') field.Append(text[++i]);
                else quoted = false;
            }
            else if (c == '"') quoted = true;
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else field.Append(c);
        }
        fields.Add(field.ToString());
        return fields;
    }

    public static string Field(string field) =>
        field.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : field;
}
