using Microsoft.Extensions.Logging;
using RedConnect.Sfu.Srtp;

namespace RedConnect.Sfu.Node;

/// <summary>
/// Structured log messages of the node and its transports. Addresses are logged at debug level only;
/// credentials and keys never.
/// </summary>
internal static partial class NodeLog
{
    [LoggerMessage(1, LogLevel.Information, "SFU media port listening on {EndPoint} with {Loops} receive loop(s), socket I/O {Io}, candidates {Candidates}")]
    public static partial void Listening(ILogger logger, string endPoint, int loops, string io, string candidates);

    [LoggerMessage(2, LogLevel.Debug, "Transport {TransportId} created")]
    public static partial void TransportCreated(ILogger logger, string transportId);

    [LoggerMessage(3, LogLevel.Debug, "Transport {TransportId}: ICE {Outcome}, media goes to {Address}")]
    public static partial void IceSelected(ILogger logger, string transportId, string outcome, string address);

    [LoggerMessage(4, LogLevel.Information, "Transport {TransportId} connected: {Protocol}, {Profile}, handshake {ElapsedMs} ms")]
    public static partial void Connected(ILogger logger, string transportId, string protocol, SrtpProfile profile, long elapsedMs);

    [LoggerMessage(5, LogLevel.Information, "Transport {TransportId} closed: {Reason}")]
    public static partial void Closed(ILogger logger, string transportId, TransportCloseReason reason);

    [LoggerMessage(6, LogLevel.Warning, "Transport {TransportId}: DTLS failed: {Detail}")]
    public static partial void DtlsFailed(ILogger logger, string transportId, string detail);

    [LoggerMessage(7, LogLevel.Error, "Unexpected error while handling a datagram")]
    public static partial void DispatchError(ILogger logger, Exception exception);

    [LoggerMessage(8, LogLevel.Error, "A transport listener threw from {Callback}")]
    public static partial void ListenerError(ILogger logger, Exception exception, string callback);

    [LoggerMessage(9, LogLevel.Warning, "Receive loop {Loop} stopped by a socket error {Error}")]
    public static partial void ReceiveLoopFailed(ILogger logger, int loop, string error);
}
