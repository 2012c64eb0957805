using RedConnect.Turn.Options;

namespace RedConnect.Turn.Config;

/// <summary>
/// What reading a coturn-style configuration produced. User input never throws: look at
/// <see cref="Errors"/> (each with its file and line, or "command line") before using <see cref="Options"/>.
/// </summary>
public sealed record CoturnConfigResult(
    TurnServerOptions Options,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<string> Errors,
    bool HelpRequested,
    bool VersionRequested,
    string? ConfigFile)
{
    public bool Succeeded => Errors.Count == 0;
}
