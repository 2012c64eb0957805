using Microsoft.Extensions.Logging;
using RedConnect.Stun;
using RedConnect.Turn.Allocations;
using RedConnect.Turn.Security;

namespace RedConnect.Turn.Protocol;

// RFC 8656 §10.2 (CreatePermission) and §12.2 (ChannelBind).
internal sealed partial class TurnRequestHandler
{
    private const int MaxPeersPerRequest = 16;

    private int HandleCreatePermission(in ClientOrigin origin, in StunMessageReader message, Span<byte> response)
    {
        if (!_allocations.TryGet(origin.FiveTuple, out var allocation))
        {
            return NoAllocation(origin, message, response);
        }

        lock (allocation.Gate)
        {
            if (allocation.IsDisposed)
            {
                return NoAllocation(origin, message, response);
            }

            var authError = AuthenticateOnAllocation(origin, message, allocation, response);
            if (authError != 0)
            {
                return authError;
            }

            // §10.2: one or more XOR-PEER-ADDRESS; all are checked before any permission is installed.
            Span<StunAddress> peers = stackalloc StunAddress[MaxPeersPerRequest];
            var count = 0;
            foreach (var attribute in message.Attributes)
            {
                if (attribute.Type != StunAttributeType.XorPeerAddress)
                {
                    continue;
                }

                if (count == MaxPeersPerRequest || !StunAddress.TryParseXor(attribute.Value, message.TransactionId, out var peer))
                {
                    return WriteError(response, message, StunErrorCode.BadRequest, null, allocation.IntegrityKey);
                }

                var refusal = CheckPeer(allocation, peer);
                if (refusal != 0)
                {
                    return WriteError(response, message, refusal, null, allocation.IntegrityKey);
                }

                peers[count++] = peer;
            }

            if (count == 0)
            {
                return WriteError(response, message, StunErrorCode.BadRequest, null, allocation.IntegrityKey);
            }

            foreach (var peer in peers[..count])
            {
                if (!allocation.CanInstallPermission(peer))
                {
                    return WriteError(response, message, StunErrorCode.InsufficientCapacity, null, allocation.IntegrityKey);
                }
            }

            var expiresAt = ExpiryAfter(_options.PermissionLifetimeSeconds);
            foreach (var peer in peers[..count])
            {
                allocation.InstallPermission(peer, expiresAt);
            }

            var writer = new StunMessageWriter(response, StunMethod.CreatePermission, StunClass.SuccessResponse, message.TransactionId);
            return Finish(ref writer, message, null, allocation.IntegrityKey);
        }
    }

    private int HandleChannelBind(in ClientOrigin origin, in StunMessageReader message, Span<byte> response)
    {
        if (!_allocations.TryGet(origin.FiveTuple, out var allocation))
        {
            return NoAllocation(origin, message, response);
        }

        lock (allocation.Gate)
        {
            if (allocation.IsDisposed)
            {
                return NoAllocation(origin, message, response);
            }

            var authError = AuthenticateOnAllocation(origin, message, allocation, response);
            if (authError != 0)
            {
                return authError;
            }

            // §12.2: CHANNEL-NUMBER in range (see ChannelBinding.MaxNumber) and XOR-PEER-ADDRESS are required (400 otherwise).
            if (!message.TryGetValue(StunAttributeType.ChannelNumber, out var channelValue)
                || !StunAttributeValue.TryReadChannelNumber(channelValue, out var number)
                || !ChannelBinding.IsValidNumber(number)
                || !message.TryGetXorAddress(StunAttributeType.XorPeerAddress, out var peer))
            {
                return WriteError(response, message, StunErrorCode.BadRequest, null, allocation.IntegrityKey);
            }

            var refusal = CheckPeer(allocation, peer);
            if (refusal != 0)
            {
                return WriteError(response, message, refusal, null, allocation.IntegrityKey);
            }

            // §12.2: the channel must not be bound to another peer, nor the peer to another channel.
            var byNumber = allocation.FindChannel(number);
            var byPeer = allocation.FindChannel(peer);
            if ((byNumber is not null && byNumber.Peer != peer) || (byPeer is not null && byPeer.Number != number))
            {
                _log.LogDebug("ChannelBind {Channel} to {Peer} conflicts with {Existing}", number, peer,
                    byNumber is not null ? $"{byNumber.Number:x4} → {byNumber.Peer}" : $"{byPeer!.Number:x4} → {byPeer.Peer}");
                return WriteError(response, message, StunErrorCode.BadRequest, null, allocation.IntegrityKey);
            }

            if ((byNumber is null && allocation.ChannelCount >= Allocation.MaxChannels) || !allocation.CanInstallPermission(peer))
            {
                return WriteError(response, message, StunErrorCode.InsufficientCapacity, null, allocation.IntegrityKey);
            }

            // Binding (or refreshing) a channel also installs or refreshes the permission (§12.2).
            allocation.BindChannel(number, peer, ExpiryAfter(_options.ChannelLifetimeSeconds));
            allocation.InstallPermission(peer, ExpiryAfter(_options.PermissionLifetimeSeconds));
            var writer = new StunMessageWriter(response, StunMethod.ChannelBind, StunClass.SuccessResponse, message.TransactionId);
            return Finish(ref writer, message, null, allocation.IntegrityKey);
        }
    }

    /// <summary>443 when the allocation has no relayed address of the peer's family (§10.2, §12.2); 403 when
    /// the peer address policy refuses the peer (§9, §21.2.3); 0 when the peer is acceptable.</summary>
    private int CheckPeer(Allocation allocation, StunAddress peer)
    {
        if (allocation.RelayFor(peer.Family) is null)
        {
            return StunErrorCode.PeerAddressFamilyMismatch;
        }

        return _policy.IsAllowed(ToUInt128(peer)) ? 0 : StunErrorCode.Forbidden;
    }

    /// <summary>The peer address in the policy's 128-bit space (IPv4 as IPv4-mapped IPv6).</summary>
    internal static UInt128 ToUInt128(StunAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        var length = address.CopyAddressTo(bytes);
        if (length == 4)
        {
            return IpRange.MappedPrefix | System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes);
        }

        return System.Buffers.Binary.BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }
}
