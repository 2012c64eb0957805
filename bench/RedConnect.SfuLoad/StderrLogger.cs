using Microsoft.Extensions.Logging;

namespace RedConnect.SfuLoad;

/// <summary>
/// rc-sfu-load --log: the SFU node's log lines (information and up) on stderr with a millisecond clock
/// since start, so a run that loses packets shows which transports closed and why.
/// </summary>
public sealed class StderrLoggerProvider : ILoggerProvider
{
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName[(categoryName.LastIndexOf('.') + 1)..]);

    public void Dispose()
    {
    }

    private sealed class Logger(StderrLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            Console.Error.WriteLine($"[{owner._clock.Elapsed.TotalSeconds,8:0.000}] {logLevel,-11} {category}: {formatter(state, exception)}{(exception is null ? "" : " " + exception.GetType().Name)}");
        }
    }
}
