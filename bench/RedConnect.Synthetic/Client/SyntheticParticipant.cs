using RedConnect.Sfu.Dtls;
using RedConnect.Sfu.Sdp;
using RedConnect.Synthetic.Publishing;
using RedConnect.Synthetic.Receiving;

namespace RedConnect.Synthetic.Client;

/// <summary>
/// A complete synthetic conference participant: a publisher peer connection (we offer Opus + VP8
/// sendonly, the SFU answers) that sends a <see cref="MediaPublisher"/>'s packets and obeys PLI/FIR,
/// and a subscriber peer connection (the SFU offers the others' tracks, we answer recvonly) whose
/// packets a <see cref="MediaReceiver"/> counts, reassembles and times.
/// </summary>
public sealed class SyntheticParticipant : IAsyncDisposable
{
    private readonly ISfuSignaling _signaling;
    private readonly SyntheticParticipantOptions _options;
    private readonly DtlsCertificate _certificate;

    public SyntheticParticipant(ISfuSignaling signaling, SyntheticParticipantOptions options)
    {
        _signaling = signaling;
        _options = options;
        _certificate = options.Certificate ?? DtlsCertificate.Generate();
        Receiver = new MediaReceiver(options.SendTimes);
        if (options.Publish is MediaPublisherOptions publish)
        {
            Publisher = new MediaPublisher(publish, options.Video, options.Audio, options.SendTimes);
            Feedback = new PublisherFeedback(Publisher);
        }
    }

    public string? ParticipantId { get; private set; }

    public MediaPublisher? Publisher { get; }

    public PublisherFeedback? Feedback { get; }

    public MediaReceiver Receiver { get; }

    public SyntheticConnection? PublisherConnection { get; private set; }

    public SyntheticConnection? SubscriberConnection { get; private set; }

    public IReadOnlyList<SubscribedTrack> SubscribedTracks { get; private set; } = [];

    /// <summary>Joins, connects the publisher connection and, when the SFU already offers tracks, the subscriber connection.</summary>
    public async Task JoinAsync(CancellationToken cancellationToken = default)
    {
        string? offer = null;
        if (Publisher is not null)
        {
            PublisherConnection = new SyntheticConnection(_certificate) { Receiver = Feedback };
            offer = SyntheticOfferBuilder.CreatePublisherOffer(PublisherConnection.Local, PublisherTracks.For(Publisher.Options));
        }

        SfuJoinResult joined = await _signaling.JoinAsync(offer, cancellationToken).ConfigureAwait(false);
        ParticipantId = joined.ParticipantId;
        if (PublisherConnection is not null)
        {
            RemoteTransportDescription remote = ParseRemote(joined.PublisherAnswerSdp ?? throw new InvalidOperationException("The SFU did not answer our publisher offer."));
            await PublisherConnection.ConnectAsync(remote, _options.ConnectTimeout, cancellationToken).ConfigureAwait(false);
        }

        if (_options.Subscribe && joined.SubscriberOfferSdp is string subscriberOffer)
        {
            await AcceptSubscriberOfferAsync(subscriberOffer, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Asks the SFU for its current subscriber offer and answers it (call after others joined).</summary>
    public async Task RefreshSubscriptionsAsync(CancellationToken cancellationToken = default)
    {
        if (!_options.Subscribe || ParticipantId is null) return;
        string? offer = await _signaling.GetSubscriberOfferAsync(ParticipantId, cancellationToken).ConfigureAwait(false);
        if (offer is not null) await AcceptSubscriberOfferAsync(offer, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Answers a subscriber offer; the first one also connects the subscriber transport. Later offers
    /// (renegotiation) reuse the transport: only the tracks change.
    /// </summary>
    public async Task AcceptSubscriberOfferAsync(string offerSdp, CancellationToken cancellationToken = default)
    {
        if (!SdpParser.TryParse(offerSdp, out SessionDescription? offer, out SdpParseError? error))
            throw new InvalidOperationException($"Unparsable subscriber offer: {error}");
        bool first = SubscriberConnection is null;
        SubscriberConnection ??= new SyntheticConnection(_certificate) { Receiver = Receiver };
        string answer = SyntheticAnswerBuilder.CreateSubscriberAnswer(offer!, SubscriberConnection.Local, out IReadOnlyList<SubscribedTrack> tracks);
        SubscribedTracks = tracks;
        Receiver.Expect(tracks);
        await _signaling.SetSubscriberAnswerAsync(ParticipantId!, answer, cancellationToken).ConfigureAwait(false);
        if (first)
        {
            if (!RemoteTransportDescription.TryFrom(offer!, out RemoteTransportDescription? remote, out string? problem))
                throw new InvalidOperationException($"Subscriber offer: {problem}");
            await SubscriberConnection.ConnectAsync(remote!, _options.ConnectTimeout, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Publishes until the publisher's duration or packet budget runs out.</summary>
    public Task PublishAsync(CancellationToken cancellationToken = default) =>
        Publisher is not null && PublisherConnection is not null
            ? Publisher.RunAsync(PublisherConnection, cancellationToken)
            : Task.CompletedTask;

    public async Task LeaveAsync(CancellationToken cancellationToken = default)
    {
        if (ParticipantId is not null) await _signaling.LeaveAsync(ParticipantId, cancellationToken).ConfigureAwait(false);
        ParticipantId = null;
    }

    public ValueTask DisposeAsync()
    {
        PublisherConnection?.Dispose();
        SubscriberConnection?.Dispose();
        return ValueTask.CompletedTask;
    }

    private static RemoteTransportDescription ParseRemote(string sdp)
    {
        if (!SdpParser.TryParse(sdp, out SessionDescription? description, out SdpParseError? error))
            throw new InvalidOperationException($"Unparsable SFU answer: {error}");
        return RemoteTransportDescription.TryFrom(description!, out RemoteTransportDescription? remote, out string? problem)
            ? remote!
            : throw new InvalidOperationException($"SFU answer: {problem}");
    }
}
