namespace Naswot.Data;

/// <summary>File access that turns every I/O failure into a <see cref="DataException"/> naming the file.</summary>
internal static class DataFile
{
    public static FileStream Open(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        }
        catch (Exception e) when (IsAccessError(e))
        {
            throw CannotRead(path, e);
        }
    }

    public static byte[] ReadAll(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (IsAccessError(e))
        {
            throw CannotRead(path, e);
        }
    }

    public static bool IsAccessError(Exception e) =>
        e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException;

    public static DataException CannotRead(string path, Exception e) => new($"{path}: cannot read: {e.Message}", e);

    public static void CheckEnough(string path, int total, BatchSelection selection)
    {
        if (total < selection.Count)
            throw new DataException($"{path}: holds {total} records, fewer than the batch of {selection.Count}");
    }
}
