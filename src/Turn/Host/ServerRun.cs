using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using RedConnect.Turn.Options;

namespace RedConnect.Turn.Host;

/// <summary>Runs a validated configuration: summary, pidfile, start, wait for SIGTERM/SIGINT, graceful stop.</summary>
internal static class ServerRun
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    public static async Task<int> RunAsync(TurnServerOptions options, string? configFile)
    {
        using var logging = LineLoggerProvider.Create(options.LogFile, out var logFileError);
        using var loggerFactory = LoggerFactory.Create(b => b
            .SetMinimumLevel(options.Verbose ? LogLevel.Debug : LogLevel.Information)
            .AddProvider(logging));
        var log = loggerFactory.CreateLogger("rc-turn");
        if (logFileError is not null)
        {
            log.LogWarning("Cannot open log file {LogFile}: {Reason}; logging to stderr only", options.LogFile, logFileError);
        }

        log.LogInformation("rc-turn {Version} starting, pid {Pid}, config {ConfigFile}",
            Usage.Version, Environment.ProcessId, configFile ?? "(command line only)");
        foreach (var line in TurnServerOptionsSummary.Describe(options))
        {
            log.LogInformation("{SummaryLine}", line);
        }

        var pidFile = PidFile.TryWrite(options.PidFile, log);
        using var stopping = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx => OnSignal(ctx, stopping, log));
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, ctx => OnSignal(ctx, stopping, log));
        try
        {
            await using var server = TurnServerFactory.Create(options, loggerFactory);
            try
            {
                await server.StartAsync(stopping.Token);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                log.LogInformation("Stopped during start-up");
                return ExitCodes.Ok;
            }
            catch (Exception ex)
            {
                log.LogCritical("Cannot start the TURN server: {Reason}", ex.Message);
                log.LogDebug(ex, "Start-up failure");
                return ExitCodes.RuntimeFailure;
            }

            log.LogInformation("rc-turn running; SIGTERM or Ctrl+C stops it");
            try
            {
                await Task.Delay(Timeout.Infinite, stopping.Token);
            }
            catch (OperationCanceledException)
            {
            }

            using var stopTimeout = new CancellationTokenSource(StopTimeout);
            try
            {
                await server.StopAsync(stopTimeout.Token);
            }
            catch (Exception ex)
            {
                log.LogError("Graceful stop failed: {Reason}", ex.Message);
                return ExitCodes.RuntimeFailure;
            }

            log.LogInformation("rc-turn stopped");
            return ExitCodes.Ok;
        }
        finally
        {
            PidFile.Remove(pidFile, log);
        }
    }

    private static void OnSignal(PosixSignalContext context, CancellationTokenSource stopping, ILogger log)
    {
        // Keep the runtime from terminating the process: we stop gracefully instead.
        context.Cancel = true;
        if (!stopping.IsCancellationRequested)
        {
            log.LogInformation("Received {Signal}, stopping", context.Signal);
            stopping.Cancel();
        }
    }
}
