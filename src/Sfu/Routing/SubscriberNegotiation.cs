using System.Globalization;
using RedConnect.Sfu.Sdp;

namespace RedConnect.Sfu.Routing;

/// <summary>One version of the SFU's offer on a subscriber connection.</summary>
public sealed record SubscriberOffer(string ParticipantId, string Sdp, long Version);

/// <summary>
/// The SFU's side of one subscriber connection's offer/answer (RFC 3264, RFC 8829 §5.2): the m= sections
/// in order, each a live consumer, a stopped one (a stopped section stays, port 0, because an m= line can
/// never be removed, RFC 3264 §8.2) or — the first section only — an idle one that keeps the bundled transport
/// (see <see cref="Stop"/>), the o= version that grows with every new offer (RFC 8866 §5.2), and
/// which sections the browser accepted. Accessed under the room lock only.
/// </summary>
internal sealed class SubscriberNegotiation
{
    private readonly string _participantId;
    private readonly string _sessionId = Random.Shared.NextInt64(1, long.MaxValue).ToString(CultureInfo.InvariantCulture);
    private readonly List<Section> _sections = [];
    private int _nextMid;
    private long _version;

    private sealed class Section(string mid, Consumer consumer, SdpOutgoingTrack track)
    {
        public string Mid { get; } = mid;
        public Consumer Consumer { get; } = consumer;
        public SdpOutgoingTrack Track { get; set; } = track;
    }

    public SubscriberNegotiation(string participantId) => _participantId = participantId;

    /// <summary>The latest offer, null while there was never anything to receive.</summary>
    public SubscriberOffer? Current { get; private set; }

    /// <summary>True once the browser's ICE and DTLS parameters were taken from an answer.</summary>
    public bool RemoteParametersSet { get; set; }

    public string NextMid() => (_nextMid++).ToString(CultureInfo.InvariantCulture);

    public bool HasSections => _sections.Count > 0;

    public void Add(Consumer consumer, SdpOutgoingTrack track) => _sections.Add(new Section(consumer.Mid, consumer, track));

    /// <summary>
    /// Marks the consumer's section stopped (port 0); true when it was live. The first section only idles
    /// (a=inactive, no SSRCs, still bundled): it carries the BUNDLE transport, and once every section is
    /// rejected the browser closes that transport — a participant whose last remote track went would lose its
    /// subscriber connection, and with it its place in the room.
    /// </summary>
    public bool Stop(Consumer consumer)
    {
        int index = _sections.FindIndex(s => s.Consumer == consumer);
        if (index < 0) return false;
        Section section = _sections[index];
        if (section.Track.Stopped || section.Track.Idle) return false;
        section.Track = index == 0 ? section.Track with { Idle = true } : section.Track with { Stopped = true };
        return true;
    }

    public SubscriberOffer CreateOffer(SdpTransportParameters transport)
    {
        _version++;
        SessionDescription offer = SdpOfferBuilder.CreateSubscriberOffer(transport, _sections.Select(s => s.Track).ToArray(), _sessionId, (ulong)_version);
        Current = new SubscriberOffer(_participantId, offer.ToString(), _version);
        return Current;
    }

    /// <summary>
    /// Applies the browser's answer: it must keep us the DTLS server (RFC 5763 §5); each live section it
    /// accepted activates its consumer, with the payload type the answer lists for our codec.
    /// </summary>
    public bool TryApplyAnswer(SessionDescription answer, List<Consumer> activated, out string? error)
    {
        if (Current is null)
        {
            error = "no subscriber offer is outstanding";
            return false;
        }

        if (!SdpOfferBuilder.TryCheckAnswer(answer, out IReadOnlyList<string> accepted, out error)) return false;
        foreach (Section section in _sections)
        {
            if (section.Track.Stopped || section.Track.Idle || !accepted.Contains(section.Mid) || section.Consumer.IsActive) continue;
            MediaDescription? media = answer.FindMedia(section.Mid);
            SdpCodec? codec = media is null ? null : SdpCodec.FromMedia(media).FirstOrDefault(c => section.Track.Codec.Matches(c));
            if (codec is null) continue; // the browser accepted the section without our codec: nothing to send
            section.Consumer.PayloadType = codec.PayloadType;
            section.Consumer.Activate();
            activated.Add(section.Consumer);
        }

        error = null;
        return true;
    }
}
