using RedConnect.Sfu.Routing;

namespace RedConnect.Sfu.Node.Control;

/// <summary>A room as the control API reports it.</summary>
public sealed record RoomInfo(string RoomId, int MaxParticipants, int Participants);

/// <summary>A participant admitted: its id, the SFU's answer for its publisher connection (null when it sent no offer), its first subscriber offer (null while no one else publishes).</summary>
public sealed record JoinResult(string ParticipantId, string? PublisherAnswerSdp, SubscriberOffer? SubscriberOffer);

/// <summary>
/// What the signaling asks of an SFU. Every call carries a room token (<see cref="RoomToken"/>) signed by
/// the signaling; the room id and participant limit come from it, so a caller cannot widen them. Refusals
/// throw <see cref="SfuControlException"/> with a code from <see cref="SfuErrorCodes"/> or <see cref="RoutingError"/>;
/// a refused call changes nothing. In-process: <see cref="SfuControl"/>; between nodes: <see cref="HttpSfuControl"/>.
/// </summary>
public interface ISfuControl
{
    /// <summary>Creates the token's room with the token's participant limit (idempotent: an existing room is returned).</summary>
    Task<RoomInfo> CreateRoomAsync(string roomToken, CancellationToken cancellationToken = default);

    /// <summary>
    /// Admits a participant to the token's room (creating it if needed). <paramref name="publisherOfferSdp"/> is the
    /// browser's offer on its publisher connection, or null for a receive-only participant. "room_full" beyond the limit.
    /// <paramref name="options"/> null means <see cref="JoinOptions.Default"/>.
    /// </summary>
    Task<JoinResult> JoinAsync(string roomToken, string? publisherOfferSdp, JoinOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>The browser's answer to the latest subscriber offer.</summary>
    Task SetSubscriberAnswerAsync(string roomToken, string participantId, string answerSdp, CancellationToken cancellationToken = default);

    /// <summary>A new publisher offer (tracks added, replaced or stopped); returns the SFU's answer.</summary>
    Task<string> UpdatePublisherAsync(string roomToken, string participantId, string offerSdp, CancellationToken cancellationToken = default);

    Task LeaveAsync(string roomToken, string participantId, CancellationToken cancellationToken = default);

    Task<RoomStats> GetRoomStatsAsync(string roomToken, CancellationToken cancellationToken = default);

    /// <summary>
    /// Waits until the participant's subscriber offer is newer than <paramref name="afterVersion"/> and returns it;
    /// null when <paramref name="timeout"/> passes first (long-poll: call again with the last version seen).
    /// </summary>
    Task<SubscriberOffer?> WaitForSubscriberOfferAsync(string roomToken, string participantId, long afterVersion, TimeSpan timeout, CancellationToken cancellationToken = default);
}
