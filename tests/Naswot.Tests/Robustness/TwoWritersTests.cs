using Naswot.Store;
using Xunit.Abstractions;

namespace Naswot.Tests.Robustness;

/// <summary>
/// Two `naswot score` processes writing one store at once, over lists that overlap: both finish, every cell is
/// stored once with its true score, and the file is sound.
/// </summary>
[Trait("Category", Budget.Category)]
public sealed class TwoWritersTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("naswot-writers-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Two_processes_writing_one_store_lose_nothing()
    {
        string store = Path.Combine(_folder, "scores.db");
        int n = Cells.All.Length, overlap = n / 3;
        string first = Cells.WriteList(_folder, Cells.All[..((n + overlap) / 2)], "first.txt");
        string second = Cells.WriteList(_folder, Cells.All[((n - overlap) / 2)..].Reverse(), "second.txt");
        using var a = ChildCli.Start([.. Cells.ScoreArgs(first, store), "--format", "csv"]);
        using var b = ChildCli.Start([.. Cells.ScoreArgs(second, store), "--format", "csv"]);
        var (resultA, resultB) = (a.Wait(TimeSpan.FromMinutes(2)), b.Wait(TimeSpan.FromMinutes(2)));
        Assert.True(resultA.Code == 0, resultA.Error);
        Assert.True(resultB.Code == 0, resultB.Error);

        var (printedA, wrongA) = Cells.Printed(resultA.Output);
        var (printedB, wrongB) = Cells.Printed(resultB.Output);
        var (stored, wrongStored) = Cells.StoredRows(store);
        Assert.Equal(n, stored.Count);
        using (var check = ScoreStore.OpenReadOnly(store)) Assert.Equal("ok", check.CheckIntegrity());
        int lost = Cells.All.Count(c => !stored.ContainsKey(c));
        output.WriteLine($"{printedA.Count} + {printedB.Count} cells printed, {printedA.Count(p => p.Value) + printedB.Count(p => p.Value)} of them read from the other's rows");
        Budget.Report(output, "two-writer runs", 1);
        Budget.Report(output, "rows lost", lost);
        Budget.Report(output, "wrong numbers served", wrongA + wrongB + wrongStored);
        Assert.Equal(0, lost);
        Assert.Equal(0, wrongA + wrongB + wrongStored);
    }
}
