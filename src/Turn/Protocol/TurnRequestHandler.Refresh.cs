using RedConnect.Stun;
using RedConnect.Turn.Allocations;

namespace RedConnect.Turn.Protocol;

// RFC 8656 §8.2: receiving a Refresh request.
internal sealed partial class TurnRequestHandler
{
    private int HandleRefresh(in ClientOrigin origin, in StunMessageReader message, Span<byte> response)
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

            // §8.2: a REQUESTED-ADDRESS-FAMILY the allocation does not have is 443.
            if (message.TryGetValue(StunAttributeType.RequestedAddressFamily, out var familyValue)
                && (!StunAttributeValue.TryReadAddressFamily(familyValue, out var family) || allocation.RelayFor(family) is null))
            {
                return WriteError(response, message, StunErrorCode.PeerAddressFamilyMismatch, null, allocation.IntegrityKey);
            }

            uint lifetime = 0;
            var delete = message.TryGetUInt32(StunAttributeType.Lifetime, out var requested) && requested == 0;
            if (!delete)
            {
                lifetime = GrantedLifetime(message);
                allocation.ExpiresAt = ExpiryAfter(lifetime);
            }

            var writer = new StunMessageWriter(response, StunMethod.Refresh, StunClass.SuccessResponse, message.TransactionId);
            writer.AddUInt32(StunAttributeType.Lifetime, lifetime);
            var length = Finish(ref writer, message, null, allocation.IntegrityKey);
            if (delete)
            {
                // §8.2: LIFETIME 0 deletes the allocation; the response still goes out (signed above).
                allocation.ExpiresAt = 0;
                _allocations.Remove(allocation);
            }

            return length;
        }
    }

    /// <summary>437 for a request that needs an allocation on a 5-tuple without one (RFC 8656 §8.2, §10.2, §12.2),
    /// after the credentials check so an unauthenticated client learns nothing.</summary>
    private int NoAllocation(in ClientOrigin origin, in StunMessageReader message, Span<byte> response)
    {
        var authError = AuthenticateNew(origin, message, response, out _, out var key);
        return authError != 0 ? authError : WriteError(response, message, StunErrorCode.AllocationMismatch, key, null);
    }
}
