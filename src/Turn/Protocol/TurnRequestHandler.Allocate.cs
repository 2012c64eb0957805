using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using RedConnect.Stun;
using RedConnect.Turn.Allocations;
using RedConnect.Turn.Transport;

namespace RedConnect.Turn.Protocol;

// RFC 8656 §7.2: receiving an Allocate request.
internal sealed partial class TurnRequestHandler
{
    private const byte UdpProtocol = 17;

    /// <summary>How long a port reserved by EVEN-PORT's R bit is held (RFC 8656 §7.2: about 30 seconds).</summary>
    private const int ReservationSeconds = 30;

    private int HandleAllocate(in ClientOrigin origin, in StunMessageReader message, Span<byte> response)
    {
        var fiveTuple = origin.FiveTuple;

        // §7.2 step 1: authentication comes first.
        var authError = AuthenticateNew(origin, message, response, out var username, out var key);
        if (authError != 0)
        {
            return authError;
        }

        // Step 2: an allocation already exists for this 5-tuple. A retransmission (same transaction id) gets
        // the original success response again; anything else is 437 Allocation Mismatch.
        if (_allocations.TryGet(fiveTuple, out var existing))
        {
            if (existing.AllocateTransactionId.AsSpan().SequenceEqual(message.TransactionId) && existing.AllocateResponse.Length <= response.Length)
            {
                existing.AllocateResponse.CopyTo(response);
                return existing.AllocateResponse.Length;
            }

            return WriteError(response, message, StunErrorCode.AllocationMismatch, key, null);
        }

        // Step 3: REQUESTED-TRANSPORT must be present (400) and UDP (442).
        if (!message.TryGetValue(StunAttributeType.RequestedTransport, out var transportValue)
            || !StunAttributeValue.TryReadRequestedTransport(transportValue, out var protocol))
        {
            return WriteError(response, message, StunErrorCode.BadRequest, key, null);
        }

        if (protocol != UdpProtocol)
        {
            return WriteError(response, message, StunErrorCode.UnsupportedTransportProtocol, key, null);
        }

        // Step 4: DONT-FRAGMENT is understood (the relay never fragments on its own; the kernel decides).
        // Step 5/6: RESERVATION-TOKEN excludes EVEN-PORT and REQUESTED-ADDRESS-FAMILY.
        var hasToken = message.TryGetUInt64(StunAttributeType.ReservationToken, out var token);
        var hasEvenPort = message.TryGetValue(StunAttributeType.EvenPort, out var evenPortValue);
        var hasRequestedFamily = message.TryGetValue(StunAttributeType.RequestedAddressFamily, out var familyValue);
        var hasAdditionalFamily = message.TryGetValue(StunAttributeType.AdditionalAddressFamily, out var additionalValue);
        if (message.Contains(StunAttributeType.ReservationToken) && !hasToken)
        {
            return WriteError(response, message, StunErrorCode.BadRequest, key, null);
        }

        if (hasToken && (hasEvenPort || hasRequestedFamily || hasAdditionalFamily))
        {
            return WriteError(response, message, StunErrorCode.BadRequest, key, null);
        }

        var reserveNext = false;
        if (hasEvenPort && !StunAttributeValue.TryReadEvenPort(evenPortValue, out reserveNext))
        {
            return WriteError(response, message, StunErrorCode.BadRequest, key, null);
        }

        // §7.2 step 7: REQUESTED-ADDRESS-FAMILY (440 when unknown or not offered); ADDITIONAL-ADDRESS-FAMILY
        // asks for IPv4 + IPv6 (only IPv6 is a legal value there, §18.11) and excludes REQUESTED-ADDRESS-FAMILY.
        var family = StunAddressFamily.IPv4;
        if (hasRequestedFamily)
        {
            if (hasAdditionalFamily)
            {
                return WriteError(response, message, StunErrorCode.BadRequest, key, null);
            }

            if (!StunAttributeValue.TryReadAddressFamily(familyValue, out family)
                || family is not (StunAddressFamily.IPv4 or StunAddressFamily.IPv6))
            {
                return WriteError(response, message, StunErrorCode.AddressFamilyNotSupported, key, null);
            }
        }

        var dual = false;
        if (hasAdditionalFamily)
        {
            if (!StunAttributeValue.TryReadAddressFamily(additionalValue, out var additional) || additional != StunAddressFamily.IPv6)
            {
                return WriteError(response, message, StunErrorCode.BadRequest, key, null);
            }

            dual = true;
        }

        var primaryIp = _relayPlan.Choose(family, origin.Listener, origin.Client);
        if (primaryIp is null && !hasToken)
        {
            return WriteError(response, message, StunErrorCode.AddressFamilyNotSupported, key, null);
        }

        var secondaryIp = dual ? _relayPlan.Choose(StunAddressFamily.IPv6, origin.Listener, origin.Client) : null;

        // Step 8: quotas (486).
        if (!_allocations.TryReserveQuota(username))
        {
            return WriteError(response, message, StunErrorCode.AllocationQuotaReached, key, null);
        }

        // Step 9: relay sockets (508 when the port range is exhausted or the token is unknown).
        Socket? primary;
        Socket? reserved = null;
        if (hasToken)
        {
            primary = _allocations.TakeReservation(token);
        }
        else
        {
            primary = _relaySockets.TryBind(primaryIp!, evenPort: hasEvenPort);
            if (primary is not null && hasEvenPort && reserveNext)
            {
                var port = ((System.Net.IPEndPoint)primary.LocalEndPoint!).Port;
                reserved = port < _options.MaxPort ? _relaySockets.TryBind(primaryIp!, false, port + 1) : null;
                if (reserved is null)
                {
                    primary.Dispose();
                    primary = null;
                }
            }
        }

        Socket? secondary = secondaryIp is null ? null : _relaySockets.TryBind(secondaryIp, evenPort: false);
        if (primary is null || (secondaryIp is not null && secondary is null))
        {
            primary?.Dispose();
            secondary?.Dispose();
            reserved?.Dispose();
            _allocations.ReleaseQuota(username);
            return WriteError(response, message, StunErrorCode.InsufficientCapacity, key, null);
        }

        var lifetime = GrantedLifetime(message);
        var relayPrimary = new RelaySocket(primary, _relayPlan.Announce(StunAddress.FromIPEndPoint((System.Net.IPEndPoint)primary.LocalEndPoint!)));
        var relaySecondary = secondary is null ? null
            : new RelaySocket(secondary, _relayPlan.Announce(StunAddress.FromIPEndPoint((System.Net.IPEndPoint)secondary.LocalEndPoint!)));
        var now = _time.GetTimestamp();
        var bucketIn = _options.MaxBps > 0 ? new TokenBucket(_options.MaxBps, now, _time.TimestampFrequency) : null;
        var bucketOut = _options.MaxBps > 0 ? new TokenBucket(_options.MaxBps, now, _time.TimestampFrequency) : null;
        var allocation = new Allocation(fiveTuple, origin.Listener, origin.ClientSockAddr, origin.Stream, username,
            Encoding.UTF8.GetBytes(username), key,
            relayPrimary.Family == StunAddressFamily.IPv4 ? relayPrimary : relaySecondary,
            relayPrimary.Family == StunAddressFamily.IPv6 ? relayPrimary : relaySecondary)
        {
            ClientToPeerBucket = bucketIn,
            PeerToClientBucket = bucketOut,
        };
        relayPrimary.Owner = allocation;
        if (relaySecondary is not null)
        {
            relaySecondary.Owner = allocation;
        }

        allocation.ExpiresAt = ExpiryAfter(lifetime);
        ulong reservationToken = 0;
        if (reserved is not null)
        {
            reservationToken = _allocations.Reserve(reserved, ExpiryAfter(ReservationSeconds));
        }

        // Step 10: the success response: XOR-RELAYED-ADDRESS (one per family), LIFETIME, RESERVATION-TOKEN,
        // XOR-MAPPED-ADDRESS; ADDRESS-ERROR-CODE when the additional IPv6 address could not be offered.
        var writer = new StunMessageWriter(response, StunMethod.Allocate, StunClass.SuccessResponse, message.TransactionId);
        writer.AddXorAddress(StunAttributeType.XorRelayedAddress, relayPrimary.Announced);
        if (relaySecondary is not null)
        {
            writer.AddXorAddress(StunAttributeType.XorRelayedAddress, relaySecondary.Announced);
        }
        else if (dual)
        {
            writer.AddAddressErrorCode(StunAddressFamily.IPv6, StunErrorCode.AddressFamilyNotSupported,
                StunErrorCode.GetDefaultReason(StunErrorCode.AddressFamilyNotSupported));
        }

        writer.AddUInt32(StunAttributeType.Lifetime, lifetime);
        if (reserved is not null)
        {
            writer.AddUInt64(StunAttributeType.ReservationToken, reservationToken);
        }

        writer.AddXorAddress(StunAttributeType.XorMappedAddress, origin.Client);
        int length;
        lock (allocation.Gate)
        {
            length = Finish(ref writer, message, null, allocation.IntegrityKey);
        }

        allocation.AllocateTransactionId = message.TransactionId.ToArray();
        allocation.AllocateResponse = response[..length].ToArray();
        if (!_allocations.TryAdd(allocation))
        {
            // Another thread created one for this 5-tuple in the meantime.
            _allocations.ReleaseQuota(username);
            allocation.Dispose();
            return WriteError(response, message, StunErrorCode.AllocationMismatch, key, null);
        }

        _log.LogDebug("Allocation for {Client} relayed at {Relay}, lifetime {Lifetime} s", origin.Client, relayPrimary.Announced, lifetime);
        return length;
    }
}
