namespace RedConnect.Signaling.Hubs;

/// <summary>What a browser sends to <c>Join</c>: the code it holds and, when resuming, its reconnect token.</summary>
public sealed record JoinRequest(string? Code, string? ReconnectToken);

/// <summary>One STUN/TURN server as <c>RTCIceServer</c> expects it.</summary>
public sealed record IceServer(IReadOnlyList<string> Urls, string? Username, string? Credential);

/// <summary>
/// The answer to <c>Join</c>. Either <see cref="Error"/> is set (one of <see cref="SignalingErrors"/>; for
/// <c>not_yet_valid</c> also <see cref="ValidFrom"/>), or everything else is.
/// </summary>
public sealed record JoinResult
{
    public string? Error { get; init; }

    /// <summary><c>organizer</c> or <c>participant</c>.</summary>
    public string? Role { get; init; }

    /// <summary>An opaque room id, stable for one appointment within this server, unrelated to the appointment id.</summary>
    public string? RoomId { get; init; }

    public IReadOnlyList<IceServer>? IceServers { get; init; }

    /// <summary><c>all</c> or <c>relay</c>, for <c>RTCPeerConnection</c>'s <c>iceTransportPolicy</c>.</summary>
    public string? IceTransportPolicy { get; init; }

    public bool CounterpartPresent { get; init; }

    /// <summary>Presented with the same code by a later connection, it takes this one over (page reload).</summary>
    public string? ReconnectToken { get; init; }

    public DateTimeOffset? ValidFrom { get; init; }

    public DateTimeOffset? ValidUntil { get; init; }

    public static JoinResult Failed(string error, DateTimeOffset? validFrom = null) => new() { Error = error, ValidFrom = validFrom };
}

/// <summary>A message relayed unchanged to the other member of the room.</summary>
/// <param name="Kind">One of <see cref="SignalKinds"/>.</param>
/// <param name="Payload">Opaque to the server (an SDP or ICE candidate as JSON); never logged or stored.</param>
public sealed record SignalMessage(string? Kind, string? Payload);

public static class SignalKinds
{
    public const string Description = "description";
    public const string Candidate = "candidate";
    public const string Hangup = "hangup";

    public static bool IsKnown(string? kind) => kind is Description or Candidate or Hangup;
}

/// <summary>Names of the methods the server calls on browsers.</summary>
public static class ClientEvents
{
    /// <summary>The counterpart joined (or resumed from a new connection): start over with a fresh peer connection.</summary>
    public const string PeerJoined = "peer-joined";

    /// <summary>The counterpart's connection ended.</summary>
    public const string PeerLeft = "peer-left";

    /// <summary>A <see cref="SignalMessage"/> from the counterpart.</summary>
    public const string Signal = "signal";

    /// <summary>Another connection took this one over with the reconnect token; this connection is closed next.</summary>
    public const string Replaced = "replaced";
}

/// <summary>Error codes the browser turns into messages; the only thing a client learns about a failure.</summary>
public static class SignalingErrors
{
    public const string UnknownCode = "unknown_code";
    public const string CodeInUse = "code_in_use";
    public const string NotYetValid = "not_yet_valid";
    public const string Expired = "expired";
    public const string RateLimited = "rate_limited";
    public const string InvalidRequest = "invalid_request";

    /// <summary>Relay before a successful join, or after the connection was taken over.</summary>
    public const string NotJoined = "not_joined";

    /// <summary>Relay payload above <c>Signaling:MaxMessageBytes</c>.</summary>
    public const string MessageTooLarge = "message_too_large";

    /// <summary>Anything unexpected on the server; details only in the server log.</summary>
    public const string ServerError = "server_error";
}
