using System.Collections.Concurrent;
using System.Net;
using RedConnect.Stun;

namespace RedConnect.Sfu.Node;

/// <summary>
/// Finds the transport a datagram on the shared media port belongs to. RFC 7983 §7 classes it by its first
/// byte: 0–3 STUN, 20–63 DTLS, 128–191 RTP/RTCP (RTCP when the second byte is 192–223, RFC 5761 §4).
/// STUN is routed by the local ufrag in USERNAME (RFC 8445 §7.3, "local:remote"), which is how a transport
/// learns a new peer address; DTLS and SRTP only by a source address that a valid ICE check registered.
/// Anything else is dropped and counted, never answered.
/// </summary>
internal sealed class MediaPortDemultiplexer
{
    /// <summary>Longest local ufrag looked up (ours are 8; RFC 8839 allows 256, but none of those are ours).</summary>
    private const int MaxUfragLength = 64;

    private readonly ConcurrentDictionary<string, WebRtcTransport> _byUfrag = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, WebRtcTransport>.AlternateLookup<ReadOnlySpan<char>> _byUfragSpan;
    private readonly ConcurrentDictionary<StunAddress, WebRtcTransport> _byAddress = new();

    public MediaPortDemultiplexer()
    {
        _byUfragSpan = _byUfrag.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public void Dispatch(ReceiveLoop loop, Span<byte> datagram, SocketAddress source)
    {
        if (datagram.IsEmpty)
        {
            loop.Counters.Dropped++;
            return;
        }

        byte first = datagram[0];
        if (first <= 3)
        {
            DispatchStun(loop, datagram, source);
            return;
        }

        bool dtls = first is >= 20 and <= 63;
        if (!dtls && first is not (>= 128 and <= 191))
        {
            // TURN ChannelData (64–79), ZRTP, QUIC or noise: nothing we speak.
            loop.Counters.Dropped++;
            return;
        }

        if (!SocketAddressConversion.TryGetStunAddress(source, out StunAddress from)
            || !_byAddress.TryGetValue(from, out WebRtcTransport? transport))
        {
            loop.Counters.UnknownSourceDatagrams++;
            return;
        }

        if (dtls)
        {
            transport.ReceiveDtls(datagram);
        }
        else
        {
            transport.ReceiveSrtp(datagram, rtcp: datagram.Length > 1 && datagram[1] is >= 192 and <= 223);
        }
    }

    public bool TryAddUfrag(string ufrag, WebRtcTransport transport) => _byUfrag.TryAdd(ufrag, transport);

    public void ChangeUfrag(string oldUfrag, string newUfrag, WebRtcTransport transport)
    {
        _byUfrag.TryAdd(newUfrag, transport);
        _byUfrag.TryRemove(new KeyValuePair<string, WebRtcTransport>(oldUfrag, transport));
    }

    /// <summary>A valid check from <paramref name="address"/>: its DTLS and SRTP now reach the transport.</summary>
    public void RegisterAddress(StunAddress address, WebRtcTransport transport) => _byAddress[address] = transport;

    public void UnregisterAddress(StunAddress address, WebRtcTransport transport) =>
        _byAddress.TryRemove(new KeyValuePair<StunAddress, WebRtcTransport>(address, transport));

    public void Unregister(string ufrag, IEnumerable<StunAddress> addresses, WebRtcTransport transport)
    {
        _byUfrag.TryRemove(new KeyValuePair<string, WebRtcTransport>(ufrag, transport));
        foreach (StunAddress address in addresses)
        {
            UnregisterAddress(address, transport);
        }
    }

    private void DispatchStun(ReceiveLoop loop, Span<byte> datagram, SocketAddress source)
    {
        if (!StunMessageReader.TryParse(datagram, out StunMessageReader message))
        {
            loop.Counters.MalformedStun++;
            return;
        }

        if (message.Class != StunClass.Request || message.Method != StunMethod.Binding)
        {
            // A lite agent sends no requests, so expects no responses; indications need no answer.
            loop.Counters.Dropped++;
            return;
        }

        if (!message.TryGetValue(StunAttributeType.Username, out ReadOnlySpan<byte> username))
        {
            loop.Counters.UnauthenticatedStun++;
            return;
        }

        int colon = username.IndexOf((byte)':');
        ReadOnlySpan<byte> local = colon < 0 ? username : username[..colon];
        Span<char> ufrag = stackalloc char[MaxUfragLength];
        if (local.IsEmpty || local.Length > MaxUfragLength || !TryWidenAscii(local, ufrag)
            || !_byUfragSpan.TryGetValue(ufrag[..local.Length], out WebRtcTransport? transport)
            || !SocketAddressConversion.TryGetStunAddress(source, out StunAddress from))
        {
            // Not one of our transports: no answer (we are not an open STUN server for reflection).
            loop.Counters.UnauthenticatedStun++;
            return;
        }

        transport.ReceiveStun(message, from, source, loop);
    }

    private static bool TryWidenAscii(ReadOnlySpan<byte> bytes, Span<char> chars)
    {
        for (int i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] >= 0x80)
            {
                return false;
            }

            chars[i] = (char)bytes[i];
        }

        return true;
    }
}
