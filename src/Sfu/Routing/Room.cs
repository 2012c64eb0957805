using System.Security.Cryptography;
using RedConnect.Sfu.Sdp;

namespace RedConnect.Sfu.Routing;

/// <summary>
/// One conference (mediasoup's Router, LiveKit's Room): its participants, their producers and the
/// consumers that connect them, and the offer/answer on both connections of each participant.
/// <para>Threading: one lock per room (<c>_sync</c>) serializes everything that changes membership or
/// negotiation — join, leave, offers, answers. The per-packet path never takes it: producers and
/// consumers are reached through copy-on-write arrays, and each producer/consumer guards its own small
/// media state (see <see cref="Producer"/>, <see cref="Consumer"/>). A timer (<see cref="RoutingOptions.TickInterval"/>)
/// drives NACK retries, coalesced PLIs, receiver reports and REMB. Events are raised outside the lock.</para>
/// </summary>
public sealed class Room : IDisposable
{
    private readonly Lock _sync = new();
    private readonly Dictionary<string, Participant> _participants = new(StringComparer.Ordinal);
    private readonly ITransportFactory _transports;
    private readonly RoutingOptions _options;
    private readonly ITimer _timer;
    private readonly long _reportTicks;
    private Participant[] _snapshot = [];
    private RoomTotals _departed;
    private long _lastReport;
    private int _ticking;
    private bool _closed;

