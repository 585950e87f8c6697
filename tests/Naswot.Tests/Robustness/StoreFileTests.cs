using CsCheck;
using Naswot.Scoring;
using Naswot.Spaces;
using Naswot.Store;
using Xunit.Abstractions;

namespace Naswot.Tests.Robustness;

/// <summary>
/// Store files cut short anywhere, and garbage given as a store: opening and reading either serves rows with
/// exactly the values written, or fails with a <see cref="StoreException"/> naming the file. A file refused is left
/// as it was. (A bit flipped inside a stored number cannot be told from a number: SQLite keeps no checksums.)
/// </summary>
[Trait("Category", Budget.Category)]
public sealed class StoreFileTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("naswot-storefile-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static readonly ScoreKey[] Keys = [.. Nb201Space.Instance.All().Take(120).Select(cell =>
        ScoreKey.For("nb201", cell.ToString(), SettingValues.None, "cifar10", "sha256:0123abcd", new ScoreOptions()))];

    private static double ValueOf(int i) => i * 1.25 + 0.001;

    [Fact]
    public void A_store_cut_short_anywhere_serves_exact_rows_or_names_the_file()
    {
        string whole = Path.Combine(_folder, "whole.db");
        using (var store = new ScoreStore(whole))
        {
            store.PutMany(Keys.Select((k, i) => KeyValuePair.Create(k, StoredScore.Ok(ValueOf(i), i))));
            store.Vacuum();
        }
        byte[] bytes = File.ReadAllBytes(whole);
        var lengths = Enumerable.Range(0, bytes.Length)
            .Where(n => Budget.Full || n % 61 == 0 || n % 4096 is < 2 or > 4093 || n < 120)
            .ToList();
        int served = 0, refused = 0, wrong = 0;
        string path = Path.Combine(_folder, "cut.db");
        foreach (int length in lengths)
        {
            File.WriteAllBytes(path, bytes[..length]);
            try
            {
                using var store = new ScoreStore(path);
                foreach (var (key, score) in store.GetMany(Keys))
                {
                    served++;
                    if (!score.Score.Equals(ValueOf(Array.IndexOf(Keys, key)))) wrong++;
                }
            }
            catch (StoreException e)
            {
                refused++;
                Assert.Contains(path, e.Message);
                Assert.DoesNotContain('\n', e.Message);
            }
            foreach (string extra in new[] { path + "-wal", path + "-shm" }) File.Delete(extra);
        }
        output.WriteLine($"{served} rows served, {refused} cut files refused");
        Budget.Report(output, "store files cut short", lengths.Count);
        Budget.Report(output, "wrong numbers served", wrong);
        Assert.Equal(0, wrong);
    }

    [Fact]
    public void Garbage_given_as_a_store_is_refused_and_left_as_it_was()
    {
        long tried = 0;
        string path = Path.Combine(_folder, "garbage.db");
        byte[] magic = "SQLite format 3\0"u8.ToArray();
        Gen.Select(Gen.Byte.Array[0, 9000], Gen.Bool).Sample((tail, header) =>
        {
            tried++;
            byte[] bytes = header ? [.. magic, .. tail] : tail;
            File.WriteAllBytes(path, bytes);
            try
            {
                using var store = new ScoreStore(path);
                // Only an empty file may become a store: SQLite reads a 0-byte file as a new database.
                Assert.Empty(bytes);
            }
            catch (StoreException e)
            {
                Assert.Contains(path, e.Message);
                Assert.Equal(bytes, File.ReadAllBytes(path));
            }
            File.Delete(path);
            File.Delete(path + "-wal");
            File.Delete(path + "-shm");
        }, iter: Budget.Cases(300), threads: 1);
        Budget.Report(output, "garbage store files", tried);
    }
}
