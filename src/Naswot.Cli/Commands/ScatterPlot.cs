using Naswot.Search;

namespace Naswot.Cli.Commands;

/// <summary>The paper's figure: one point per cell, score on x, test accuracy on y.</summary>
internal static class ScatterPlot
{
    /// <summary>Fails before any scoring if the plot could not be written afterwards.</summary>
    public static void CheckPath(string path)
    {
        if (!path.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
            throw new NaswotException($"--plot {path}: expected a .png file name");
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is null || !Directory.Exists(folder))
            throw new NaswotException($"--plot {path}: folder {folder} does not exist");
    }

    /// <summary>Cells scored −∞ have no place on the x axis: they are left out and counted in the title.</summary>
    public static void Write(string path, IReadOnlyList<ScoredCell> cells, string title, string settings)
    {
        var finite = cells.Where(c => double.IsFinite(c.Score)).ToArray();
        int left = cells.Count - finite.Length;
        var plot = new ScottPlot.Plot();
        double[] scores = [.. finite.Select(c => c.Score)];
        double[] accuracies = [.. finite.Select(c => c.Accuracy.Test)];
        var points = plot.Add.ScatterPoints(scores, accuracies);
        points.MarkerSize = 4;
        plot.Title(left == 0 ? title : $"{title} ({left} scored −∞ not shown)");
        plot.XLabel("NASWOT score (log |K|)");
        plot.YLabel("test accuracy (%)");
        var caption = plot.Add.Annotation(settings, ScottPlot.Alignment.LowerRight);
        caption.LabelFontSize = 10;
        plot.SavePng(path, 1000, 750);
    }
}
