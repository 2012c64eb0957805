using System.Diagnostics;

namespace RedConnect.Turn.Tests.Coturn;

/// <summary>Result of running an external tool to completion (or to its timeout).</summary>
public sealed record ToolResult(int ExitCode, string StandardOutput, string StandardError, bool TimedOut)
{
    public string AllOutput => StandardOutput + StandardError;
}

/// <summary>
/// Runs coturn's tools (Debian package <c>coturn</c>): locates the binaries, runs a tool with a hard
/// timeout that kills the whole process tree, and starts long-running ones (turnserver, turnutils_peer)
/// as <see cref="ToolProcess"/> handles. Shared by the harness tests and, later, the engine's tests.
/// </summary>
public static class CoturnTools
{
    private static readonly string[] SearchDirectories = ["/usr/bin", "/usr/local/bin", "/usr/sbin"];

    /// <summary>Full path of a coturn binary (turnserver, turnadmin, turnutils_uclient, …).</summary>
    public static string Locate(string tool)
    {
        var pathDirs = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries);
        foreach (var dir in SearchDirectories.Concat(pathDirs))
        {
            var candidate = Path.Combine(dir, tool);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException(
            $"{tool} not found; install Debian's coturn package (apt-get install coturn) — the README's test command does.", tool);
    }

    /// <summary>Runs a tool to completion; on timeout kills its process tree and reports <see cref="ToolResult.TimedOut"/>.</summary>
    public static async Task<ToolResult> RunAsync(string tool, IEnumerable<string> args, TimeSpan timeout)
    {
        using var process = Start(tool, args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            timedOut = true;
            KillTree(process);
            await process.WaitForExitAsync();
        }

        return new ToolResult(process.ExitCode, await stdout, await stderr, timedOut);
    }

    /// <summary>Starts turnutils_peer (a UDP echo peer) on 127.0.0.1 and waits until it echoes.</summary>
    public static async Task<ToolProcess> StartPeerAsync(int port)
    {
        var peer = StartLongRunning("turnutils_peer", ["-L", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        if (!await StunProbe.WaitUntilEchoingAsync(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, port), TimeSpan.FromSeconds(10)))
        {
            var output = peer.Output;
            await peer.DisposeAsync();
            throw new InvalidOperationException($"turnutils_peer did not echo on port {port}:\n{output}");
        }

        return peer;
    }

    /// <summary>Starts a long-running tool; dispose the handle to kill it.</summary>
    public static ToolProcess StartLongRunning(string tool, IEnumerable<string> args) => new(Start(tool, args));

    internal static Process Start(string tool, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(tool.Contains('/') ? tool : Locate(tool))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return Process.Start(info) ?? throw new InvalidOperationException($"cannot start {tool}");
    }

    internal static void KillTree(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }
}

/// <summary>A running external process whose output is captured; disposal kills its tree.</summary>
public sealed class ToolProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly System.Text.StringBuilder _output = new();

    internal ToolProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public Task WaitForExitAsync(CancellationToken ct) => _process.WaitForExitAsync(ct);

    public async ValueTask DisposeAsync()
    {
        CoturnTools.KillTree(_process);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
