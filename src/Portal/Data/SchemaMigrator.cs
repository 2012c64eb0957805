using System.Reflection;
using System.Text.RegularExpressions;
using Dapper;

namespace RedConnect.Portal.Data;

/// <summary>One numbered schema change: <c>Migrations/&lt;dialect&gt;/NNNN_name.sql</c>, embedded in the assembly.</summary>
public sealed record Migration(int Version, string Name, string Sql);

/// <summary>
/// Brings the database to the newest schema at start-up. Each script runs in its own transaction together
/// with its row in <c>schema_version</c>, so a failed script leaves the previous version intact and the next
/// start retries it. Written here rather than taken from FluentMigrator: its SQLite runner is built around
/// System.Data.SQLite, and plain numbered SQL per engine keeps the schema readable in one glance.
/// </summary>
public sealed partial class SchemaMigrator(Database database, TimeProvider time, ILogger<SchemaMigrator> logger)
{
    private const string ResourcePrefix = "migrations/";

    public IReadOnlyList<Migration> Migrations { get; } = Load(database.Dialect.Name);

    public int LatestVersion => Migrations.Count == 0 ? 0 : Migrations[^1].Version;

    public static IReadOnlyList<Migration> Load(string dialectName)
    {
        var assembly = typeof(SchemaMigrator).Assembly;
        var prefix = ResourcePrefix + dialectName + "/";
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(prefix, StringComparison.Ordinal)) continue;
            var fileName = resource[prefix.Length..];
            var match = FileNamePattern().Match(fileName);
            if (!match.Success) throw new InvalidOperationException($"Migration '{resource}' is not named NNNN_name.sql.");
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            migrations.Add(new Migration(int.Parse(match.Groups[1].Value), match.Groups[2].Value, reader.ReadToEnd()));
        }
        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 0; i < migrations.Count; i++)
            if (migrations[i].Version != i + 1)
                throw new InvalidOperationException($"Migrations for {dialectName} must be numbered 1, 2, 3 … without gaps (found {migrations[i].Version} at position {i + 1}).");
        return migrations;
    }

    public async Task<int> CurrentVersionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await EnsureVersionTableAsync(connection, cancellationToken);
        return await connection.ExecuteScalarAsync<int>(
            new CommandDefinition("SELECT COALESCE(MAX(version), 0) FROM schema_version", cancellationToken: cancellationToken));
    }

    /// <summary>Applies every migration above the current version, up to <paramref name="targetVersion"/> (default: all).</summary>
    public async Task<int> MigrateAsync(int? targetVersion, CancellationToken cancellationToken)
    {
        var target = targetVersion ?? LatestVersion;
        var current = await CurrentVersionAsync(cancellationToken);
        if (current > LatestVersion)
            throw new InvalidOperationException(
                $"The database has schema version {current}, newer than this program knows ({LatestVersion}). Start the newer program version.");

        foreach (var migration in Migrations.Where(m => m.Version > current && m.Version <= target))
        {
            var applied = await database.WriteAsync(async (connection, transaction) =>
            {
                // Checked again inside the transaction: another process may have applied it meanwhile.
                var done = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
                    "SELECT COUNT(*) FROM schema_version WHERE version = @Version",
                    new { migration.Version }, transaction, cancellationToken: cancellationToken));
                if (done > 0) return false;
                await connection.ExecuteAsync(new CommandDefinition(migration.Sql, transaction: transaction, cancellationToken: cancellationToken));
                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO schema_version (version, name, applied_utc) VALUES (@Version, @Name, @AppliedUtc)",
                    new { migration.Version, migration.Name, AppliedUtc = SqlDialect.Ticks(time.GetUtcNow()) },
                    transaction, cancellationToken: cancellationToken));
                return true;
            }, cancellationToken);
            if (applied) LogApplied(migration.Version, migration.Name);
            current = migration.Version;
        }
        return current;
    }

    private static Task EnsureVersionTableAsync(System.Data.Common.DbConnection connection, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_utc BIGINT NOT NULL)",
            cancellationToken: cancellationToken));

    [GeneratedRegex(@"^(\d{4})_([a-z0-9_]+)\.sql$")]
    private static partial Regex FileNamePattern();

    [LoggerMessage(Level = LogLevel.Information, Message = "Database migration {Version} ({Name}) applied")]
    private partial void LogApplied(int version, string name);
}
