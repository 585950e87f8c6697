using System.Globalization;

namespace Naswot.Spaces;

/// <summary>
/// The syntax of an NDS architecture, before any space checks it: a DARTS genotype repr
/// (<c>Genotype(normal=[('sep_conv_3x3', 0), …], normal_concat=[2, 3, 4, 5], reduce=[…], reduce_concat=[…])</c>, as
/// DARTS, NASLib and NAS-Bench-301 print it) and an optional <c>;width=W;depth=D</c> suffix. Pairs may be tuples or
/// lists, names in either quote, concats lists or <c>range(a, b)</c> (older DARTS genotypes), fields in any order.
/// </summary>
internal sealed class NdsGenotypeText
{
    private static readonly string[] Fields = ["normal", "normal_concat", "reduce", "reduce_concat"];

    private readonly string _text;
    private int _at;

    private NdsGenotypeText(string text) => _text = text;

    public IReadOnlyList<(string Op, int Input)> Normal { get; private set; } = [];

    public IReadOnlyList<int> NormalConcat { get; private set; } = [];

    public IReadOnlyList<(string Op, int Input)> Reduce { get; private set; } = [];

    public IReadOnlyList<int> ReduceConcat { get; private set; } = [];

    /// <summary>The suffix's <c>name=value</c> settings, in their order.</summary>
    public IReadOnlyList<(string Name, string Value)> Settings { get; private set; } = [];

    /// <summary>The parts of <paramref name="text"/>, or the first syntax error in <paramref name="error"/>.</summary>
    public static bool TryParse(string text, out NdsGenotypeText parsed, out string? error)
    {
        parsed = new NdsGenotypeText(text);
        try
        {
            parsed.ParseAll();
            error = null;
            return true;
        }
        catch (FormatException e)
        {
            error = e.Message;
            return false;
        }
    }

    private void ParseAll()
    {
        Expect("Genotype");
        Expect('(');
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            int start = Skip();
            string field = Identifier();
            if (!Fields.Contains(field)) throw Error($"unknown field '{field}' (a genotype has {string.Join(", ", Fields)})", start);
            if (!seen.Add(field)) throw Error($"field '{field}' given twice", start);
            Expect('=');
            switch (field)
            {
                case "normal": Normal = Pairs(); break;
                case "reduce": Reduce = Pairs(); break;
                case "normal_concat": NormalConcat = Indices(); break;
                default: ReduceConcat = Indices(); break;
            }
            if (!Accept(',') || Peek() == ')') break;
        }
        Expect(')');
        foreach (string field in Fields)
            if (!seen.Contains(field)) throw Error($"field '{field}' missing", _at);
        var settings = new List<(string, string)>();
        while (Accept(';'))
        {
            int start = Skip();
            string name = Identifier();
            Expect('=');
            Skip();
            int valueStart = _at;
            while (_at < _text.Length && _text[_at] != ';' && !char.IsWhiteSpace(_text[_at])) _at++;
            if (_at == valueStart) throw Error($"'{name}=' has no value", valueStart);
            if (settings.Any(s => s.Item1 == name)) throw Error($"'{name}' given twice", start);
            settings.Add((name, _text[valueStart.._at]));
        }
        Settings = settings;
        if (Skip() < _text.Length) throw Error($"unexpected '{_text[_at]}'", _at);
    }

    private List<(string, int)> Pairs()
    {
        var pairs = new List<(string, int)>();
        Expect('[');
        while (!Accept(']'))
        {
            char close = Accept('(') ? ')' : Accept('[') ? ']' : throw Error("expected an ('op', input) pair", Skip());
            string op = Quoted();
            Expect(',');
            int input = Integer();
            Expect(close);
            pairs.Add((op, input));
            if (!Accept(',') && Peek() != ']') throw Error("expected ',' or ']'", _at);
        }
        return pairs;
    }

    private List<int> Indices()
    {
        var indices = new List<int>();
        if (Accept("range"))
        {
            Expect('(');
            int from = Integer();
            Expect(',');
            int to = Integer();
            Expect(')');
            for (int i = from; i < to; i++) indices.Add(i);
            return indices;
        }
        Expect('[');
        while (!Accept(']'))
        {
            indices.Add(Integer());
            if (!Accept(',') && Peek() != ']') throw Error("expected ',' or ']'", _at);
        }
        return indices;
    }

    private string Quoted()
    {
        int start = Skip();
        if (_at >= _text.Length || (_text[_at] != '\'' && _text[_at] != '"')) throw Error("expected a quoted op name", start);
        char quote = _text[_at];
        int end = _text.IndexOf(quote, _at + 1);
        if (end < 0) throw Error("unterminated op name", start);
        _at = end + 1;
        return _text[(start + 1)..end];
    }

    private int Integer()
    {
        int start = Skip();
        if (_at < _text.Length && _text[_at] == '-') _at++;
        while (_at < _text.Length && char.IsAsciiDigit(_text[_at])) _at++;
        if (!int.TryParse(_text.AsSpan(start, _at - start), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value))
            throw Error("expected an integer", start);
        return value;
    }

    private string Identifier()
    {
        int start = Skip();
        while (_at < _text.Length && (char.IsAsciiLetterOrDigit(_text[_at]) || _text[_at] == '_')) _at++;
        if (_at == start) throw Error("expected a name", start);
        return _text[start.._at];
    }

    private void Expect(char c)
    {
        if (!Accept(c)) throw Error($"expected '{c}'", _at);
    }

    private void Expect(string word)
    {
        if (!Accept(word)) throw Error($"expected '{word}'", _at);
    }

    private bool Accept(char c)
    {
        if (Peek() != c) return false;
        _at++;
        return true;
    }

    private bool Accept(string word)
    {
        Skip();
        if (!_text.AsSpan(_at).StartsWith(word, StringComparison.Ordinal)) return false;
        _at += word.Length;
        return true;
    }

    private char Peek() => Skip() < _text.Length ? _text[_at] : '\0';

    /// <summary>Moves past white space; returns the position reached.</summary>
    private int Skip()
    {
        while (_at < _text.Length && char.IsWhiteSpace(_text[_at])) _at++;
        return _at;
    }

    private static FormatException Error(string problem, int at) =>
        new($"malformed genotype at character {at + 1}: {problem}");
}
