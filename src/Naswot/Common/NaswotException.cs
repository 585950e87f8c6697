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
    public DataException(string message) : base(message) { }

    public DataException(string message, Exception inner) : base(message, inner) { }
}
