using System.Text;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RedConnect.Sfu.Node.Control;
using RedConnect.Sfu.Routing;
using RedConnect.Signaling.Turn;

namespace RedConnect.Signaling.Conference;

/// <summary>
/// The conference signaling at <c>/hubs/conference</c>, between a browser and the SFU (two peer connections per
/// browser, see src/Sfu/README.md). The browser asks <c>GetIceServers</c> with its room token (STUN/TURN servers and
/// TURN credentials for both its connections), calls <c>Join</c> with the token and its publisher offer, answers
/// every <see cref="ConferenceEvents.SubscriberOffer"/> with <c>SetSubscriberAnswer</c>, may renegotiate its
/// publisher with <c>UpdatePublisher</c>, and calls <c>Leave</c> (closing the connection does the same).
/// A failure reaches the browser only as a code (<see cref="ConferenceErrors"/>): in <see cref="ConferenceJoinResult.Error"/>
/// or as the message of a <see cref="HubException"/>; a refused call changes nothing.
/// </summary>
public sealed class ConferenceHub(
    ISfuControl control,
    ConferenceRoster roster,
    SubscriberOfferRelay offers,
    IOptions<ConferenceOptions> options,
    IceServerDirectory iceServers,
    TimeProvider time,
    ILogger<ConferenceHub> logger) : Hub
{
    public const string Path = "/hubs/conference";

    /// <summary>
    /// The ICE configuration for a holder of a valid room token, asked before the browser creates its peer connections
    /// (their offer already needs the TURN candidates). Refused like <c>Join</c> for a bad, foreign or expired token.
    /// </summary>
    public ConferenceIceConfiguration GetIceServers(string? token)
    {
        string? refusal = CheckToken(token, out _);
        if (refusal is not null)
        {
            ConferenceLog.JoinRefused(logger, refusal);
            return new ConferenceIceConfiguration { Error = refusal };
        }

        return new ConferenceIceConfiguration
        {
            IceServers = iceServers.For(Context.GetHttpContext()?.Request.Host.Host),
            IceTransportPolicy = iceServers.TransportPolicy,
        };
    }

    public async Task<ConferenceJoinResult> Join(ConferenceJoinRequest? request)
    {
        string? refusal = CheckJoin(request, out RoomTokenClaims? claims);
        if (refusal is not null)
        {
            ConferenceLog.JoinRefused(logger, refusal);
            return ConferenceJoinResult.Failed(refusal);
        }

        string token = request!.Token!;
        JoinResult joined;
        try
        {
            // The room gets the token's participant limit; for an existing room this is a no-op.
            await control.CreateRoomAsync(token, Context.ConnectionAborted);
            joined = await control.JoinAsync(token, request.Offer, new JoinOptions(SubscribeToSelf: request.Loopback), Context.ConnectionAborted);
        }
        catch (SfuControlException refused)
        {
            string code = ErrorFor(refused.Code);
            ConferenceLog.JoinRefused(logger, code);
            return ConferenceJoinResult.Failed(code);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            ConferenceLog.HubFailure(logger, exception, nameof(Join));
            return ConferenceJoinResult.Failed(ConferenceErrors.ServerError);
        }

        var member = new ConferenceMember(Context.ConnectionId, token, claims!.RoomId, joined.ParticipantId);
        if (!roster.TryAdd(member, out IReadOnlyList<string> others))
        {
            // A second Join raced the first on one connection: undo this one.
            await LeaveQuietlyAsync(member);
            return ConferenceJoinResult.Failed(ConferenceErrors.AlreadyJoined);
        }

        if (Context.ConnectionAborted.IsCancellationRequested)
        {
            // The browser went away while it was being admitted; OnDisconnectedAsync may have run already.
            await RemoveAsync(Context.ConnectionId);
            return ConferenceJoinResult.Failed(ConferenceErrors.ServerError);
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, Group(member.RoomId));
        await Clients.OthersInGroup(Group(member.RoomId)).SendAsync(ConferenceEvents.ParticipantJoined, member.ParticipantId);
        offers.Start(member, joined.SubscriberOffer?.Version ?? 0);
        ConferenceLog.Joined(logger, member.RoomId, member.ParticipantId, others.Count + 1, request.Loopback);
        return new ConferenceJoinResult
        {
            ParticipantId = joined.ParticipantId,
            AnswerSdp = joined.PublisherAnswerSdp,
            SubscriberOffer = joined.SubscriberOffer is { } first ? new ConferenceOffer(first.Sdp, first.Version) : null,
            Roster = others,
        };
    }

    public async Task SetSubscriberAnswer(ConferenceAnswer? answer)
    {
        ConferenceMember member = Member();
        string sdp = CheckSdp(answer?.Sdp);
        // An answer to an offer that has since been replaced is moot: the browser answers the newer one next.
        if (answer!.Version < member.SentVersion) return;
        await CallSfuAsync(() => control.SetSubscriberAnswerAsync(member.RoomToken, member.ParticipantId, sdp, Context.ConnectionAborted), nameof(SetSubscriberAnswer));
    }

    public async Task<string> UpdatePublisher(string? offerSdp)
    {
        ConferenceMember member = Member();
        string sdp = CheckSdp(offerSdp);
        string answer = string.Empty;
        await CallSfuAsync(async () => answer = await control.UpdatePublisherAsync(member.RoomToken, member.ParticipantId, sdp, Context.ConnectionAborted), nameof(UpdatePublisher));
        return answer;
    }

    public async Task Leave()
    {
        if (!roster.IsJoined(Context.ConnectionId)) throw new HubException(ConferenceErrors.NotJoined);
        await RemoveAsync(Context.ConnectionId);
    }

    public override Task OnDisconnectedAsync(Exception? exception) => RemoveAsync(Context.ConnectionId);

    private string? CheckJoin(ConferenceJoinRequest? request, out RoomTokenClaims? claims)
    {
        claims = null;
        if (request is null || string.IsNullOrEmpty(request.Token) || request.Token.Length > RoomToken.MaxLength) return ConferenceErrors.InvalidRequest;
        if (request.Offer is not null && (request.Offer.Length == 0 || Encoding.UTF8.GetByteCount(request.Offer) > options.Value.MaxSdpBytes)) return ConferenceErrors.InvalidRequest;
        if (roster.IsJoined(Context.ConnectionId)) return ConferenceErrors.AlreadyJoined;
        return CheckToken(request.Token, out claims);
    }

    private string? CheckToken(string? token, out RoomTokenClaims? claims)
    {
        claims = null;
        if (string.IsNullOrEmpty(token) || token.Length > RoomToken.MaxLength) return ConferenceErrors.InvalidRequest;
        if (!RoomToken.TryValidate(token, options.Value.RoomTokenSecret, time, out claims, out string? error))
        {
            return error == RoomToken.ExpiredMessage ? ConferenceErrors.ExpiredToken : ConferenceErrors.InvalidToken;
        }

        // The token is ours, but a room larger than this server allows is refused as an invalid token.
        return claims!.MaxParticipants > options.Value.MaxParticipantsPerRoom ? ConferenceErrors.InvalidToken : null;
    }

    private string CheckSdp(string? sdp)
    {
        if (string.IsNullOrEmpty(sdp) || Encoding.UTF8.GetByteCount(sdp) > options.Value.MaxSdpBytes) throw new HubException(ConferenceErrors.InvalidRequest);
        return sdp;
    }

    private ConferenceMember Member() =>
        roster.FindByConnection(Context.ConnectionId) ?? throw new HubException(ConferenceErrors.NotJoined);

    private async Task CallSfuAsync(Func<Task> call, string method)
    {
        try
        {
            await call();
        }
        catch (SfuControlException refused)
        {
            throw new HubException(ErrorFor(refused.Code));
        }
        catch (Exception exception) when (exception is not HubException and not OperationCanceledException)
        {
            ConferenceLog.HubFailure(logger, exception, method);
            throw new HubException(ConferenceErrors.ServerError);
        }
    }

    private async Task RemoveAsync(string connectionId)
    {
        ConferenceMember? member = roster.Remove(connectionId);
        if (member is null) return;
        await member.Leaving.CancelAsync();
        await LeaveQuietlyAsync(member);
        await Groups.RemoveFromGroupAsync(connectionId, Group(member.RoomId));
        await Clients.Group(Group(member.RoomId)).SendAsync(ConferenceEvents.ParticipantLeft, member.ParticipantId);
        ConferenceLog.Left(logger, member.RoomId, member.ParticipantId);
        member.Leaving.Dispose();
    }

    private async Task LeaveQuietlyAsync(ConferenceMember member)
    {
        try
        {
            await control.LeaveAsync(member.RoomToken, member.ParticipantId, CancellationToken.None);
        }
        catch (SfuControlException refused)
        {
            // Already gone on the SFU (consent expired, room closed), or the token expired: the SFU's consent timeout removes it then.
            ConferenceLog.LeaveRefused(logger, member.RoomId, member.ParticipantId, refused.Code);
        }
        catch (Exception exception)
        {
            ConferenceLog.HubFailure(logger, exception, nameof(Leave));
        }
    }

    private static string ErrorFor(string sfuCode) => sfuCode switch
    {
        SfuErrorCodes.InvalidToken => ConferenceErrors.InvalidToken,
        RoutingError.RoomFull => ConferenceErrors.RoomFull,
        RoutingError.InvalidSdp => ConferenceErrors.InvalidSdp,
        RoutingError.InvalidState or RoutingError.RoomClosed => ConferenceErrors.InvalidRequest,
        RoutingError.UnknownParticipant or RoutingError.UnknownRoom => ConferenceErrors.NotJoined,
        SfuErrorCodes.Unavailable => ConferenceErrors.Unavailable,
        _ => ConferenceErrors.ServerError,
    };

    /// <summary>The SignalR group of a room's members.</summary>
    internal static string Group(string roomId) => "conference:" + roomId;
}
