namespace Naswot.Data;

/// <summary>
/// Loads a batch the way <c>--data &lt;file-or-folder&gt;</c> reads: a file by its extension or header,
/// a folder by the standard training file of the dataset's distribution.
/// </summary>
public static class DataSource
{
    /// <summary>The batch NASWOT scores with unless told otherwise: the first 128 bundled CIFAR-10 training images.</summary>
    public static ImageBatch Default() => LoadBundled(Datasets.Get("cifar10"), BatchSelection.First(128));

    /// <summary>The records of <paramref name="dataset"/>'s sample bundled under <c>data/</c>.</summary>
    public static ImageBatch LoadBundled(DatasetInfo dataset, BatchSelection selection) =>
        Load(BundledData.Locate(dataset.Name), dataset, selection);

    /// <summary>The records of a file, or of the standard training file in a folder, normalised for <paramref name="dataset"/>.</summary>
    public static ImageBatch Load(string path, DatasetInfo dataset, BatchSelection selection)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(selection);

        string file = ResolveFile(path, dataset);
        string name = Path.GetFileName(file);
        if (IsPickle(file, dataset))
        {
            var all = PickleRecords.ReadAll(file, dataset);
            DataFile.CheckEnough(file, all.Count, selection);
            var picked = all.Select(selection.Pick(all.Count));
            return ImageBatch.Normalise(dataset, picked, Describe(dataset, $"{name} (pickle)", selection, all.Count));
        }
        var records = BinaryRecords.Read(file, dataset, selection, out int total);
        return ImageBatch.Normalise(dataset, records, Describe(dataset, name, selection, total));
    }

    /// <summary>The file itself, or the first standard training file found in the folder.</summary>
    internal static string ResolveFile(string path, DatasetInfo dataset)
    {
        if (File.Exists(path))
            return path;
        if (!Directory.Exists(path))
            throw new DataException($"{path}: no such file or folder");
        foreach (string candidate in dataset.TrainingFiles)
        {
            string file = Path.Combine(path, candidate);
            if (File.Exists(file))
                return file;
        }
        throw new DataException($"{path}: no {dataset.Name} training file in this folder; looked for {string.Join(", ", dataset.TrainingFiles)}");
    }

    /// <summary>
    /// A <c>.bin</c> file is records. Otherwise a pickle is recognised by its PROTO opcode (protocol 2 or later,
    /// which every numpy distribution uses); anything else must be a whole number of records.
    /// </summary>
    private static bool IsPickle(string file, DatasetInfo dataset)
    {
        if (string.Equals(Path.GetExtension(file), ".bin", StringComparison.OrdinalIgnoreCase))
            return false;
        using var stream = DataFile.Open(file);
        const int Proto = 0x80;
        int first;
        try
        {
            first = stream.ReadByte();
        }
        catch (IOException e)
        {
            throw DataFile.CannotRead(file, e);
        }
        if (first == Proto)
            return true;
        if (!BinaryRecords.IsWholeRecords(stream.Length, dataset))
            throw new DataException($"{file}: neither a pickle nor a whole number of {dataset.RecordBytes}-byte {dataset.Name} records ({stream.Length} bytes)");
        return false;
    }

    private static string Describe(DatasetInfo dataset, string file, BatchSelection selection, int total) =>
        selection.Seed is null ? $"{dataset.Name} {file} {selection}" : $"{dataset.Name} {file} {selection} of {total}";
}
