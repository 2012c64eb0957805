using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RedConnect.Portal.Security;

namespace RedConnect.Portal.Data;

public static class DataServiceCollectionExtensions
{
    /// <summary>
    /// The database (SQLite at <c>Database:Path</c>), its migrations at start-up, and the server key files in
    /// <c>Data:Directory</c>; also keeps ASP.NET's data-protection keys (session cookies) there so a restart
    /// does not log everybody out.
    /// </summary>
    public static IServiceCollection AddRedConnectData(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<DataOptions>().Bind(configuration.GetSection(DataOptions.Section)).ValidateOnStart();
        services.AddOptions<DatabaseOptions>().Bind(configuration.GetSection(DatabaseOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DataOptions>, DataOptionsValidator>();
        services.AddSingleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>();

        var data = configuration.GetSection(DataOptions.Section).Get<DataOptions>() ?? new DataOptions();
        var database = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        // Relative to the working directory, not the app folder: a rebuild or a new release must never take the
        // practice's data with it (`dotnet run --project src/Portal` keeps it in ./data).
        var paths = DataPaths.Resolve(data, database, Environment.CurrentDirectory);
        services.AddSingleton(paths);
        CreatePrivateDirectory(paths.Directory);

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SqlDialect>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            Directory.CreateDirectory(Path.GetDirectoryName(paths.DatabaseFile)!);
            return new SqliteDialect(paths.DatabaseFile, options.BusyTimeoutSeconds);
        });
        services.AddSingleton<Database>();
        services.AddSingleton<SchemaMigrator>();
        services.AddSingleton(sp => ServerKeys.Load(sp.GetRequiredService<DataPaths>().Directory));
        services.AddHostedService<DatabaseInitializer>();

        services.AddDataProtection()
            .SetApplicationName("RedConnect")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(paths.Directory, "data-protection")));
        return services;
    }

    /// <summary>The data folder holds the database and the server keys: owner-only (700) when we create it.</summary>
    private static void CreatePrivateDirectory(string directory)
    {
        if (Directory.Exists(directory)) return;
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(directory);
        else Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}

/// <summary>Creates the key files and migrates the database before the server accepts requests.</summary>
internal sealed partial class DatabaseInitializer(SchemaMigrator migrator, ServerKeys keys, DataPaths paths, ILogger<DatabaseInitializer> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _ = keys; // resolving it creates the key files on first start
        var version = await migrator.MigrateAsync(null, cancellationToken);
        LogReady(paths.DatabaseFile, version);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Database {DatabaseFile} at schema version {Version}")]
    private partial void LogReady(string databaseFile, int version);
}
