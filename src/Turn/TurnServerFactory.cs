using Microsoft.Extensions.Logging;
using RedConnect.Turn.Options;

namespace RedConnect.Turn;

/// <summary>
/// Creates the TURN engine from validated options. Placeholder until the engine lands: the object it
/// returns refuses to start, so rc-turn exits with its runtime-failure code instead of pretending to serve.
/// </summary>
public static class TurnServerFactory
{
    public const string NotBuiltMessage = "TURN engine not built yet";

    public static ITurnServer Create(TurnServerOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new NotBuiltTurnServer();
    }

    private sealed class NotBuiltTurnServer : ITurnServer
    {
        public Task StartAsync(CancellationToken ct) => throw new NotImplementedException(NotBuiltMessage);

        public Task StopAsync(CancellationToken ct) => Task.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
