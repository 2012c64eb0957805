using System.Text;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RedConnect.Signaling.Options;
using RedConnect.Signaling.Presence;

namespace RedConnect.Signaling.Hubs;

/// <summary>
/// The two-party call signaling at <c>/hubs/call</c>. Browsers call <c>Join</c> once, then <c>Relay</c> SDP and ICE
/// candidates to the other seat of their room; the server calls <see cref="ClientEvents"/> on them. Nothing is
/// persisted. Failures reach the client only as an error code: a <see cref="JoinResult.Error"/>, or a
/// <see cref="HubException"/> whose message is one of <see cref="SignalingErrors"/>.
/// </summary>
public sealed class CallHub(
    JoinHandler joinHandler,
    IRoomPresence presence,
    ConnectionRegistry connections,
    IOptionsMonitor<SignalingOptions> options,
    ILogger<CallHub> logger) : Hub
{
    public const string Path = "/hubs/call";

    public override Task OnConnectedAsync()
    {
        connections.Add(Context);
        return Task.CompletedTask;
    }

    public async Task<JoinResult> Join(JoinRequest? request)
    {
        try
        {
            return await joinHandler.JoinAsync(Context, Clients, request);
        }
        catch (Exception exception) when (exception is not HubException)
        {
            SignalingLog.HubFailure(logger, exception, nameof(Join));
            throw new HubException(SignalingErrors.ServerError);
        }
    }

    public async Task Relay(SignalMessage? message)
    {
        if (message is null || !SignalKinds.IsKnown(message.Kind)
            || (message.Kind != SignalKinds.Hangup && string.IsNullOrEmpty(message.Payload)))
            throw RelayRefused(SignalingErrors.InvalidRequest, 0);

        var payload = message.Payload ?? "";
        var bytes = Encoding.UTF8.GetByteCount(payload);
        if (bytes > options.CurrentValue.MaxMessageBytes) throw RelayRefused(SignalingErrors.MessageTooLarge, bytes);

        Seat? seat;
        try
        {
            seat = await presence.FindSeatAsync(Context.ConnectionId, Context.ConnectionAborted);
        }
        catch (Exception exception)
        {
            SignalingLog.HubFailure(logger, exception, nameof(Relay));
            throw new HubException(SignalingErrors.ServerError);
        }
        if (seat is null) throw RelayRefused(SignalingErrors.NotJoined, bytes);

        // Alone in the room: the message has no recipient and is dropped, like a call to an empty line.
        if (seat.CounterpartConnectionId is not { } counterpart) return;
        await Clients.Client(counterpart).SendAsync(ClientEvents.Signal, new SignalMessage(message.Kind, payload));
        SignalingLog.Relayed(logger, message.Kind!, bytes, seat.RoomId);
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        connections.Remove(Context.ConnectionId);
        var seat = await presence.LeaveAsync(Context.ConnectionId, CancellationToken.None);
        if (seat is null) return;
        SignalingLog.Left(logger, JoinHandler.RoleName(seat.Role), seat.RoomId);
        if (seat.CounterpartConnectionId is { } counterpart)
            await Clients.Client(counterpart).SendAsync(ClientEvents.PeerLeft);
    }

    private HubException RelayRefused(string error, int bytes)
    {
        SignalingLog.RelayRefused(logger, error, bytes);
        return new HubException(error);
    }
}
