using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

namespace Naswot.Tests.Store;

/// <summary>A store file seen with plain SQLite, independently of the store's code: to damage it as a hand edit would, and to tell whether it changed.</summary>
internal static class RawSqlite
{
    public static void Execute(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>The file's bytes, hashed: equal hashes, an untouched file.</summary>
    public static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
}
