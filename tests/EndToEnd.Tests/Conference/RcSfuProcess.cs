using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using RedConnect.EndToEnd.Tests.Infrastructure;

namespace RedConnect.EndToEnd.Tests.Conference;

/// <summary>
/// The standalone rc-sfu program from its build output, as an operator runs it: media on 127.0.0.1 (ephemeral UDP
/// port), the signed control API on an ephemeral loopback port, secrets from RC_SFU__ environment variables.
/// </summary>
public sealed partial class RcSfuProcess : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private RcSfuProcess(Process process) => _process = process;

    public Uri ControlUrl { get; private set; } = null!;

    public static string Dll =>
        Path.Combine(BuildInfo.RepositoryRoot, "src", "Sfu", "Host", "bin", BuildInfo.Configuration, "net10.0", "rc-sfu.dll");

    public static async Task<RcSfuProcess> StartAsync(string nodeSecret, string roomTokenSecret)
    {
        if (!File.Exists(Dll)) throw new InvalidOperationException($"rc-sfu not built: {Dll}");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(Dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[] { Dll, "--Sfu:ListenAddress=127.0.0.1", "--Sfu:Port=0", "--Sfu:ControlPort=0", "--Sfu:ReceiveLoops=1" }) start.ArgumentList.Add(arg);
        start.Environment["RC_SFU__NodeSecret"] = nodeSecret;
        start.Environment["RC_SFU__RoomTokenSecret"] = roomTokenSecret;
        start.Environment["DOTNET_NOLOGO"] = "1";

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var sfu = new RcSfuProcess(process);
        var ready = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLine(string? line)
        {
            if (line is null) return;
            lock (sfu._log) sfu._log.AppendLine(line);
            if (ControlLine().Match(line) is { Success: true } match) ready.TrySetResult(new Uri(match.Groups[1].Value));
        }
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException("rc-sfu exited early:\n" + sfu.Log));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            sfu.ControlUrl = await ready.Task.WaitAsync(StartTimeout);
        }
        catch
        {
            sfu.Dispose();
            throw;
        }
        return sfu;
    }

    public string Log
    {
        get
        {
            lock (_log) return _log.ToString();
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
    }

    [GeneratedRegex(@"control API on (http://[0-9.:\[\]]+)")]
    private static partial Regex ControlLine();
}
