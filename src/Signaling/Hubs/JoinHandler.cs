using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RedConnect.Signaling.AccessCodes;
using RedConnect.Signaling.Options;
using RedConnect.Signaling.Presence;
using RedConnect.Signaling.RateLimiting;
using RedConnect.Signaling.Rooms;
using RedConnect.Signaling.Turn;

namespace RedConnect.Signaling.Hubs;

/// <summary>
/// The steps of <c>Join</c>: rate limit, normalise and look the code up by its keyed hash, check its validity
/// window, then take the role's seat (or take it over with the reconnect token) and tell the counterpart.
/// Every refusal happens before any state changes.
/// </summary>
public sealed class JoinHandler(
    IAccessCodeStore store,
    AccessCodeHasher hasher,
    IRoomPresence presence,
    JoinAttemptLimiter limiter,
    RoomIdProtector roomIds,
    ConnectionRegistry connections,
    IceServerDirectory iceServers,
    TimeProvider time,
    IOptionsMonitor<SignalingOptions> options,
    ILogger<JoinHandler> logger)
{
    private const int MaxTokenLength = 64;

    public async Task<JoinResult> JoinAsync(HubCallerContext caller, IHubCallerClients clients, JoinRequest? request)
    {
        var cancellationToken = caller.ConnectionAborted;
        if (request is null || request.ReconnectToken is { Length: > MaxTokenLength }
            || await presence.FindSeatAsync(caller.ConnectionId, cancellationToken) is not null)
            return Refuse(SignalingErrors.InvalidRequest);

        var address = caller.GetHttpContext()?.Connection.RemoteIpAddress;
        if (!limiter.IsAllowed(address)) return Refuse(SignalingErrors.RateLimited);

        if (!AccessCode.TryNormalize(request.Code, out var code))
        {
            limiter.RecordFailure(address);
            return Refuse(SignalingErrors.UnknownCode);
        }

        var entry = await store.FindByHashAsync(hasher.Hash(code), cancellationToken);
        if (entry is null)
        {
            limiter.RecordFailure(address);
            return Refuse(SignalingErrors.UnknownCode);
        }

        var settings = options.CurrentValue;
        var validity = AccessCodeValidity.Default with { EarlyJoin = TimeSpan.FromMinutes(settings.EarlyJoinMinutes) };
        switch (validity.StateAt(entry.PlannedStart, time.GetUtcNow()))
        {
            case AccessCodeState.NotYetValid:
                return Refuse(SignalingErrors.NotYetValid, validity.ValidFrom(entry.PlannedStart));
            case AccessCodeState.Expired:
                return Refuse(SignalingErrors.Expired);
        }

        var roomId = roomIds.RoomIdFor(entry.AppointmentId);
        var token = ReconnectToken.Create();
        var outcome = await presence.TrySeatAsync(roomId, entry.Role, caller.ConnectionId, request.ReconnectToken,
            ReconnectToken.Hash(token), cancellationToken);
        if (outcome.Status == SeatStatus.InUse) return Refuse(SignalingErrors.CodeInUse);

        if (outcome.ReplacedConnectionId is { } replaced)
        {
            await clients.Client(replaced).SendAsync(ClientEvents.Replaced, CancellationToken.None);
            connections.Abort(replaced);
        }
        if (outcome.CounterpartConnectionId is { } counterpart)
            await clients.Client(counterpart).SendAsync(ClientEvents.PeerJoined, CancellationToken.None);

        var role = RoleName(entry.Role);
        SignalingLog.Joined(logger, role, roomId, outcome.Status == SeatStatus.TookOver ? "took over" : "seated");
        return new JoinResult
        {
            Role = role,
            RoomId = roomId,
            IceServers = iceServers.For(caller.GetHttpContext()?.Request.Host.Host),
            IceTransportPolicy = iceServers.TransportPolicy,
            CounterpartPresent = outcome.CounterpartConnectionId is not null,
            ReconnectToken = token,
            ValidFrom = validity.ValidFrom(entry.PlannedStart),
            ValidUntil = validity.ValidUntil(entry.PlannedStart),
        };
    }

    public static string RoleName(ParticipantRole role) => role == ParticipantRole.Organizer ? "organizer" : "participant";

    private JoinResult Refuse(string error, DateTimeOffset? validFrom = null)
    {
        SignalingLog.JoinRefused(logger, error);
        return JoinResult.Failed(error, validFrom);
    }
}
