using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace RedConnect.Signaling.Presence;

/// <summary>
/// The hub connections open on this node, so a takeover can close the connection it replaced
/// (SignalR offers no way to abort another connection by id).
/// </summary>
public sealed class ConnectionRegistry
{
    private readonly ConcurrentDictionary<string, HubCallerContext> _open = new(StringComparer.Ordinal);

    public void Add(HubCallerContext context) => _open[context.ConnectionId] = context;

    public void Remove(string connectionId) => _open.TryRemove(connectionId, out _);

    public void Abort(string connectionId)
    {
        if (_open.TryRemove(connectionId, out var context)) context.Abort();
    }
}
