using CsCheck;
using Naswot.Benchmarks;
using Naswot.Cli.Errors;
using Xunit.Abstractions;

namespace Naswot.Tests.Robustness;

/// <summary>
/// Every space's architecture text, fed garbage, near misses of valid text and every prefix of valid text: each
/// is either canonicalised to a text that canonicalises to itself, or refused with an
/// <see cref="ArchitectureException"/> whose message prints as one clean line. Nothing else ever escapes.
/// </summary>
[Trait("Category", Budget.Category)]
public sealed class ArchitectureTextTests(ITestOutputHelper output)
{
    public static TheoryData<string> Spaces => new(SearchSpaces.All.Select(s => s.Name));

    /// <summary>Characters architecture texts are made of, and some they never are: escape codes, NUL, non-ASCII.</summary>
    private static readonly Gen<char> Characters = Gen.OneOf(
        Gen.Char["|~+:,;=()[]'_ 0123456789abcdefghijklmnopqrstuvwxyzGNT-"],
        Gen.Char['\0', '\u001f'],
        Gen.Char['\u0080', '\uffff'],
        Gen.Char);

    [Theory]
    [MemberData(nameof(Spaces))]
    public void Garbage_is_refused_with_one_clean_line(string name)
    {
        var space = SearchSpaces.Get(name);
        long tried = 0;
        Gen.String[Characters, 0, 300].Sample(text =>
        {
            Interlocked.Increment(ref tried);
            Check(space, text);
        }, iter: Budget.Cases(2000));
        Budget.Report(output, $"{name} garbage texts", tried);
    }

    [Theory]
    [MemberData(nameof(Spaces))]
    public void Near_misses_of_valid_text_are_canonical_or_refused(string name)
    {
        var space = SearchSpaces.Get(name);
        long tried = 0;
        var edits = Gen.Select(Gen.ULong, Gen.Int[0, 5], Gen.String[Characters, 0, 8], Gen.Int[0, 1000], Gen.Int[0, 1000]);
        edits.Sample((seed, kind, insert, a, b) =>
        {
            Interlocked.Increment(ref tried);
            string valid = space.Space.Sample(new SeededRandom(seed));
            int i = a % (valid.Length + 1), j = b % (valid.Length + 1);
            (i, j) = (Math.Min(i, j), Math.Max(i, j));
            string text = kind switch
            {
                0 => valid[..i] + insert + valid[i..],                           // insertion
                1 => valid[..i] + valid[j..],                                    // deletion
                2 => valid[..i] + insert + valid[j..],                           // replacement
                3 => valid[..j] + valid[i..],                                    // a stretch repeated
                4 => valid.Replace(valid[i % Math.Max(1, valid.Length)].ToString(), insert, StringComparison.Ordinal),
                _ => valid.ToUpperInvariant(),
            };
            Check(space, text);
        }, iter: Budget.Cases(2000));
        Budget.Report(output, $"{name} near misses of valid texts", tried);
    }

    [Theory]
    [MemberData(nameof(Spaces))]
    public void Every_prefix_of_valid_text_is_canonical_or_refused(string name)
    {
        var space = SearchSpaces.Get(name);
        var random = new SeededRandom(12);
        long tried = 0;
        for (int n = 0; n < Budget.Cases(5); n++)
        {
            string valid = space.Space.Sample(random);
            Assert.Equal(valid, Check(space, valid));
            for (int length = 0; length < valid.Length; length++, tried++) Check(space, valid[..length]);
        }
        Budget.Report(output, $"{name} truncated valid texts", tried);
    }

    [Theory]
    [MemberData(nameof(Spaces))]
    public void Benchmark_lookups_refuse_what_is_not_in_the_table(string name)
    {
        var space = SearchSpaces.Get(name);
        long tried = 0;
        foreach (var benchmark in space.Benchmarks)
        {
            Gen.String[Characters, 0, 200].Sample(text =>
            {
                Interlocked.Increment(ref tried);
                int index = benchmark.IndexOf(text);
                Assert.InRange(index, -1, benchmark.Architectures.Count - 1);
                if (index >= 0)
                {
                    Assert.Equal(benchmark.Architectures[index], space.Space.Canonicalize(text));
                    return;
                }
                var error = Assert.ThrowsAny<NaswotException>(() => benchmark.AccuracyOf(text));
                AssertOneCleanLine(error.Message);
            }, iter: Budget.Cases(500));
        }
        Budget.Report(output, $"{name} benchmark lookups of garbage", tried);
    }

    /// <summary>The canonical text, which must be a fixed point, or null after checking the refusal.</summary>
    private static string? Check(RegisteredSpace space, string text)
    {
        string canonical;
        try
        {
            canonical = space.Canonicalize(text, SettingValues.None);
        }
        catch (ArchitectureException e)
        {
            AssertOneCleanLine(e.Message);
            return null;
        }
        Assert.Equal(canonical, space.Canonicalize(canonical, SettingValues.None));
        return canonical;
    }

    /// <summary>What the command line prints of a message: one line, no control characters, bounded.</summary>
    private static void AssertOneCleanLine(string message)
    {
        Assert.False(string.IsNullOrWhiteSpace(message));
        string line = ErrorText.Line(message);
        Assert.True(line.Length <= ErrorText.MaxLine + 60, $"{line.Length} characters");
        Assert.DoesNotContain(line, char.IsControl);
    }
}
