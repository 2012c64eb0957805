using Microsoft.Extensions.Logging;

namespace RedConnect.Signaling.Conference;

/// <summary>
/// Everything the conference signaling logs: room ids, SFU participant ids (random, per join), counts, versions
/// and outcomes. Never a room token, an SDP (it holds ICE passwords and addresses) or a display name.
/// </summary>
internal static partial class ConferenceLog
{
    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "Conference join: participant {ParticipantId} in room {RoomId} ({Count} present, loopback {Loopback})")]
    public static partial void Joined(ILogger logger, string roomId, string participantId, int count, bool loopback);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Information, Message = "Conference join refused: {Error}")]
    public static partial void JoinRefused(ILogger logger, string error);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Information, Message = "Conference participant {ParticipantId} left room {RoomId}")]
    public static partial void Left(ILogger logger, string roomId, string participantId);

    [LoggerMessage(EventId = 2104, Level = LogLevel.Information, Message = "SFU refused leave of participant {ParticipantId} in room {RoomId}: {Error}")]
    public static partial void LeaveRefused(ILogger logger, string roomId, string participantId, string error);

    [LoggerMessage(EventId = 2105, Level = LogLevel.Debug, Message = "Subscriber offer {Version} sent to participant {ParticipantId} in room {RoomId}")]
    public static partial void OfferSent(ILogger logger, string roomId, string participantId, long version);

    [LoggerMessage(EventId = 2106, Level = LogLevel.Information, Message = "Subscriber offer poll for participant {ParticipantId} in room {RoomId} ended: {Error}")]
    public static partial void OfferPollEnded(ILogger logger, string roomId, string participantId, string error);

    [LoggerMessage(EventId = 2107, Level = LogLevel.Warning, Message = "Subscriber offer poll for participant {ParticipantId} in room {RoomId} failed ({Failure}); retrying")]
    public static partial void OfferPollFailed(ILogger logger, string roomId, string participantId, string failure);

    [LoggerMessage(EventId = 2109, Level = LogLevel.Information, Message = "Conference participant {ParticipantId} removed from room {RoomId} by the SFU: {Reason}")]
    public static partial void RemovedBySfu(ILogger logger, string roomId, string participantId, string reason);

    [LoggerMessage(EventId = 2108, Level = LogLevel.Error, Message = "Conference hub method {Method} failed")]
    public static partial void HubFailure(ILogger logger, Exception exception, string method);
}
