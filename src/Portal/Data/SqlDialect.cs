using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace RedConnect.Portal.Data;

/// <summary>
/// Everything that differs between the database engines, in one place. The queries themselves are written
/// in the common subset of SQLite and PostgreSQL: <c>INSERT … ON CONFLICT … DO UPDATE</c>, <c>RETURNING</c>,
/// named parameters. Representation rules that make that possible:
/// <list type="bullet">
/// <item>ids are <see cref="Guid"/>s stored as lower-case text (<c>TEXT</c> in both engines);</item>
/// <item>instants are UTC ticks (<see cref="DateTimeOffset.UtcTicks"/>) in a 64-bit integer column;</item>
/// <item>case-insensitive uniqueness is a separate upper-cased <c>*_key</c> column with a plain unique index,
/// not a collation;</item>
/// <item>binary data is <c>BLOB</c> (SQLite) / <c>BYTEA</c> (PostgreSQL): the one place the DDL differs, so
/// migration scripts live in one folder per engine (<c>Migrations/&lt;Name&gt;/NNNN_*.sql</c>).</item>
/// </list>
/// </summary>
public abstract class SqlDialect
{
    /// <summary>Folder name of this engine's migration scripts.</summary>
    public abstract string Name { get; }

    public abstract DbConnection CreateConnection();

    /// <summary>Per-connection settings run right after opening.</summary>
    public abstract string? ConnectionSetupSql { get; }

    /// <summary>True when the exception is a violated unique or primary-key constraint.</summary>
    public abstract bool IsUniqueViolation(DbException exception);

    public static string Id(Guid id) => id.ToString("D");

    public static Guid ParseId(string id) => Guid.ParseExact(id, "D");

    public static long Ticks(DateTimeOffset instant) => instant.UtcTicks;

    public static DateTimeOffset Instant(long utcTicks) => new(utcTicks, TimeSpan.Zero);
}

public sealed class SqliteDialect(string databaseFile, int busyTimeoutSeconds) : SqlDialect
{
    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = databaseFile,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Cache = SqliteCacheMode.Private,
        Pooling = true,
        DefaultTimeout = busyTimeoutSeconds,
        ForeignKeys = true,
    }.ToString();

    private readonly int _busyTimeoutMs = busyTimeoutSeconds * 1000;

    public override string Name => "Sqlite";

    public override DbConnection CreateConnection() => new SqliteConnection(_connectionString);

    // WAL lets readers proceed while one writer commits; it is a property of the file, set again on every
    // open because it costs nothing once set. busy_timeout makes a writer wait for the lock instead of failing.
    public override string ConnectionSetupSql => $"PRAGMA journal_mode=WAL; PRAGMA busy_timeout={_busyTimeoutMs};";

    // SQLITE_CONSTRAINT_UNIQUE (2067) and SQLITE_CONSTRAINT_PRIMARYKEY (1555).
    public override bool IsUniqueViolation(DbException exception) =>
        exception is SqliteException { SqliteExtendedErrorCode: 2067 or 1555 };
}