    public Room(string id, int maxParticipants, ITransportFactory transports, RoutingOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxParticipants, 1);
        Id = id;
        MaxParticipants = maxParticipants;
        _transports = transports;
        _options = options ?? RoutingOptions.Default;
        Time = timeProvider ?? TimeProvider.System;
        _reportTicks = (long)(_options.ReportInterval.TotalSeconds * Time.TimestampFrequency);
        _lastReport = Time.GetTimestamp();
        _timer = Time.CreateTimer(_ => OnTick(), null, _options.TickInterval, _options.TickInterval);
    }

    public string Id { get; }

    public int MaxParticipants { get; }

    internal TimeProvider Time { get; }

    public int ParticipantCount => Volatile.Read(ref _snapshot).Length;

    public IReadOnlyList<Participant> Participants => Volatile.Read(ref _snapshot);

    /// <summary>A subscriber's offer changed (tracks came or went): the signaling sends it to that browser.</summary>
    public event Action<SubscriberOffer>? SubscriberOfferChanged;

    public event Action<Participant, ParticipantLeaveReason>? ParticipantLeft;

    public Participant? Find(string participantId)
    {
        lock (_sync) return _participants.GetValueOrDefault(participantId);
    }

    /// <summary>
    /// Admits a participant: answers its publisher offer (none for a receive-only participant), creates
    /// its producers, subscribes it to everyone else's and everyone else to its own. Refused with
    /// <see cref="RoutingError.RoomFull"/> beyond <see cref="MaxParticipants"/>.
    /// </summary>
    public bool TryJoin(string? name, string? publisherOfferSdp, out JoinOutcome? outcome, out RoutingError? error) =>
        TryJoin(name, publisherOfferSdp, JoinOptions.Default, out outcome, out error);

    /// <inheritdoc cref="TryJoin(string?, string?, out JoinOutcome?, out RoutingError?)"/>
    /// <remarks>With <see cref="JoinOptions.SubscribeToSelf"/> the participant also consumes its own producers (loopback).</remarks>
    public bool TryJoin(string? name, string? publisherOfferSdp, JoinOptions options, out JoinOutcome? outcome, out RoutingError? error)
    {
        ArgumentNullException.ThrowIfNull(options);
        outcome = null;
        SessionDescription? offer = null;
        RemoteTransportParameters? remote = null;
        if (publisherOfferSdp is not null && !PublisherNegotiation.TryParseOffer(publisherOfferSdp, out offer, out remote, out error)) return false;

        var changed = new HashSet<Participant>();
        Participant participant;
        string? answerSdp = null;
        SubscriberOffer? firstOffer;
        lock (_sync)
        {
            if (_closed)
            {
                error = new RoutingError(RoutingError.RoomClosed, $"room {Id} is closed");
                return false;
            }

            if (_participants.Count >= MaxParticipants)
            {
                error = new RoutingError(RoutingError.RoomFull, $"room is full: it admits {MaxParticipants} participants");
                return false;
            }

            participant = new Participant(this, NewId(), name) { SubscribesToSelf = options.SubscribeToSelf };
            if (offer is not null)
            {
                participant.PublisherTransport = _transports.CreateTransport(participant.PublisherListener);
                if (!PublisherNegotiation.TryAnswer(participant, offer, out SessionDescription? answer, out error))
                {
                    participant.PublisherTransport.Close();
                    return false;
                }

                if (!PublisherNegotiation.TrySetRemote(participant.PublisherTransport, remote!, out error))
                {
                    participant.PublisherTransport.Close();
                    return false;
                }

                answerSdp = answer!.ToString();
                foreach (ProducerDescription description in ProducerDescription.FromNegotiation(offer, answer))
                {
                    AddProducer(participant, description, changed);
                }
            }

            participant.SubscriberTransport = _transports.CreateTransport(participant.SubscriberListener);
            foreach (Participant other in _participants.Values)
            {
                foreach (Producer producer in other.Producers) AddConsumer(participant, producer);
            }

            if (participant.SubscribesToSelf)
            {
                foreach (Producer producer in participant.Producers) AddConsumer(participant, producer);
            }

            _participants.Add(participant.Id, participant);
            _snapshot = [.. _participants.Values];
            firstOffer = participant.Negotiation.HasSections ? participant.Negotiation.CreateOffer(participant.SubscriberTransport.LocalParameters) : null;
            changed.Remove(participant);
            CreateOffers(changed);
        }

        RaiseOfferChanged(changed);
        outcome = new JoinOutcome(participant, answerSdp ?? string.Empty, firstOffer);
        error = null;
        return true;
    }

    /// <summary>
    /// A publisher renegotiated (added, replaced or stopped tracks): answers on the same transport. A new
    /// mid adds a producer; a mid that is gone or no longer sending closes one; a mid with a new SSRC
    /// replaces its producer under the same consumers, whose numbering stays continuous.
    /// </summary>
    public bool TryUpdatePublisher(string participantId, string offerSdp, out string? answerSdp, out RoutingError? error)
    {
        answerSdp = null;
        if (!PublisherNegotiation.TryParseOffer(offerSdp, out SessionDescription? offer, out RemoteTransportParameters? remote, out error)) return false;
        var changed = new HashSet<Participant>();
        var retired = new List<Producer>();
        lock (_sync)
        {
            if (!TryFind(participantId, out Participant? participant, out error)) return false;
            bool fresh = participant.PublisherTransport is null;
            participant.PublisherTransport ??= _transports.CreateTransport(participant.PublisherListener);
            if (!PublisherNegotiation.TryAnswer(participant, offer!, out SessionDescription? answer, out error)) return false;
            if (fresh && !PublisherNegotiation.TrySetRemote(participant.PublisherTransport, remote!, out error)) return false;

            IReadOnlyList<ProducerDescription> wanted = ProducerDescription.FromNegotiation(offer!, answer!);
            foreach (Producer existing in participant.Producers)
            {
                if (!wanted.Any(d => d.Mid == existing.Mid)) CloseProducer(existing, changed);
            }

            foreach (ProducerDescription description in wanted)
            {
                Producer? existing = participant.Producers.FirstOrDefault(p => p.Mid == description.Mid);
                if (existing is null)
                {
                    AddProducer(participant, description, changed);
                }
                else if (description.Ssrc != 0 && description.Ssrc != existing.Ssrc || description.PayloadType != existing.Description.PayloadType)
                {
                    ReplaceProducer(existing, description);
                    retired.Add(existing);
                }
            }

            answerSdp = answer!.ToString();
            CreateOffers(changed);
        }

        foreach (Producer producer in retired) producer.Dispose();
        RaiseOfferChanged(changed);
        return true;
    }

    /// <summary>Takes the browser's answer to the latest subscriber offer; accepted sections start forwarding.</summary>
    public bool TrySetSubscriberAnswer(string participantId, string answerSdp, out RoutingError? error)
    {
        if (!SdpParser.TryParse(answerSdp, out SessionDescription? answer, out SdpParseError? parseError))
        {
            error = new RoutingError(RoutingError.InvalidSdp, "subscriber answer: " + parseError);
            return false;
        }

        var activated = new List<Consumer>();
        lock (_sync)
        {
            if (!TryFind(participantId, out Participant? participant, out error)) return false;
            RemoteTransportParameters? remote = null;
            if (!participant.Negotiation.RemoteParametersSet && answer!.Media.Any(m => !m.IsRejected)
                && !RemoteTransportParameters.TryFrom(answer, out remote, out string? remoteError))
            {
                error = new RoutingError(RoutingError.InvalidSdp, "subscriber answer: " + remoteError);
                return false;
            }

            if (!participant.Negotiation.TryApplyAnswer(answer!, activated, out string? answerError))
            {
                error = new RoutingError(answerError == "no subscriber offer is outstanding" ? RoutingError.InvalidState : RoutingError.InvalidSdp, "subscriber answer: " + answerError);
                return false;
            }

            if (remote is not null)
            {
                if (!PublisherNegotiation.TrySetRemote(participant.SubscriberTransport, remote, out error)) return false;
                participant.Negotiation.RemoteParametersSet = true;
            }
        }

        // RFC 4585 §6.3.1: a new receiver cannot decode until the next key frame; ask for one now.
        foreach (Consumer consumer in activated) consumer.Producer.KeyFrames.Request();
        return true;
    }

    /// <summary>Removes a participant: its producers close, the others' consumers of them close and those subscribers get a new offer.</summary>
    public bool Leave(string participantId, ParticipantLeaveReason reason)
    {
        var changed = new HashSet<Participant>();
        Participant? participant;
        List<Producer> producers;
        lock (_sync)
        {
            if (!_participants.Remove(participantId, out participant)) return false;
            participant.HasLeft = true;
            _snapshot = [.. _participants.Values];
            producers = [.. participant.Producers];
            foreach (Producer producer in producers) CloseProducer(producer, changed);
            foreach (Consumer consumer in participant.Consumers)
            {
                consumer.Producer.RemoveConsumer(consumer);
                _departed.Add(consumer);
                consumer.Dispose();
            }

            participant.SetConsumers([]);
            _departed.Drops += participant.Drops;
            _departed.SrtpFailures += (participant.PublisherTransport?.SrtpFailures ?? 0) + participant.SubscriberTransport.SrtpFailures;
            changed.Remove(participant);
            CreateOffers(changed);
        }

        foreach (Producer producer in producers) producer.Dispose();
        participant.PublisherTransport?.Close();
        participant.SubscriberTransport.Close();
        participant.SignalOfferChanged();
        RaiseOfferChanged(changed);
        ParticipantLeft?.Invoke(participant, reason);
        return true;
    }

    /// <summary>Leave from a transport callback: run elsewhere so the receive loop is not blocked by, or re-entered from, closing its own transport.</summary>
    internal void QueueLeave(string participantId, ParticipantLeaveReason reason) =>
        ThreadPool.QueueUserWorkItem(static state => state.Room.Leave(state.Id, state.Reason), (Room: this, Id: participantId, Reason: reason), preferLocal: false);

    public SubscriberOffer? GetSubscriberOffer(string participantId)
    {
        lock (_sync) return _participants.GetValueOrDefault(participantId)?.Negotiation.Current;
    }

    /// <summary>
    /// Completes with the participant's subscriber offer once its version exceeds <paramref name="afterVersion"/>;
    /// null when the participant is unknown or leaves. The long-poll the control API exposes.
    /// </summary>
    public async Task<SubscriberOffer?> WaitForSubscriberOfferAsync(string participantId, long afterVersion, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_sync)
            {
                if (!_participants.TryGetValue(participantId, out Participant? participant)) return null;
                if (participant.Negotiation.Current is { } current && current.Version > afterVersion) return current;
                changed = participant.OfferChanged;
            }

            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public RoomStats GetStats()
    {
        lock (_sync)
        {
            RoomTotals totals = _departed;
            int producers = 0, consumers = 0;
            foreach (Participant participant in _participants.Values)
            {
                foreach (Producer producer in participant.Producers)
                {
                    producers++;
                    totals.Add(producer);
                }

                foreach (Consumer consumer in participant.Consumers)
                {
                    consumers++;
                    totals.Add(consumer);
                }

                totals.Drops += participant.Drops;
                totals.SrtpFailures += (participant.PublisherTransport?.SrtpFailures ?? 0) + participant.SubscriberTransport.SrtpFailures;
            }

            return totals.ToStats(Id, MaxParticipants, _participants.Count, producers, consumers);
        }
    }

    /// <summary>Closes the room only if no one is in it, atomically with respect to joins (which then see room_closed).</summary>
    public bool TryCloseIfEmpty()
    {
        lock (_sync)
        {
            if (_closed || _participants.Count > 0) return false;
            _closed = true;
        }

        _timer.Dispose();
        return true;
    }

    public void Dispose()
    {
        string[] ids;
        lock (_sync)
        {
            if (_closed) return;
            _closed = true;
            ids = [.. _participants.Keys];
        }

        _timer.Dispose();
        foreach (string id in ids) Leave(id, ParticipantLeaveReason.RoomClosed);
    }

    private void OnTick()
    {
        if (Interlocked.Exchange(ref _ticking, 1) == 1) return; // the previous tick is still running
        try
        {
            long now = Time.GetTimestamp();
            bool reportDue = now - _lastReport >= _reportTicks;
            if (reportDue) _lastReport = now;
            foreach (Participant participant in Volatile.Read(ref _snapshot))
            {
                foreach (Producer producer in participant.Producers) producer.OnTick(now, reportDue);
            }
        }
        finally
        {
            Volatile.Write(ref _ticking, 0);
        }
    }

    private bool TryFind(string participantId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Participant? participant, out RoutingError? error)
    {
        if (_participants.TryGetValue(participantId, out participant))
        {
            error = null;
            return true;
        }

        error = new RoutingError(RoutingError.UnknownParticipant, "no such participant in this room");
        return false;
    }

    private void AddProducer(Participant publisher, ProducerDescription description, HashSet<Participant> changed)
    {
        var producer = new Producer(publisher.Id + "-" + description.Mid, publisher, description, publisher.PublisherTransport!, publisher.FeedbackSsrc, _options, Time);
        publisher.SetProducers([.. publisher.Producers, producer]);
        foreach (Participant subscriber in _participants.Values)
        {
            if (subscriber == publisher && !publisher.SubscribesToSelf) continue;
            AddConsumer(subscriber, producer);
            changed.Add(subscriber);
        }
    }

    private void AddConsumer(Participant subscriber, Producer producer)
    {
        uint ssrc;
        do ssrc = (uint)Random.Shared.NextInt64(1, uint.MaxValue);
        while (subscriber.IsSsrcInUse(ssrc));

        string mid = subscriber.Negotiation.NextMid();
        int payloadType = RoutingCapabilities.SubscriberPayloadType(producer.Kind);
        var consumer = new Consumer(subscriber.Id + "-" + mid, mid, producer, subscriber, subscriber.SubscriberTransport, ssrc, payloadType, _options, Time.TimestampFrequency);
        var track = new SdpOutgoingTrack(
            mid,
            producer.Kind.ToSdp(),
            StreamId: producer.Publisher.Id,
            TrackId: producer.Id,
            Ssrc: ssrc,
            Cname: "rc-" + producer.Publisher.Id,
            Codec: RoutingCapabilities.For(producer.Kind),
            PayloadType: payloadType,
            HeaderExtensions: RoutingCapabilities.SubscriberExtensions(producer.Kind));
        subscriber.Negotiation.Add(consumer, track);
        subscriber.SetConsumers([.. subscriber.Consumers, consumer]);
        producer.AddConsumer(consumer);
    }

    private void ReplaceProducer(Producer old, ProducerDescription description)
    {
        Participant publisher = old.Publisher;
        var replacement = new Producer(old.Id, publisher, description, publisher.PublisherTransport!, publisher.FeedbackSsrc, _options, Time);
        foreach (Consumer consumer in old.Consumers)
        {
            consumer.Attach(replacement);
            replacement.AddConsumer(consumer);
        }

        publisher.SetProducers([.. publisher.Producers.Select(p => p == old ? replacement : p)]);
        _departed.Add(old);
        replacement.KeyFrames.Request();
    }

    private void CloseProducer(Producer producer, HashSet<Participant> changed)
    {
        foreach (Consumer consumer in producer.Consumers)
        {
            Participant subscriber = consumer.Subscriber;
            if (subscriber.Negotiation.Stop(consumer)) changed.Add(subscriber);
            subscriber.SetConsumers([.. subscriber.Consumers.Where(c => c != consumer)]);
            producer.RemoveConsumer(consumer);
            _departed.Add(consumer);
            consumer.Dispose();
        }

        producer.Publisher.SetProducers([.. producer.Publisher.Producers.Where(p => p != producer)]);
        _departed.Add(producer);
        producer.Dispose();
    }

    private static void CreateOffers(HashSet<Participant> changed)
    {
        foreach (Participant subscriber in changed)
        {
            if (!subscriber.HasLeft) subscriber.Negotiation.CreateOffer(subscriber.SubscriberTransport.LocalParameters);
        }
    }

    private void RaiseOfferChanged(HashSet<Participant> changed)
    {
        foreach (Participant subscriber in changed)
        {
            if (subscriber.HasLeft || subscriber.Negotiation.Current is not { } offer) continue;
            subscriber.SignalOfferChanged();
            SubscriberOfferChanged?.Invoke(offer);
        }
    }

    private static string NewId() => "p" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
}
