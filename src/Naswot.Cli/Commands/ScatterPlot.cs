using Naswot.Search;

namespace Naswot.Cli.Commands;

/// <summary>The paper's figure: one point per architecture, score on x, trained accuracy on y.</summary>
internal static class ScatterPlot
{
    /// <summary>Fails before any scoring if the plot could not be written afterwards: a wrong name, a missing folder, no permission.</summary>
    public static void CheckPath(string path)
    {
        if (!path.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
            throw new NaswotException($"--plot {path}: expected a .png file name");
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is null || !Directory.Exists(folder))
            throw new NaswotException($"--plot {path}: folder {folder} does not exist");
        if (Directory.Exists(path)) throw new NaswotException($"--plot {path}: is a folder; expected a .png file name");
        // Opened for writing now, as it will be then; a file that was not there is not left behind.
        bool existed = File.Exists(path);
        try
        {
            using (new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite)) { }
            if (!existed) File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new NaswotException($"--plot {path}: cannot write: {e.Message.ReplaceLineEndings(" ")}", e);
        }
    }

    /// <summary>Architectures scored −∞ have no place on the x axis: they are left out and counted in the title.</summary>
    /// <param name="test">Plot test accuracy (the paper's figure); validation where the benchmark has no test accuracy.</param>
    public static void Write(string path, IReadOnlyList<ScoredArchitecture> scored, bool test, string title, string settings, string xLabel)
    {
        var finite = scored.Where(c => double.IsFinite(c.Score)).ToArray();
        int left = scored.Count - finite.Length;
        var plot = new ScottPlot.Plot();
        double[] scores = [.. finite.Select(c => c.Score)];
        double[] accuracies = [.. finite.Select(c => test ? c.Accuracy.Test!.Value : c.Accuracy.Validation)];
        var points = plot.Add.ScatterPoints(scores, accuracies);
        points.MarkerSize = 4;
        plot.Title(left == 0 ? title : $"{title} ({left} scored −∞ not shown)");
        plot.XLabel(xLabel);
        plot.YLabel(test ? "test accuracy (%)" : "validation accuracy (%)");
        var caption = plot.Add.Annotation(settings, ScottPlot.Alignment.LowerRight);
        caption.LabelFontSize = 10;
        try
        {
            plot.SavePng(path, 1000, 750);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Errors.OutputException.Writing($"--plot {path}", e);
        }
    }
}
