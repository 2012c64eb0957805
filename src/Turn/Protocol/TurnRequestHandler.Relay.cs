using System.Diagnostics.CodeAnalysis;
using RedConnect.Stun;
using RedConnect.Turn.Allocations;
using RedConnect.Turn.Transport;
using RedConnect.Turn.Interop;

namespace RedConnect.Turn.Protocol;

// Client → peer: Send indications (RFC 8656 §11.2) and ChannelData (§12.6). Allocation-free per packet.
internal sealed partial class TurnRequestHandler
{
    /// <summary>
    /// Relays a ChannelData message from a client to the bound peer (§12.6). Dropped silently when the
    /// 5-tuple has no allocation, the channel is not bound, or the bandwidth cap is exhausted.
    /// </summary>
    public bool RelayChannelData(in ClientOrigin origin, ReadOnlySpan<byte> message) =>
        TryRouteChannelData(origin.FiveTuple, message, out var relay, out var channel, out var data)
        && relay.TrySend(data, channel.PeerSockAddr, channel.PeerSockAddrLength);

    /// <summary>The lookup half of <see cref="RelayChannelData"/>: which relay socket sends <paramref name="data"/>
    /// to which bound peer. Separate so the benchmark can replace the socket with a sink.</summary>
    internal bool TryRouteChannelData(in FiveTuple fiveTuple, ReadOnlySpan<byte> message,
        [NotNullWhen(true)] out RelaySocket? relay, [NotNullWhen(true)] out ChannelBinding? channel, out ReadOnlySpan<byte> data)
    {
        relay = null;
        channel = null;
        if (!ChannelDataMessage.TryRead(message, out var number, out data)
            || !_allocations.TryGet(fiveTuple, out var allocation))
        {
            return false;
        }

        channel = allocation.FindChannel(number);
        if (channel is null
            || (allocation.ClientToPeerBucket is { } bucket && !bucket.TryConsume(data.Length, _time.GetTimestamp())))
        {
            return false;
        }

        relay = allocation.RelayFor(channel.Peer.Family);
        return relay is not null;
    }

    /// <summary>
    /// Relays a Send indication (§11.2): XOR-PEER-ADDRESS and DATA are required, and a permission for the
    /// peer's IP must exist (policy was checked when it was installed). Anything else is dropped.
    /// </summary>
    private void RelaySendIndication(in ClientOrigin origin, in StunMessageReader message)
    {
        if (!_allocations.TryGet(origin.FiveTuple, out var allocation)
            || !message.TryGetXorAddress(StunAttributeType.XorPeerAddress, out var peer)
            || !message.TryGetValue(StunAttributeType.Data, out var data)
            || !allocation.HasPermission(peer))
        {
            return;
        }

        var relay = allocation.RelayFor(peer.Family);
        if (relay is null
            || (allocation.ClientToPeerBucket is { } bucket && !bucket.TryConsume(data.Length, _time.GetTimestamp())))
        {
            return;
        }

        Span<byte> sockaddr = stackalloc byte[LinuxSockets.SockAddrSize];
        var length = SockAddr.Write(peer, sockaddr);
        relay.TrySend(data, sockaddr, length);
    }
}
