using Microsoft.Extensions.Logging;
using RedConnect.Turn.Options;
using RedConnect.Turn.Server;

namespace RedConnect.Turn;

/// <summary>Creates the TURN engine from validated options (the seam rc-turn and the portal use).</summary>
public static class TurnServerFactory
{
    /// <summary>A <see cref="TurnServer"/> for <paramref name="options"/>; call <see cref="ITurnServer.StartAsync"/> to listen.</summary>
    public static ITurnServer Create(TurnServerOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new TurnServer(options, loggerFactory, timeProvider);
    }
}
