namespace Naswot.Data;

/// <summary>
/// Finds the small real samples shipped in the repository's <c>data/</c> folder, so a fresh clone scores
/// without a download. They are copied beside the CLI and tests too, so both ways of running find them.
/// </summary>
public static class BundledData
{
    /// <summary>Full path of the dataset's bundled file, searched for from the app folder and the current folder upwards.</summary>
    public static string Locate(string datasetName)
    {
        var dataset = Datasets.Get(datasetName);
        string relative = Path.Combine("data", dataset.BundledFile);
        string[] starts = [AppContext.BaseDirectory, Directory.GetCurrentDirectory()];
        foreach (string start in starts)
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                string file = Path.Combine(folder.FullName, relative);
                if (File.Exists(file))
                    return file;
            }
        }
        throw new DataException($"bundled {dataset.Name} sample data/{dataset.BundledFile} not found in {starts[0]}, {starts[1]} or any folder above them; give a data file or folder instead");
    }
}
