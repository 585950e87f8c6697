using System.Buffers.Binary;
using System.IO.Compression;

namespace Naswot.Benchmarks;

/// <summary>
/// The bytes of a gzip-compressed table embedded in the library, checked whole: .NET's GZipStream ends quietly
/// where a stream is cut short, so the member's trailer (RFC 1952 §2.3.1: CRC-32 and length of the data) is
/// checked here, and a damaged or truncated table never loads with fewer rows or other numbers.
/// </summary>
internal static class EmbeddedTable
{
    private static readonly uint[] CrcTable = MakeCrcTable();

    /// <summary>
    /// Reads the text table in <paramref name="compressed"/> with <paramref name="read"/>; any way it is damaged
    /// (the gzip trailer, or a row the parser refuses) becomes one <see cref="InvalidDataException"/> naming it.
    /// </summary>
    /// <param name="what">The table's kind for the message, e.g. "NB101".</param>
    public static T ReadText<T>(Stream compressed, string what, string name, Func<StreamReader, T> read)
    {
        try
        {
            using var reader = new StreamReader(new MemoryStream(Decompress(compressed)));
            return read(reader);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or FormatException or OverflowException or NaswotException or InvalidOperationException or ArgumentException)
        {
            throw Damaged(what, name, e);
        }
    }

    /// <summary>The error of a table that did not read: never fewer rows or other numbers.</summary>
    public static InvalidDataException Damaged(string what, string name, Exception e) =>
        new($"embedded {what} table {name} is damaged ({e.Message.ReplaceLineEndings(" ")}); reinstall naswot", e);

    /// <summary>The decompressed bytes of <paramref name="compressed"/>, a single gzip member.</summary>
    /// <exception cref="InvalidDataException">The stream is not gzip, is cut short, or its data do not match its trailer.</exception>
    public static byte[] Decompress(Stream compressed)
    {
        using var all = new MemoryStream();
        compressed.CopyTo(all);
        byte[] bytes = all.ToArray();
        if (bytes.Length < 18) throw new InvalidDataException($"{bytes.Length} bytes is shorter than any gzip stream");
        using var data = new MemoryStream();
        using (var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress)) gzip.CopyTo(data);
        byte[] table = data.ToArray();
        uint crc = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(bytes.Length - 8));
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(bytes.Length - 4));
        if (length != unchecked((uint)table.Length) || crc != Crc32(table))
            throw new InvalidDataException("its data do not match the gzip trailer's length and CRC-32 (cut short or changed)");
        return table;
    }

    /// <summary>CRC-32 as gzip computes it (reflected polynomial 0xEDB88320, RFC 1952 §8).</summary>
    internal static uint Crc32(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data) crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return ~crc;
    }

    private static uint[] MakeCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }
}
