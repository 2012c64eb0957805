namespace RedConnect.Synthetic.Client;

/// <summary>
/// How a synthetic participant talks to the SFU's control API (in-process or over HTTP): the LiveKit
/// shape the SFU uses — a publisher connection the participant offers, and a subscriber connection
/// the SFU offers. Adapters for the concrete control API live with the caller (bench, tests).
/// </summary>
public interface ISfuSignaling
{
    /// <summary>Joins the room. <paramref name="publisherOfferSdp"/> is null for a participant that only watches.</summary>
    Task<SfuJoinResult> JoinAsync(string? publisherOfferSdp, CancellationToken cancellationToken);

    /// <summary>The SFU's current subscriber offer for this participant (after others joined), or null when there is nothing to receive.</summary>
    Task<string?> GetSubscriberOfferAsync(string participantId, CancellationToken cancellationToken);

    /// <summary>Our answer to the latest subscriber offer.</summary>
    Task SetSubscriberAnswerAsync(string participantId, string answerSdp, CancellationToken cancellationToken);

    Task LeaveAsync(string participantId, CancellationToken cancellationToken);
}

/// <summary>
/// What joining returns: our id in the room, the SFU's answer to our publisher offer (null when we
/// offered nothing) and, when others already publish, the SFU's first subscriber offer.
/// </summary>
public sealed record SfuJoinResult(string ParticipantId, string? PublisherAnswerSdp, string? SubscriberOfferSdp);
