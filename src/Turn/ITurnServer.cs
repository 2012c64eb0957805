namespace RedConnect.Turn;

/// <summary>
/// The seam between the rc-turn program (or the portal, in all-in-one mode) and the TURN engine:
/// start listening, stop gracefully, release sockets on dispose.
/// </summary>
public interface ITurnServer : IAsyncDisposable
{
    /// <summary>Binds every configured listener; completes once the server answers requests.</summary>
    Task StartAsync(CancellationToken ct);

    /// <summary>Stops accepting, closes allocations and listeners; completes when all loops have ended.</summary>
    Task StopAsync(CancellationToken ct);
}
