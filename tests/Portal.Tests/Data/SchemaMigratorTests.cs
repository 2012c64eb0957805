using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using RedConnect.Portal.Data;

namespace RedConnect.Portal.Tests.Data;

/// <summary>Migrations on a real SQLite file: fresh, from an earlier version with data in it, and run twice.</summary>
public sealed class SchemaMigratorTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "rc-migrations-" + Guid.NewGuid().ToString("N"));
    private readonly string _file;
    private readonly Database _database;
    private readonly SchemaMigrator _migrator;

    public SchemaMigratorTests()
    {
        Directory.CreateDirectory(_directory);
        _file = Path.Combine(_directory, "redconnect.db");
        _database = new Database(new SqliteDialect(_file, 5));
        _migrator = new SchemaMigrator(_database, TimeProvider.System, NullLogger<SchemaMigrator>.Instance);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task<string[]> TablesAsync()
    {
        await using var c = await _database.OpenAsync(CancellationToken.None);
        return (await c.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")).ToArray();
    }

    [Fact]
    public async Task A_fresh_file_gets_every_table_and_the_latest_version()
    {
        var version = await _migrator.MigrateAsync(null, CancellationToken.None);
        Assert.Equal(_migrator.LatestVersion, version);
        Assert.Equal(3, version);
        Assert.Equal(["access_codes", "appointments", "login_failures", "practices", "schema_version", "users"], await TablesAsync());
        await using var c = await _database.OpenAsync(CancellationToken.None);
        Assert.Equal("wal", await c.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
    }

    [Fact]
    public async Task An_existing_file_from_version_1_keeps_its_data_when_migrated()
    {
        Assert.Equal(1, await _migrator.MigrateAsync(1, CancellationToken.None));
        Assert.DoesNotContain("appointments", await TablesAsync());
        await using (var c = await _database.OpenAsync(CancellationToken.None))
        {
            await c.ExecuteAsync("""
                INSERT INTO practices (id, short_name, short_name_key, name, email, lanr, bsnr, postal_code, created_utc)
                VALUES ('11111111-1111-1111-1111-111111111111', 'Alt', 'ALT', 'Praxis Alt', 'alt@example.de', '999999999', '999999999', '99999', 1);
                INSERT INTO users (id, practice_id, short_name, short_name_key, kdf_salt, kdf_iterations, auth_verifier,
                                   wrapped_practice_key, wrapped_practice_key_iv, is_admin, created_utc)
                VALUES ('22222222-2222-2222-2222-222222222222', '11111111-1111-1111-1111-111111111111', 'dr', 'DR', x'00', 600000, 'v', x'01', x'02', 1, 1);
                """);
        }

        Assert.Equal(3, await _migrator.MigrateAsync(null, CancellationToken.None));
        await using (var c = await _database.OpenAsync(CancellationToken.None))
        {
            Assert.Equal("Praxis Alt", await c.ExecuteScalarAsync<string>("SELECT name FROM practices WHERE short_name_key = 'ALT'"));
            Assert.Equal("basis", await c.ExecuteScalarAsync<string>("SELECT plan FROM practices"));
            Assert.Equal("Europe/Berlin", await c.ExecuteScalarAsync<string>("SELECT time_zone FROM practices"));
            Assert.Equal(1, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM users WHERE practice_id = '11111111-1111-1111-1111-111111111111'"));
            Assert.Equal(new long[] { 1, 2, 3 }, (await c.QueryAsync<long>("SELECT version FROM schema_version ORDER BY version")).ToArray());
        }
        Assert.Contains("appointments", await TablesAsync());
    }

    [Fact]
    public async Task Running_the_migrations_again_changes_nothing()
    {
        await _migrator.MigrateAsync(null, CancellationToken.None);
        var again = new SchemaMigrator(_database, TimeProvider.System, NullLogger<SchemaMigrator>.Instance);
        Assert.Equal(3, await again.MigrateAsync(null, CancellationToken.None));
        await using var c = await _database.OpenAsync(CancellationToken.None);
        Assert.Equal(3, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM schema_version"));
    }

    [Fact]
    public async Task A_database_from_a_newer_program_is_refused_with_a_clear_message()
    {
        await _migrator.MigrateAsync(null, CancellationToken.None);
        await using (var c = await _database.OpenAsync(CancellationToken.None))
            await c.ExecuteAsync("INSERT INTO schema_version (version, name, applied_utc) VALUES (99, 'future', 0)");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => _migrator.MigrateAsync(null, CancellationToken.None));
        Assert.Contains("schema version 99", error.Message);
    }

    [Fact]
    public void Migrations_are_numbered_without_gaps_for_sqlite() =>
        Assert.Equal([1, 2, 3], SchemaMigrator.Load("Sqlite").Select(m => m.Version).ToArray());
}
