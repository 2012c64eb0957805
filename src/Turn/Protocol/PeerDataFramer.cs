using System.Buffers.Binary;
using RedConnect.Stun;
using RedConnect.Turn.Allocations;
using RedConnect.Turn.Transport;

namespace RedConnect.Turn.Protocol;

/// <summary>
/// Peer → client framing (RFC 8656 §11.3, §12.7), in place: the peer's data already sits in a buffer after
/// <see cref="DatagramBatch.Headroom"/> bytes, and the header is written in front of it — ChannelData when a
/// channel is bound to the peer's transport address, else a Data indication when a permission exists for
/// its IP, else nothing (drop). Allocation-free.
/// </summary>
internal static class PeerDataFramer
{
    /// <summary>
    /// Frames <paramref name="length"/> bytes of peer data found at <c>slot[Headroom..]</c>. Returns false to drop
    /// (no permission, bandwidth cap); otherwise <paramref name="start"/>/<paramref name="frameLength"/> locate the
    /// frame to send inside <paramref name="slot"/>.
    /// </summary>
    public static bool TryFrame(Allocation allocation, StunAddress peer, Span<byte> slot, int length, long now,
        ref ulong transactionSeed, out int start, out int frameLength)
    {
        start = 0;
        frameLength = 0;
        var channel = allocation.FindChannel(peer);
        if (channel is null && !allocation.HasPermission(peer))
        {
            return false;
        }

        if (allocation.PeerToClientBucket is { } bucket && !bucket.TryConsume(length, now))
        {
            return false;
        }

        if (channel is not null)
        {
            start = DatagramBatch.Headroom - ChannelDataMessage.HeaderLength;
            ChannelDataMessage.WriteHeader(slot[start..], channel.Number, length);
            frameLength = ChannelDataMessage.HeaderLength + length;
            return true;
        }

        // Data indication: header (20) + XOR-PEER-ADDRESS (4 + 8|20) + DATA header (4), then the data in place.
        var headerLength = StunMessage.HeaderLength + StunMessage.AttributeHeaderLength + peer.ValueLength + StunMessage.AttributeHeaderLength;
        start = DatagramBatch.Headroom - headerLength;
        var total = headerLength + StunMessage.PaddedLength(length);
        Span<byte> transactionId = stackalloc byte[StunMessage.TransactionIdLength];
        NextTransactionId(ref transactionSeed, transactionId);
        var writer = new StunMessageWriter(slot.Slice(start, total), StunMethod.Data, StunClass.Indication, transactionId);
        writer.AddXorAddress(StunAttributeType.XorPeerAddress, peer);
        writer.AddAttribute(StunAttributeType.Data, length); // the value is already in place; only padding is written
        frameLength = writer.Length;
        return true;
    }

    /// <summary>Indications need unique, not secret, transaction ids (RFC 8489 §6): xorshift, no syscall.</summary>
    private static void NextTransactionId(ref ulong seed, Span<byte> destination)
    {
        var x = seed;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        seed = x;
        BinaryPrimitives.WriteUInt64LittleEndian(destination, x);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], (uint)(x >> 17) ^ 0x9E3779B9u);
    }
}
