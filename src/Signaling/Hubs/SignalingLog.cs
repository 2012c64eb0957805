using Microsoft.Extensions.Logging;

namespace RedConnect.Signaling.Hubs;

/// <summary>
/// Everything the signaling logs. By design these carry only opaque room ids, roles, outcomes and sizes:
/// never an access code, a reconnect token, a display name or an SDP (it holds ICE passwords and addresses).
/// </summary>
internal static partial class SignalingLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Join as {Role} in room {RoomId}: {Outcome}")]
    public static partial void Joined(ILogger logger, string role, string roomId, string outcome);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Join refused: {Error}")]
    public static partial void JoinRefused(ILogger logger, string error);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "{Role} left room {RoomId}")]
    public static partial void Left(ILogger logger, string role, string roomId);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Debug, Message = "Relayed {Kind} ({Bytes} bytes) in room {RoomId}")]
    public static partial void Relayed(ILogger logger, string kind, int bytes, string roomId);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Information, Message = "Relay refused: {Error} ({Bytes} bytes)")]
    public static partial void RelayRefused(ILogger logger, string error, int bytes);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Error, Message = "Hub method {Method} failed")]
    public static partial void HubFailure(ILogger logger, Exception exception, string method);
}
