using System.Reflection;

namespace RedConnect.EndToEnd.Tests.Infrastructure;

/// <summary>Facts baked in at build time (see the csproj's AssemblyMetadata items) and the repository layout.</summary>
public static class BuildInfo
{
    public static string PlaywrightDriverPath => Metadata("PlaywrightDriverPath");

    public static string Configuration => Metadata("BuildConfiguration");

    /// <summary>The folder holding RedConnect.sln, found by walking up from the test binaries.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string PortalDll =>
        Path.Combine(RepositoryRoot, "src", "Portal", "bin", Configuration, "net10.0", "RedConnect.Portal.dll");

    private static string Metadata(string key) =>
        typeof(BuildInfo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"assembly metadata {key} is empty");

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "RedConnect.sln"))) return dir.FullName;
        throw new InvalidOperationException($"RedConnect.sln not found above {AppContext.BaseDirectory}");
    }
}
