namespace Naswot;

/// <summary>Bad input from the user: the message is one line naming the input and what was expected.</summary>
/// <remarks>The CLI prints <see cref="Exception.Message"/> alone for these; anything else is a bug and keeps its stack trace.</remarks>
public class NaswotException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>An architecture string that does not describe a member of its search space.</summary>
public sealed class ArchitectureException(string message) : NaswotException(message);

/// <summary>
/// Bad input data: a missing, truncated or malformed file, an unknown dataset, too few records.
/// </summary>
public sealed class DataException : NaswotException
{
    /// <summary>Bad data described by <paramref name="message"/>.</summary>
    public DataException(string message) : base(message) { }

    /// <summary>Bad data described by <paramref name="message"/>, found through <paramref name="inner"/>.</summary>
    public DataException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>A name that is not in its registry (a search space, dataset, proxy…): the message lists the valid names.</summary>
public sealed class UnknownNameException : NaswotException
{
    /// <summary><paramref name="name"/> is not a <paramref name="kind"/>; <paramref name="valid"/> are.</summary>
    public UnknownNameException(string kind, string name, IEnumerable<string> valid)
        : base($"unknown {kind} '{name}' (valid: {string.Join(", ", valid)})")
    {
        Kind = kind;
        Name = name;
    }

    /// <summary>What was looked up, e.g. "search space".</summary>
    public string Kind { get; }

    /// <summary>The name that was not found.</summary>
    public string Name { get; }

    /// <summary>The entry of <paramref name="entries"/> whose name equals <paramref name="name"/>, ignoring case.</summary>
    /// <exception cref="UnknownNameException">No entry has that name.</exception>
    public static T Find<T>(IEnumerable<T> entries, Func<T, string> nameOf, string name, string kind)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var entry in entries)
        {
            if (string.Equals(nameOf(entry), name.Trim(), StringComparison.OrdinalIgnoreCase)) return entry;
        }
        throw new UnknownNameException(kind, name, entries.Select(nameOf));
    }
}

/// <summary>An ONNX model that cannot be scored: not ONNX, truncated, no Relu, inputs that do not fit the data.</summary>
public sealed class ModelException(string message, Exception? inner = null) : NaswotException(message, inner);
