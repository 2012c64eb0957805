// rc-turn: the standalone TURN server. parse → validate → summary → start → wait for signal → stop.
// Exit codes: 0 clean stop (or --help/--version), 1 configuration error, 2 runtime failure.
using RedConnect.Turn;
using RedConnect.Turn.Config;
using RedConnect.Turn.Host;
using RedConnect.Turn.Options;

var parsed = CoturnConfigParser.Parse(args);
if (parsed.HelpRequested)
{
    Console.Out.Write(Usage.Text);
    return ExitCodes.Ok;
}

if (parsed.VersionRequested)
{
    Console.Out.WriteLine($"rc-turn {Usage.Version}");
    return ExitCodes.Ok;
}

foreach (var warning in parsed.Warnings)
{
    Console.Error.WriteLine($"rc-turn: warning: {warning}");
}

var errors = parsed.Errors.Concat(TurnServerOptionsValidator.Validate(parsed.Options)).ToList();
if (errors.Count > 0)
{
    foreach (var error in errors)
    {
        Console.Error.WriteLine($"rc-turn: error: {error}");
    }

    Console.Error.WriteLine($"rc-turn: {errors.Count} configuration error(s); not started.");
    return ExitCodes.ConfigError;
}

return await ServerRun.RunAsync(parsed.Options, parsed.ConfigFile);
