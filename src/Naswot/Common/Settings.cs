using System.Globalization;

namespace Naswot;

/// <summary>
/// A named setting that a space's networks or a proxy declares: its default, the values it takes and what it does.
/// Front ends offer each one as an option (the CLI as <c>--name</c>), so a new space or proxy needs no front-end code.
/// </summary>
/// <param name="Name">Lower-case words joined by '-', e.g. <c>relu-count</c>.</param>
/// <param name="Choices">The values a choice setting takes; null for an integer setting.</param>
/// <param name="Range">The inclusive range of an integer setting; null for a choice setting.</param>
public sealed record SettingSpec(string Name, string Description, string Default, IReadOnlyList<string>? Choices, (int Min, int Max)? Range)
{
    /// <summary>A setting that takes one of <paramref name="choices"/>.</summary>
    public static SettingSpec Choice(string name, string description, string defaultValue, params string[] choices) =>
        new(name, description, defaultValue, choices, null);

    /// <summary>An integer setting in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static SettingSpec Integer(string name, string description, int defaultValue, int min, int max) =>
        new(name, description, defaultValue.ToString(CultureInfo.InvariantCulture), null, (min, max));

    /// <summary>What the setting accepts, for help and error messages.</summary>
    public string Expected => Range is { } r ? $"an integer {r.Min}..{r.Max}" : string.Join(" or ", Choices ?? []);

    /// <summary>The canonical text of <paramref name="value"/>.</summary>
    /// <exception cref="NaswotException">The value is not one this setting takes.</exception>
    public string Canonicalize(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        string trimmed = value.Trim();
        if (Range is { } range)
        {
            if (int.TryParse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int number) && number >= range.Min && number <= range.Max)
                return number.ToString(CultureInfo.InvariantCulture);
        }
        else if (Choices?.FirstOrDefault(c => string.Equals(c, trimmed, StringComparison.OrdinalIgnoreCase)) is { } choice)
        {
            return choice;
        }
        throw new NaswotException($"{Name} '{value}': expected {Expected}");
    }
}

/// <summary>
/// The values of a list of declared settings, every one present (defaults filled in): part of what decides a
/// score, so its canonical text goes into the store's key.
/// </summary>
public sealed class SettingValues : IEquatable<SettingValues>
{
    private readonly SortedDictionary<string, string> _values;

    private SettingValues(SortedDictionary<string, string> values)
    {
        _values = values;
        Canonical = string.Join(",", values.Select(v => $"{v.Key}={v.Value}"));
    }

    /// <summary>No settings.</summary>
    public static SettingValues None { get; } = new(new SortedDictionary<string, string>(StringComparer.Ordinal));

    /// <summary>
    /// The values of <paramref name="specs"/>: those in <paramref name="given"/> (checked), the defaults for the rest.
    /// </summary>
    /// <exception cref="NaswotException">A given name is not declared, or a value is not one its setting takes.</exception>
    public static SettingValues Of(IReadOnlyList<SettingSpec> specs, IReadOnlyDictionary<string, string>? given = null)
    {
        ArgumentNullException.ThrowIfNull(specs);
        var values = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var spec in specs) values[spec.Name] = spec.Canonicalize(spec.Default);
        foreach (var (name, value) in given ?? new Dictionary<string, string>())
        {
            var spec = specs.FirstOrDefault(s => s.Name == name)
                ?? throw new NaswotException(specs.Count == 0 ? $"{name}: this takes no settings" : $"{name}: not a setting here (valid: {string.Join(", ", specs.Select(s => s.Name))})");
            values[name] = spec.Canonicalize(value);
        }
        return new SettingValues(values);
    }

    /// <summary><c>name=value</c> pairs in name order, joined by ','; empty when there are none.</summary>
    public string Canonical { get; }

    /// <summary>The names and values, in name order.</summary>
    public IEnumerable<KeyValuePair<string, string>> All => _values;

    /// <summary>The value of a declared setting.</summary>
    public string this[string name] => _values.TryGetValue(name, out string? value) ? value : throw new KeyNotFoundException($"no setting '{name}'");

    /// <summary>The value of a declared integer setting.</summary>
    public int Integer(string name) => int.Parse(this[name], CultureInfo.InvariantCulture);

    /// <summary>"name value, name value", for the line of settings printed beside results.</summary>
    public string Describe() => string.Join(", ", _values.Select(v => $"{v.Key} {v.Value}"));

    /// <inheritdoc/>
    public bool Equals(SettingValues? other) => other is not null && Canonical == other.Canonical;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as SettingValues);

    /// <inheritdoc/>
    public override int GetHashCode() => Canonical.GetHashCode(StringComparison.Ordinal);

    /// <inheritdoc/>
    public override string ToString() => Canonical;
}
