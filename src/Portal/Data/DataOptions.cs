using Microsoft.Extensions.Options;

namespace RedConnect.Portal.Data;

/// <summary>
/// Where the portal keeps its state: <c>Data:Directory</c> holds the SQLite file and the server key files;
/// <c>Database:Path</c> may put the database elsewhere. Relative paths are resolved against the working directory
/// (never the application's folder, which a rebuild or upgrade replaces).
/// </summary>
public sealed class DataOptions
{
    public const string Section = "Data";

    /// <summary>Folder for the database file and the server-side key files.</summary>
    public string Directory { get; set; } = "data";
}

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>The SQLite file; default <c>&lt;Data:Directory&gt;/redconnect.db</c>.</summary>
    public string? Path { get; set; }

    /// <summary>How long a statement waits for a lock held by another connection (SQLite busy timeout).</summary>
    public int BusyTimeoutSeconds { get; set; } = 10;
}

/// <summary>Both option sets resolved to absolute paths, once, at start-up.</summary>
public sealed record DataPaths(string Directory, string DatabaseFile)
{
    public static DataPaths Resolve(DataOptions data, DatabaseOptions database, string contentRoot)
    {
        var directory = System.IO.Path.GetFullPath(data.Directory, contentRoot);
        var file = string.IsNullOrWhiteSpace(database.Path)
            ? System.IO.Path.Combine(directory, "redconnect.db")
            : System.IO.Path.GetFullPath(database.Path, contentRoot);
        return new DataPaths(directory, file);
    }
}

internal sealed class DataOptionsValidator : IValidateOptions<DataOptions>
{
    public ValidateOptionsResult Validate(string? name, DataOptions options) =>
        string.IsNullOrWhiteSpace(options.Directory)
            ? ValidateOptionsResult.Fail("Data:Directory must name a folder for the database and the key files.")
            : options.Directory.IndexOfAny(System.IO.Path.GetInvalidPathChars()) >= 0
                ? ValidateOptionsResult.Fail($"Data:Directory '{options.Directory}' is not a valid path.")
                : ValidateOptionsResult.Success;
}

internal sealed class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>
{
    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        var failures = new List<string>();
        if (options.Path is not null && options.Path.IndexOfAny(System.IO.Path.GetInvalidPathChars()) >= 0)
            failures.Add($"Database:Path '{options.Path}' is not a valid path.");
        if (options.BusyTimeoutSeconds is < 1 or > 300)
            failures.Add($"Database:BusyTimeoutSeconds must be between 1 and 300 (is {options.BusyTimeoutSeconds}).");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
