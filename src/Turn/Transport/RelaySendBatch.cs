using RedConnect.Turn.Allocations;
using RedConnect.Turn.Interop;

namespace RedConnect.Turn.Transport;

/// <summary>
/// The client → peer half of a UDP listener's receive batch: ChannelData payloads routed to their relay
/// sockets are queued here (pointing into the receive slots, no copy) and sent with one <c>sendmmsg</c> per
/// relay socket when the batch has been handled, instead of one <c>sendto</c> per datagram. Datagrams of
/// one relay socket keep their order; different allocations are independent flows, so grouping by socket
/// reorders nothing that matters. Owned by one listener thread; allocation-free after construction.
/// </summary>
internal sealed unsafe class RelaySendBatch : IDisposable
{
    private readonly RelaySocket?[] _relays;
    private readonly byte*[] _data;
    private readonly int[] _lengths;
    private readonly ChannelBinding?[] _channels;
    private readonly DatagramBatch _send;
    private int _count;

    public RelaySendBatch(int capacity)
    {
        _relays = new RelaySocket?[capacity];
        _data = new byte*[capacity];
        _lengths = new int[capacity];
        _channels = new ChannelBinding?[capacity];
        _send = new DatagramBatch(capacity, 0);
    }

    public int Count => _count;

    /// <summary>Queues <paramref name="length"/> bytes at <paramref name="data"/> (which must stay valid until
    /// <see cref="Flush"/>) for the channel's peer. Flushes first when full.</summary>
    public void Add(RelaySocket relay, ChannelBinding channel, byte* data, int length)
    {
        if (_count == _relays.Length)
        {
            Flush();
        }

        _relays[_count] = relay;
        _channels[_count] = channel;
        _data[_count] = data;
        _lengths[_count] = length;
        _count++;
    }

    /// <summary>Sends everything queued: one sendmmsg per distinct relay socket. Errors drop datagrams, as UDP would.</summary>
    public void Flush()
    {
        var count = _count;
        for (var i = 0; i < count; i++)
        {
            var relay = _relays[i];
            if (relay is null)
            {
                continue;
            }

            // Gather every queued datagram for this relay socket (in order) into contiguous headers.
            var n = 0;
            for (var j = i; j < count; j++)
            {
                if (ReferenceEquals(_relays[j], relay))
                {
                    var channel = _channels[j]!;
                    _send.SetSend(n++, _data[j], _lengths[j], channel.PeerSockAddr.AsSpan(0, channel.PeerSockAddrLength));
                    _relays[j] = null;
                    _channels[j] = null;
                }
            }

            relay.TrySendBatch(_send.Messages, n);
        }

        _count = 0;
    }

    public void Dispose() => _send.Dispose();
}
