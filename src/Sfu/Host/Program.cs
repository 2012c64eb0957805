// rc-sfu: the standalone SFU. Configure → validate (one line per bad value) → start media + control API →
// run until SIGINT/SIGTERM → stop gracefully. Exit codes: 0 clean stop, 1 configuration error, 2 runtime failure.
using RedConnect.Sfu.Host;

SfuHost? host = SfuHost.TryCreate(args, out IReadOnlyList<string> errors);
if (host is null)
{
    foreach (string error in errors) Console.Error.WriteLine($"rc-sfu: error: {error}");
    Console.Error.WriteLine($"rc-sfu: {errors.Count} configuration error(s); not started.");
    return 1;
}

try
{
    await host.RunAsync();
    return 0;
}
catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException or InvalidOperationException)
{
    Console.Error.WriteLine($"rc-sfu: failed: {e.Message}");
    return 2;
}
