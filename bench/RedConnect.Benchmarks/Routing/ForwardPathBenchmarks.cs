using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using RedConnect.Sfu.Routing;
using RedConnect.Sfu.Rtp;
using RedConnect.Sfu.Sdp;
using RedConnect.Sfu.Srtp;

namespace RedConnect.Benchmarks.Routing;

/// <summary>
/// The SFU's per-packet path for one incoming video packet: SRTP unprotect (publisher's receive
/// context) → Room/Producer/Consumer routing (extension ids mapped, SSRC/seq/ts/PT rewritten) →
/// SRTP protect once per subscriber. <see cref="PublisherProtect"/> is the synthetic browser's own
/// protect, which each <see cref="Forward"/> op also pays to get a fresh, non-replayed packet: the
/// SFU's cost is Forward − PublisherProtect.
/// dotnet run -c Release --project bench/RedConnect.Benchmarks -- --filter '*ForwardPath*' --job short
/// </summary>
[MemoryDiagnoser]
public class ForwardPathBenchmarks
{
    private const uint PublisherSsrc = 0x0BADCAFE;
    private Room _room = null!;
    private BenchmarkTransport _publisher = null!;
    private SrtpContext _browserSend = null!;
    private SrtpContext _sfuReceive = null!;
    private byte[] _plain = null!;
    private byte[] _wire = null!;
    private int _plainLength;
    private ushort _sequenceNumber;
    private uint _timestamp;

    [Params(SrtpProfile.Aes128CmHmacSha1_80, SrtpProfile.AeadAes128Gcm)]
    public SrtpProfile Profile { get; set; }

    [Params(1, 8)]
    public int Subscribers { get; set; }

    [Params(100, 1200)]
    public int PayloadSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var factory = new BenchmarkTransportFactory(Profile);
        _room = new Room("bench", Subscribers + 1, factory);
        if (!_room.TryJoin(null, PublisherOffer(), out _, out RoutingError? error)) throw new InvalidOperationException(error!.ToString());
        _publisher = factory.Created[0];
        for (int i = 0; i < Subscribers; i++)
        {
            if (!_room.TryJoin(null, null, out JoinOutcome? joined, out error)) throw new InvalidOperationException(error!.ToString());
            if (!_room.TrySetSubscriberAnswer(joined!.Participant.Id, BrowserAnswer(joined.SubscriberOffer!.Sdp), out error)) throw new InvalidOperationException(error!.ToString());
        }

        var key = new SrtpMasterKey(Enumerable.Range(1, 16).Select(i => (byte)i).ToArray(), Enumerable.Range(50, Profile.SaltLength()).Select(i => (byte)i).ToArray());
        _browserSend = new SrtpContext(Profile, key);
        _sfuReceive = new SrtpContext(Profile, key);

        Span<byte> extensions = stackalloc byte[16];
        RtpPacketWriter.TryWriteOneByteElement(extensions, 9, "1"u8, out int midLength);
        RtpPacketWriter.TryWriteOneByteElement(extensions.Slice(midLength), 7, [1, 2, 3], out int astLength);
        _plain = new byte[1600];
        RtpPacketWriter.TryWrite(_plain, 120, false, 0, 0, PublisherSsrc, [], extensions.Slice(0, midLength + astLength), new byte[PayloadSize], out _plainLength);
        _wire = new byte[1600];
        for (int i = 0; i < 64; i++) Forward(); // warm the SSRC state of every context
    }

    [GlobalCleanup]
    public void Cleanup() => _room.Dispose();

    [Benchmark(Baseline = true)]
    public int PublisherProtect()
    {
        _plain.AsSpan(0, _plainLength).CopyTo(_wire);
        RtpHeaderWriter.SetSequenceNumber(_wire, ++_sequenceNumber);
        _browserSend.ProtectRtp(_wire, _plainLength, out int length);
        return length;
    }

    [Benchmark]
    public int Forward()
    {
        _plain.AsSpan(0, _plainLength).CopyTo(_wire);
        RtpHeaderWriter.SetSequenceNumber(_wire, ++_sequenceNumber);
        RtpHeaderWriter.SetTimestamp(_wire, _timestamp += 3000);
        _browserSend.ProtectRtp(_wire, _plainLength, out int protectedLength);

        // What WebRtcTransport does per datagram, then hands to routing.
        if (_sfuReceive.UnprotectRtp(_wire.AsSpan(0, protectedLength), out int length) != SrtpResult.Ok) throw new InvalidOperationException("unprotect failed");
        _publisher.Listener.OnRtp(_publisher, _wire.AsSpan(0, length));
        return length;
    }

    private static string PublisherOffer()
    {
        const string fingerprint = "sha-256 1F:1F:1F:1F:1F:1F:1F:1F:1F:1F:1F:1F:1F:1F:1F:1F:1F:1F:1F:1F:1F:1F:1F:1F:1F:1F:1F:1F:1F:1F:1F:1F";
        return "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 1\r\n"
            + "m=video 9 UDP/TLS/RTP/SAVPF 120\r\nc=IN IP4 0.0.0.0\r\n"
            + $"a=ice-ufrag:pubA\r\na=ice-pwd:publisherPassword0123456789\r\na=fingerprint:{fingerprint}\r\na=setup:actpass\r\na=mid:1\r\n"
            + "a=extmap:7 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time\r\na=extmap:9 urn:ietf:params:rtp-hdrext:sdes:mid\r\n"
            + "a=sendonly\r\na=msid:s v\r\na=rtcp-mux\r\na=rtpmap:120 VP8/90000\r\na=rtcp-fb:120 nack\r\na=rtcp-fb:120 nack pli\r\n"
            + $"a=ssrc:{PublisherSsrc.ToString(CultureInfo.InvariantCulture)} cname:bench\r\n";
    }

    /// <summary>What a browser answers to a subscriber offer: every live section recvonly with a=setup:active.</summary>
    private static string BrowserAnswer(string offerSdp)
    {
        SdpParser.TryParse(offerSdp, out SessionDescription? offer, out _);
        var sdp = new StringBuilder("v=0\r\no=- 9 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n");
        sdp.Append("a=group:BUNDLE ").AppendJoin(' ', offer!.Media.Select(m => m.Mid)).Append("\r\n");
        foreach (MediaDescription media in offer.Media)
        {
            sdp.Append(CultureInfo.InvariantCulture, $"m={media.Kind} 9 {media.Protocol} {string.Join(' ', media.Formats)}\r\nc=IN IP4 0.0.0.0\r\n");
            sdp.Append(CultureInfo.InvariantCulture, $"a=ice-ufrag:subB\r\na=ice-pwd:subscriberPassword0123456789\r\na=fingerprint:{media.Fingerprints[0]}\r\na=setup:active\r\na=mid:{media.Mid}\r\na=recvonly\r\na=rtcp-mux\r\n");
            foreach (SdpAttribute attribute in media.Attributes.Where(a => a.Name is "rtpmap" or "fmtp" or "rtcp-fb"))
            {
                sdp.Append(CultureInfo.InvariantCulture, $"a={attribute.Name}:{attribute.Value}\r\n");
            }
        }

        return sdp.ToString();
    }
}
