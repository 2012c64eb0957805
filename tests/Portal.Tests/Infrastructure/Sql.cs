using Microsoft.Data.Sqlite;

namespace RedConnect.Portal.Tests.Infrastructure;

/// <summary>Direct looks into a test database file, the way an attacker with the file would.</summary>
public static class Sql
{
    public static long Count(string databaseFile, string table)
    {
        using var connection = new SqliteConnection($"Data Source={databaseFile};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table}";
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>All bytes of the database including its write-ahead log, as stored on disk.</summary>
    public static byte[] FileBytes(string databaseFile)
    {
        var bytes = new List<byte>();
        foreach (var path in new[] { databaseFile, databaseFile + "-wal" })
        {
            if (!File.Exists(path)) continue;
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            bytes.AddRange(memory.ToArray());
        }
        return bytes.ToArray();
    }

    public static bool Contains(byte[] haystack, string needle)
    {
        foreach (var encoding in new System.Text.Encoding[] { System.Text.Encoding.UTF8, System.Text.Encoding.Unicode })
            if (haystack.AsSpan().IndexOf(encoding.GetBytes(needle)) >= 0) return true;
        return false;
    }
}
