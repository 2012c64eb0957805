using RedConnect.Sfu.Node.Control;
using RedConnect.Sfu.Routing;
namespace RedConnect.Synthetic.Client;

/// <summary>
/// Connects synthetic participants to the SFU's control API with one room token: in-process
/// (<see cref="SfuControl"/>) or over HTTP (<see cref="HttpSfuControl"/>), both are <see cref="ISfuControl"/>.
/// </summary>
public sealed class SfuControlSignaling(ISfuControl control, string roomToken) : ISfuSignaling
{
    private readonly Dictionary<string, long> _versions = new();

    public async Task<SfuJoinResult> JoinAsync(string? publisherOfferSdp, CancellationToken cancellationToken)
    {
        JoinResult joined = await control.JoinAsync(roomToken, publisherOfferSdp, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (joined.SubscriberOffer is SubscriberOffer offer) Remember(offer);
        return new SfuJoinResult(joined.ParticipantId, joined.PublisherAnswerSdp, joined.SubscriberOffer?.Sdp);
    }

    public async Task<string?> GetSubscriberOfferAsync(string participantId, CancellationToken cancellationToken)
    {
        long after;
        lock (_versions) after = _versions.GetValueOrDefault(participantId, -1);
        SubscriberOffer? offer = await control.WaitForSubscriberOfferAsync(roomToken, participantId, after, TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
        if (offer is null) return null;
        Remember(offer);
        return offer.Sdp;
    }

    public Task SetSubscriberAnswerAsync(string participantId, string answerSdp, CancellationToken cancellationToken) =>
        control.SetSubscriberAnswerAsync(roomToken, participantId, answerSdp, cancellationToken);

    public Task LeaveAsync(string participantId, CancellationToken cancellationToken) =>
        control.LeaveAsync(roomToken, participantId, cancellationToken);

    private void Remember(SubscriberOffer offer)
    {
        lock (_versions) _versions[offer.ParticipantId] = offer.Version;
    }
}
