using Naswot.Store;
using Xunit.Abstractions;

namespace Naswot.Tests.Robustness;

/// <summary>
/// A real `naswot score` process killed (SIGKILL) at random moments over and over, then run to the end: after every
/// kill each stored row holds its cell's true score and no row committed before is gone; the last run serves every
/// stored row from the store and scores the rest.
/// </summary>
[Trait("Category", Budget.Category)]
public sealed class KillAndResumeTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("naswot-kill-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Killed_at_random_moments_loses_no_row_and_serves_no_wrong_number()
    {
        string store = Path.Combine(_folder, "scores.db");
        string list = Cells.WriteList(_folder, Cells.All);
        var random = new Random(17);
        int kills = 0, midRun = 0, wrong = 0, lost = 0;
        var seen = new HashSet<string>();
        for (int round = 0; round < Budget.Cases(8) && seen.Count < Cells.All.Length; round++)
        {
            using var child = ChildCli.Start(Cells.ScoreArgs(list, store));
            // Half the kills at any moment from start-up on; half once this run has stored a row, wherever it then is.
            if (round % 2 == 1) child.WaitForRows(store, seen.Count + 1);
            Thread.Sleep(TimeSpan.FromMilliseconds(round % 2 == 1 ? random.Next(0, 500) : random.Next(100, 1200)));
            bool finished = child.Kill().Code == 0; // before the kill came
            if (!finished) kills++;
            var (rows, wrongHere) = Cells.StoredRows(store);
            wrong += wrongHere;
            lost += seen.Count(cell => !rows.ContainsKey(cell));
            if (rows.Count > seen.Count && !finished) midRun++;
            seen.UnionWith(rows.Keys);
            using (var check = ScoreStore.OpenReadOnly(store)) Assert.Equal("ok", check.CheckIntegrity());
        }

        var last = ChildCli.Run(Cells.ScoreArgs(list, store), TimeSpan.FromMinutes(2));
        Assert.True(last.Code == 0, last.Error);
        var (printed, wrongPrinted) = Cells.Printed(last.Output);
        Assert.Equal(Cells.All.Length, printed.Count);
        Assert.Equal(seen.Count, printed.Count(p => p.Value));
        var (final, wrongFinal) = Cells.StoredRows(store);
        Assert.Equal(Cells.All.Length, final.Count);

        output.WriteLine($"kills survived: {kills} ({midRun} while rows were being stored); rows stored before the last run: {seen.Count} of {Cells.All.Length}");
        Budget.Report(output, "kills survived", kills);
        Budget.Report(output, "rows lost", lost);
        Budget.Report(output, "wrong numbers served", wrong + wrongPrinted + wrongFinal);
        Assert.True(midRun > 0, "no kill landed while rows were being stored");
        Assert.Equal(0, lost);
        Assert.Equal(0, wrong + wrongPrinted + wrongFinal);
    }
}
