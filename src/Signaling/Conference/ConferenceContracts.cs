namespace RedConnect.Signaling.Conference;

/// <summary>What a browser sends to <c>Join</c>.</summary>
/// <param name="Token">The room token from the page's URL fragment.</param>
/// <param name="Offer">The SDP offer of its publisher connection (camera and microphone); null to only watch.</param>
/// <param name="Loopback">Also receive its own stream back through the SFU (a test of the whole path).</param>
public sealed record ConferenceJoinRequest(string? Token, string? Offer, bool Loopback = false);

/// <summary>
/// The answer to <c>GetIceServers</c>: either <see cref="Error"/> (the token's problem, as for <c>Join</c>), or what the
/// browser configures both its peer connections with before it makes its offer — STUN/TURN servers with TURN
/// credentials minted for this token holder, and the transport policy (<c>relay</c>: only through TURN).
/// </summary>
public sealed record ConferenceIceConfiguration
{
    public string? Error { get; init; }

    public IReadOnlyList<RedConnect.Signaling.Hubs.IceServer>? IceServers { get; init; }

    public string? IceTransportPolicy { get; init; }
}

/// <summary>One version of the SFU's offer on the subscriber connection. Versions only grow; apply the newest.</summary>
public sealed record ConferenceOffer(string Sdp, long Version);

/// <summary>The browser's answer to the subscriber offer of <see cref="Version"/>.</summary>
public sealed record ConferenceAnswer(string? Sdp, long Version);

/// <summary>
/// The answer to <c>Join</c>: either <see cref="Error"/> (one of <see cref="ConferenceErrors"/>), or the participant id
/// (also the stream id of its tracks in the others' subscriber offers), the SFU's answer to the publisher offer,
/// the first subscriber offer (null while no one else publishes) and the ids of those already in the room.
/// </summary>
public sealed record ConferenceJoinResult
{
    public string? Error { get; init; }

    public string? ParticipantId { get; init; }

    public string? AnswerSdp { get; init; }

    public ConferenceOffer? SubscriberOffer { get; init; }

    public IReadOnlyList<string>? Roster { get; init; }

    public static ConferenceJoinResult Failed(string error) => new() { Error = error };
}

/// <summary>Names of the methods the server calls on conference browsers.</summary>
public static class ConferenceEvents
{
    /// <summary>A new <see cref="ConferenceOffer"/> for the subscriber connection: apply it and answer with <c>SetSubscriberAnswer</c>.</summary>
    public const string SubscriberOffer = "subscriber-offer";

    /// <summary>Someone joined the room (their participant id).</summary>
    public const string ParticipantJoined = "participant-joined";

    /// <summary>Someone left the room (their participant id): remove their tile.</summary>
    public const string ParticipantLeft = "participant-left";

    /// <summary>
    /// The SFU removed this browser's participant without being asked (its media connection failed or stayed silent
    /// past the consent timeout): the browser is no longer in the room; it may join again. Argument: a reason code.
    /// </summary>
    public const string Removed = "removed";
}

/// <summary>Error codes of the conference hub: the only thing a browser learns about a failure.</summary>
public static class ConferenceErrors
{
    public const string InvalidRequest = "invalid_request";
    public const string InvalidToken = "invalid_token";
    public const string ExpiredToken = "expired_token";
    public const string RoomFull = "room_full";
    public const string InvalidSdp = "invalid_sdp";
    public const string AlreadyJoined = "already_joined";
    public const string NotJoined = "not_joined";
    public const string Unavailable = "unavailable";
    public const string ServerError = "server_error";
}
