using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Naswot.Tests.Spaces;

/// <summary>One cell as a file of shared/data/nb101 gives it, written as <c>bits:ops</c> in the file's own vertex order.</summary>
/// <param name="Validation">The file's 108-epoch validation accuracies in percent (one per run or row).</param>
/// <param name="Test">Its 108-epoch test accuracies in percent; empty where the file has none.</param>
internal sealed record Nb101SharedCell(string Hash, string Text, long? Parameters, double[] Validation, double[] Test);

/// <summary>
/// The three NB101 files of shared/data, read here with System.Text.Json and string splitting, independently of the
/// bundled table and of the library's parser (only the bits:ops text is built here).
/// </summary>
internal static class Nb101SharedCells
{
    private static readonly string[] OpNames = ["conv3x3-bn-relu", "conv1x1-bn-relu", "maxpool3x3"];

    /// <summary>nasbench-vis data-1k.json: 1,000 NB101 records, padding (op −3) dropped.</summary>
    public static IReadOnlyList<Nb101SharedCell> Vis()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(SharedData.Nb101!, "nasbench_vis_data-1k.json")));
        var root = json.RootElement;
        var keys = root.GetProperty("key").EnumerateArray().ToList();
        var ops = root.GetProperty("operations").EnumerateArray().ToList();
        var adjacency = root.GetProperty("adjacency").EnumerateArray().ToList();
        var parameters = root.GetProperty("trainable_parameters").EnumerateArray().ToList();
        var validation = root.GetProperty("108_final_validation_accuracy").EnumerateArray().ToList();
        var cells = new List<Nb101SharedCell>();
        for (int i = 0; i < keys.Count; i++)
        {
            int[] labels = [.. ops[i].EnumerateArray().Select(o => o.GetInt32())];
            int[] keep = [.. Enumerable.Range(0, labels.Length).Where(v => labels[v] != -3)];
            double[][] matrix = [.. adjacency[i].EnumerateArray().Select(row => row.EnumerateArray().Select(x => x.GetDouble()).ToArray())];
            var bits = new StringBuilder();
            foreach (int from in keep)
                foreach (int to in keep) bits.Append(matrix[from][to] == 1 ? '1' : '0');
            string names = string.Join(',', keep.Select(v => labels[v] switch { -1 => "input", -2 => "output", var op => OpNames[op] }));
            cells.Add(new Nb101SharedCell(keys[i].GetString()!, $"{bits}:{names}", parameters[i].GetInt64(), [validation[i].GetDouble() * 100], []));
        }
        return cells;
    }

    /// <summary>NASLib's nb101_dummy: 30 NB101 records with their three 108-epoch runs.</summary>
    public static IReadOnlyList<Nb101SharedCell> NasLib30()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(SharedData.Nb101!, "naslib_nb101_dummy_30archs.json")));
        var cells = new List<Nb101SharedCell>();
        foreach (var record in json.RootElement.EnumerateObject())
        {
            var r = record.Value;
            string bits = string.Concat(r.GetProperty("module_adjacency").EnumerateArray().SelectMany(row => row.EnumerateArray().Select(x => x.GetInt32().ToString(CultureInfo.InvariantCulture))));
            string names = string.Join(',', r.GetProperty("module_operations").EnumerateArray().Select(o => o.GetString()));
            var runs = r.GetProperty("computed_stats").GetProperty("108").EnumerateArray().ToList();
            cells.Add(new Nb101SharedCell(record.Name, $"{bits}:{names}", r.GetProperty("trainable_parameters").GetInt64(),
                [.. runs.Select(x => x.GetProperty("final_validation_accuracy").GetDouble())],
                [.. runs.Select(x => x.GetProperty("final_test_accuracy").GetDouble())]));
        }
        return cells;
    }

    /// <summary>
    /// NASLib's zero-cost sample, one entry per row (500; unpruned 7-vertex specs, several rows per hash): the
    /// one-seed validation accuracy, and NASLib's parameter count of its own network in millions as <see cref="Nb101SharedCell.Parameters"/> ×1e6, rounded.
    /// </summary>
    public static IReadOnlyList<Nb101SharedCell> ZeroCostRows()
    {
        var rows = new List<Nb101SharedCell>();
        string[] lines = File.ReadAllLines(Path.Combine(SharedData.Nb101!, "naslib_zc_nb101_500samples.csv"));
        string[] header = lines[0].Split(',');
        int hash = Array.IndexOf(header, "nb101_hash"), adjacency = Array.IndexOf(header, "adjacency_7x7_rowmajor");
        int accuracy = Array.IndexOf(header, "val_accuracy_108ep_one_seed"), parameters = Array.IndexOf(header, "params");
        foreach (string line in lines.Skip(1))
        {
            // The ops field is quoted and holds commas: take it out before splitting the rest.
            int open = line.IndexOf('"'), close = line.IndexOf('"', open + 1);
            string ops = line[(open + 1)..close];
            string[] f = (line[..open] + "OPS" + line[(close + 1)..]).Split(',');
            double millions = double.Parse(f[parameters], CultureInfo.InvariantCulture);
            rows.Add(new Nb101SharedCell(f[hash], $"{f[adjacency]}:{ops}", (long)Math.Round(millions * 1e6),
                [double.Parse(f[accuracy], CultureInfo.InvariantCulture)], []));
        }
        return rows;
    }
}
