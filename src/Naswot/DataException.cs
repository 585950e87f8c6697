namespace Naswot;

/// <summary>
/// The one error for bad input data: a missing, truncated or malformed file, an unknown dataset,
/// too few records. The message is one line that names the input and what was expected.
/// </summary>
public sealed class DataException : Exception
{
    public DataException(string message) : base(message) { }

    public DataException(string message, Exception inner) : base(message, inner) { }
}
