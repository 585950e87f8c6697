namespace Naswot.Data;

/// <summary>
/// Reads flat, headerless runs of fixed-size records (CIFAR-10/100 <c>*.bin</c>, ImageNet16-120 <c>.bin</c>).
/// Only the selected records' bytes are read, so a batch from a large file stays cheap.
/// </summary>
internal static class BinaryRecords
{
    public static RawRecords Read(string path, DatasetInfo dataset, BatchSelection selection, out int total)
    {
        using var stream = DataFile.Open(path);
        return Read(path, stream, dataset, selection, out total);
    }

    /// <summary>The records of <paramref name="stream"/>, named <paramref name="path"/> in messages.</summary>
    internal static RawRecords Read(string path, Stream stream, DatasetInfo dataset, BatchSelection selection, out int total)
    {
        total = CountRecords(path, stream.Length, dataset);
        DataFile.CheckEnough(path, total, selection);

        int[] indices = selection.Pick(total);
        var record = new byte[dataset.RecordBytes];
        var pixels = new byte[indices.Length * dataset.ImageBytes];
        var labels = new int[indices.Length];
        long position = 0;
        try
        {
            for (int k = 0; k < indices.Length; k++)
            {
                long offset = (long)indices[k] * dataset.RecordBytes;
                if (offset != position)
                    stream.Seek(offset, SeekOrigin.Begin);
                stream.ReadExactly(record);
                position = offset + record.Length;

                int label = record[dataset.HeaderBytes - 1];
                if (label >= dataset.Classes)
                    throw new DataException($"{path}: record {indices[k]} has label {label}; expected 0..{dataset.Classes - 1} for {dataset.Name}");
                labels[k] = label;
                record.AsSpan(dataset.HeaderBytes).CopyTo(pixels.AsSpan(k * dataset.ImageBytes));
            }
        }
        catch (IOException e)
        {
            throw DataFile.CannotRead(path, e);
        }
        return new RawRecords(pixels, labels);
    }

    public static bool IsWholeRecords(long length, DatasetInfo dataset) => length > 0 && length % dataset.RecordBytes == 0;

    private static int CountRecords(string path, long length, DatasetInfo dataset)
    {
        if (!IsWholeRecords(length, dataset))
            throw new DataException($"{path}: {length} bytes is not a whole number of {dataset.RecordBytes}-byte {dataset.Name} records");
        long count = length / dataset.RecordBytes;
        if (count > int.MaxValue)
            throw new DataException($"{path}: {count} records is more than this reader indexes");
        return (int)count;
    }
}
