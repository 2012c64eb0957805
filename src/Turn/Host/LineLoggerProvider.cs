using System.Globalization;
using Microsoft.Extensions.Logging;

namespace RedConnect.Turn.Host;

/// <summary>
/// One line per log event, "2026-01-01T12:00:00.000Z info  rc-turn: message", to stderr and, when
/// configured, to the log file (coturn's "stdout"/"-" select standard output instead of a file).
/// Small on purpose: rc-turn logs little outside start-up, shutdown and errors.
/// </summary>
internal sealed class LineLoggerProvider : ILoggerProvider
{
    private readonly object _gate = new();
    private readonly TextWriter _console;
    private readonly StreamWriter? _file;

    private LineLoggerProvider(TextWriter console, StreamWriter? file)
    {
        _console = console;
        _file = file;
    }

    public static LineLoggerProvider Create(string? logFile, out string? error)
    {
        error = null;
        if (logFile is "stdout" or "-")
        {
            return new LineLoggerProvider(Console.Out, null);
        }

        StreamWriter? file = null;
        if (!string.IsNullOrEmpty(logFile) && logFile != "syslog")
        {
            try
            {
                file = new StreamWriter(new FileStream(logFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                error = ex.Message;
            }
        }

        return new LineLoggerProvider(Console.Error, file);
    }

    public ILogger CreateLogger(string categoryName) => new LineLogger(this, categoryName);

    public void Dispose() => _file?.Dispose();

    private void Write(string line)
    {
        lock (_gate)
        {
            _console.WriteLine(line);
            _file?.WriteLine(line);
        }
    }

    private sealed class LineLogger(LineLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var level = logLevel switch
            {
                LogLevel.Trace => "trce",
                LogLevel.Debug => "dbug",
                LogLevel.Information => "info",
                LogLevel.Warning => "warn",
                LogLevel.Error => "fail",
                _ => "crit",
            };
            var time = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            var line = $"{time} {level} {category}: {formatter(state, exception)}";
            if (exception is not null)
            {
                line += Environment.NewLine + exception;
            }

            owner.Write(line);
        }
    }
}
