using CsCheck;
using Naswot.Benchmarks;
using Xunit.Abstractions;

namespace Naswot.Tests.Robustness;

/// <summary>
/// The embedded benchmark tables, cut short anywhere or with a byte changed: each either reads exactly as the
/// intact table does, or fails with one <see cref="InvalidDataException"/> naming the table. A damaged table never
/// loads with fewer rows or other numbers.
/// </summary>
[Trait("Category", Budget.Category)]
public sealed class BenchmarkTableTests(ITestOutputHelper output)
{
    public static TheoryData<string> Tables => new(["nb101_cifar10.tsv.gz", "nb301_surrogate_cifar10.tsv.gz", "nb201_200ep_cifar10.f64.gz", "nb201_12ep.f64.gz"]);

    /// <summary>Everything a table holds, as one comparable text, or the exception it gave.</summary>
    private static string Read(string table, byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        return table switch
        {
            "nb101_cifar10.tsv.gz" => string.Join('\n', Nb101Benchmark.Parse(stream, table).Records),
            "nb301_surrogate_cifar10.tsv.gz" => string.Join('\n', Nb301Benchmark.Parse(stream, table).Records),
            "nb201_12ep.f64.gz" => string.Join('\n', Nb201Benchmark.ReadColumns(stream, table, 6).SelectMany(c => c).Select(BitConverter.DoubleToInt64Bits)),
            _ => string.Join('\n', Nb201Benchmark.ReadColumns(stream, table, 3).SelectMany(c => c).Select(BitConverter.DoubleToInt64Bits)),
        };
    }

    private static byte[] Resource(string table)
    {
        using var stream = typeof(Nb101Benchmark).Assembly.GetManifestResourceStream("Naswot.Benchmarks." + table)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    [Theory]
    [MemberData(nameof(Tables))]
    public void A_table_cut_short_or_changed_reads_exactly_or_is_named_damaged(string table)
    {
        byte[] valid = Resource(table);
        string intact = Read(table, valid);
        long cut = 0, changed = 0, identical = 0;
        // The last bytes (gzip's CRC and length) one by one, the rest at random.
        foreach (int length in Enumerable.Range(Math.Max(0, valid.Length - 24), 24).Concat(Enumerable.Range(0, Budget.Cases(40)).Select(i => (int)((long)i * 7919 * 104729 % valid.Length))))
        {
            cut++;
            AssertExactOrDamaged(table, valid[..length], intact, ref identical);
        }
        Gen.Select(Gen.Int[0, valid.Length - 1], Gen.Byte[1, 255]).Sample((at, delta) =>
        {
            Interlocked.Increment(ref changed);
            byte[] bytes = (byte[])valid.Clone();
            bytes[at] += delta;
            AssertExactOrDamaged(table, bytes, intact, ref identical);
        }, iter: Budget.Cases(60), threads: 1);
        output.WriteLine($"{identical} changed copies read as the intact table (gzip header fields nothing reads)");
        Budget.Report(output, $"{table} cut short", cut);
        Budget.Report(output, $"{table} with a changed byte", changed);
    }

    private static void AssertExactOrDamaged(string table, byte[] bytes, string intact, ref long identical)
    {
        string read;
        try
        {
            read = Read(table, bytes);
        }
        catch (InvalidDataException e)
        {
            Assert.Contains($"embedded ", e.Message);
            Assert.Contains(table, e.Message);
            Assert.DoesNotContain('\n', e.Message);
            return;
        }
        Assert.True(read == intact, "a damaged table read as another table");
        identical++;
    }
}
