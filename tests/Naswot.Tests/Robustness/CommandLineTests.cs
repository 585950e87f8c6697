using System.Numerics;
using System.Text.RegularExpressions;
using CsCheck;
using Naswot.Cli.Errors;
using Naswot.Tests.Cli;
using Xunit.Abstractions;

namespace Naswot.Tests.Robustness;

/// <summary>
/// Numbers on the command line against a naive reading (a regular expression and big integers), first through
/// the parser alone, then through the whole command line: a number that fits is taken, anything else is one line
/// naming the option. And any message, whatever the input put in it, prints as one clean, bounded line.
/// </summary>
[Trait("Category", Budget.Category)]
public sealed partial class CommandLineTests(ITestOutputHelper output)
{
    private static readonly Gen<string> NumberLike = Gen.OneOf(
        Gen.String[Gen.Char["0123456789+- .e_x٣"], 0, 25],
        Gen.Long.Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        Gen.ULong.Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture) + "0"),
        Gen.String);

    [Fact]
    public void Whole_numbers_agree_with_a_naive_reading()
    {
        long tried = 0;
        var ranges = new (BigInteger Min, BigInteger Max)[] { (int.MinValue, int.MaxValue), (ulong.MinValue, ulong.MaxValue) };
        NumberLike.Select(Gen.Int[0, 1]).Sample((text, r) =>
        {
            Interlocked.Increment(ref tried);
            var (min, max) = ranges[r];
            var value = CommandLineRules.ParseWhole(text, min, max, out string? problem);
            BigInteger? expected = Whole().IsMatch(text) && BigInteger.Parse(text.Trim(), System.Globalization.CultureInfo.InvariantCulture) is var n && n >= min && n <= max ? n : null;
            Assert.Equal(expected, value);
            Assert.Equal(expected is null, problem is not null);
        }, iter: Budget.Cases(20000));
        Budget.Report(output, "command-line numbers parsed", tried);
    }

    [Fact]
    public void Numbers_through_the_whole_command_line_are_taken_or_named()
    {
        long tried = 0;
        // sample fails after parsing on an unknown space, so a number that parsed costs no scoring.
        NumberLike.Select(Gen.Bool).Sample((text, signed) =>
        {
            Interlocked.Increment(ref tried);
            string option = signed ? "--n" : "--sample-seed";
            var run = CliRunner.RunWithoutStore("sample", "--space", "nb999", option, text);
            Assert.Equal(2, run.Code);
            Assert.Equal("", run.Output);
            string line = Assert.Single(run.Error.TrimEnd().Split('\n'));
            Assert.DoesNotContain(line, char.IsControl);
            var (min, max) = signed ? ((BigInteger)int.MinValue, (BigInteger)int.MaxValue) : (BigInteger.Zero, (BigInteger)ulong.MaxValue);
            bool valid = Whole().IsMatch(text) && BigInteger.Parse(text.Trim(), System.Globalization.CultureInfo.InvariantCulture) is var n && n >= min && n <= max;
            if (valid) Assert.Contains("unknown search space 'nb999'", line);
            else Assert.Matches($"^naswot: ({Regex.Escape(option)}|sample: unknown option|sample: unexpected argument)", line);
        }, iter: Budget.Cases(300), threads: 1);
        Budget.Report(output, "command lines with random numbers", tried);
    }

    [Fact]
    public void Any_message_prints_as_one_clean_bounded_line()
    {
        long tried = 0;
        Gen.String[Gen.Char, 0, 3000].Sample(text =>
        {
            Interlocked.Increment(ref tried);
            string line = ErrorText.Line(text);
            Assert.DoesNotContain(line, char.IsControl);
            Assert.True(line.Length <= ErrorText.MaxLine + 60);
            Assert.DoesNotContain(line, c => c is >= '\u202a' and <= '\u202e' or >= '\u2066' and <= '\u2069');
            string quoted = ErrorText.Quote(text);
            Assert.DoesNotContain(quoted, char.IsControl);
            Assert.True(quoted.Length <= 80 + 40);
            if (text.Length < 60 && !text.Any(c => char.IsControl(c) || char.IsSurrogate(c) || c is >= '\u2000'))
                Assert.Equal($"'{text}'", quoted);
        }, iter: Budget.Cases(3000));
        Budget.Report(output, "messages made printable", tried);
    }

    // Optional sign, ASCII digits, surrounding white space: what a user means by a whole number.
    [GeneratedRegex(@"^\s*[+-]?[0-9]+\s*$")]
    private static partial Regex Whole();
}
