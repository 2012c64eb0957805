namespace RedConnect.Sfu.Routing;

/// <summary>
/// Why a room operation was refused: a stable machine code the signaling can switch on (and the control
/// API returns as "error"), and a message for humans. A refused operation changes nothing.
/// </summary>
public sealed record RoutingError(string Code, string Message)
{
    public const string RoomFull = "room_full";
    public const string InvalidSdp = "invalid_sdp";
    public const string UnknownParticipant = "unknown_participant";
    public const string UnknownRoom = "unknown_room";
    public const string RoomClosed = "room_closed";
    public const string InvalidState = "invalid_state";

    public override string ToString() => Code + ": " + Message;
}

/// <summary>The result of joining: the participant, the SFU's answer on the publisher connection, and the first subscriber offer (null while no one else publishes).</summary>
public sealed record JoinOutcome(Participant Participant, string PublisherAnswerSdp, SubscriberOffer? SubscriberOffer);

/// <summary>Counters of one room at one moment; departed participants' traffic stays counted.</summary>
public sealed record RoomStats(
    string RoomId,
    int MaxParticipants,
    int Participants,
    int Producers,
    int Consumers,
    long PacketsReceived,
    long BytesReceived,
    long PacketsForwarded,
    long BytesForwarded,
    long NacksReceived,
    long NacksSent,
    long Retransmissions,
    long KeyFrameRequestsReceived,
    long PlisSent,
    long RembsSent,
    long Drops,
    long SrtpFailures);
