using System.Text;

namespace Naswot.Cli.Errors;

/// <summary>
/// Standard output that reports a failed write (a full device, a closed file) as an <see cref="OutputException"/>
/// naming it, instead of an internal error. A reader that went away (a pipe into <c>head</c>) is not an error: .NET
/// drops writes to a broken pipe.
/// </summary>
internal sealed class GuardedWriter(TextWriter inner, string name) : TextWriter
{
    public override Encoding Encoding => inner.Encoding;

    public override IFormatProvider FormatProvider => inner.FormatProvider;

    public override void Write(char value) => Guard(() => inner.Write(value));

    public override void Write(string? value) => Guard(() => inner.Write(value));

    public override void Write(char[] buffer, int index, int count) => Guard(() => inner.Write(buffer, index, count));

    public override void WriteLine(string? value) => Guard(() => inner.WriteLine(value));

    public override void WriteLine() => Guard(inner.WriteLine);

    public override void Flush() => Guard(inner.Flush);

    /// <summary>The text written so far, where the inner writer keeps it (tests write to a <see cref="StringWriter"/>).</summary>
    public override string ToString() => inner.ToString() ?? "";

    private void Guard(Action write)
    {
        try
        {
            write();
        }
        catch (IOException e)
        {
            throw OutputException.Writing(name, e);
        }
    }
}
