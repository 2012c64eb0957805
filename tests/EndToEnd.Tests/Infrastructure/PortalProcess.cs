using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RedConnect.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The real portal (with its signaling) running from its build output as a separate process on a free
/// loopback port, in a temporary folder of its own (data directory and <see cref="LogPath"/>, where its stdout and
/// stderr go) that <see cref="Dispose"/> deletes.
/// </summary>
public sealed class PortalProcess : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _logGate = new();

    private readonly string _workDirectory;

    private PortalProcess(Process process, StreamWriter log, string workDirectory, string dataDirectory, string logPath, Uri origin)
    {
        _process = process;
        _workDirectory = workDirectory;
        _log = log;
        DataDirectory = dataDirectory;
        LogPath = logPath;
        Origin = origin;
    }

    public Uri Origin { get; }

    /// <summary>UDP and TCP port of the portal's in-process TURN server.</summary>
    public int TurnPort { get; private init; }
    public string DataDirectory { get; }
    public string LogPath { get; }

    /// <summary>
    /// Starts the portal with its in-process TURN server on free loopback ports (so every end-to-end call has our
    /// TURN server among its ICE servers, as in production), plus any <paramref name="extraArguments"/>.
    /// </summary>
    public static async Task<PortalProcess> StartAsync(IEnumerable<string>? extraArguments = null)
    {
        var dll = BuildInfo.PortalDll;
        if (!File.Exists(dll)) throw new InvalidOperationException($"portal not built: {dll}");
        var workDirectory = Directory.CreateTempSubdirectory("redconnect-portal-").FullName;
        var dataDirectory = Directory.CreateDirectory(Path.Combine(workDirectory, "data")).FullName;
        var logPath = Path.Combine(workDirectory, "portal.log");
        var port = FreeTcpPort();
        var origin = new Uri($"http://127.0.0.1:{port}");

        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var turnPort = FreeTcpPort();
        var relayBase = Random.Shared.Next(40_000, 48_000);
        string[] arguments =
        [
            dll, "--urls", origin.ToString().TrimEnd('/'), "--Data:Directory", dataDirectory,
            "--Turn:ListeningIPs:0", "127.0.0.1", "--Turn:RelayIPs:0", "127.0.0.1",
            "--Turn:ListeningPort", turnPort.ToString(), "--Turn:AltListeningPort", FreeTcpPort().ToString(),
            "--Turn:MinPort", relayBase.ToString(), "--Turn:MaxPort", (relayBase + 400).ToString(), "--Turn:NoTls", "true",
            // The in-process SFU on loopback and an ephemeral UDP port, so portals of parallel tests never collide.
            "--Sfu:ListenAddress", "127.0.0.1", "--Sfu:Port", "0",
            .. extraArguments ?? [],
        ];
        foreach (var arg in arguments) start.ArgumentList.Add(arg);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_NOLOGO"] = "1";

        var log = new StreamWriter(logPath, append: false, Encoding.UTF8) { AutoFlush = true };
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var portal = new PortalProcess(process, log, workDirectory, dataDirectory, logPath, origin) { TurnPort = turnPort };
        void OnLine(string? line)
        {
            if (line is null) return;
            lock (portal._logGate) log.WriteLine(line);
            if (line.Contains("Now listening on", StringComparison.Ordinal)) listening.TrySetResult();
        }
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("portal exited early"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            await listening.Task.WaitAsync(StartTimeout);
        }
        catch (Exception failure)
        {
            // The folder (and the log in it) goes with Dispose: keep what the portal said in the failure.
            string said = portal.ReadLog();
            portal.Dispose();
            throw new InvalidOperationException($"The portal did not start ({failure.Message}). It logged:\n{said}", failure);
        }
        return portal;
    }

    /// <summary>Everything the server logged so far.</summary>
    public string ReadLog()
    {
        lock (_logGate)
        {
            _log.Flush();
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            return new StreamReader(stream).ReadToEnd();
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // never started or already gone
        }
        _process.Dispose();
        lock (_logGate) _log.Dispose();
        try
        {
            Directory.Delete(_workDirectory, recursive: true);
        }
        catch (IOException)
        {
            // a file still held open; the temp folder is cleaned by the system
        }
    }

    private static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
