using System.Collections.Concurrent;
using RedConnect.Sfu.Routing;

namespace RedConnect.Sfu.Node.Control;

/// <summary>
/// The control API inside the SFU process: validates the room token of every call (its expiry only where it admits
/// someone: creating a room and joining it — a conference outlives the tokens that opened it), keeps the rooms of
/// this node, and turns room outcomes into results or <see cref="SfuControlException"/>. A room is created
/// by <see cref="CreateRoomAsync"/> or the first join and removed when its last participant leaves.
/// </summary>
public sealed class SfuControl : ISfuControl, IDisposable
{
    /// <summary>Longest a long-poll for a subscriber offer may wait.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(60);

    private readonly ConcurrentDictionary<string, Room> _rooms = new(StringComparer.Ordinal);
    private readonly byte[] _tokenSecret;
    private readonly ITransportFactory _transports;
    private readonly RoutingOptions _options;
    private readonly TimeProvider _time;

    public SfuControl(ReadOnlySpan<byte> roomTokenSecret, ITransportFactory transports, RoutingOptions? options = null, TimeProvider? timeProvider = null)
    {
        if (roomTokenSecret.Length < RoomToken.MinimumSecretLength) throw new ArgumentException($"The room token secret needs at least {RoomToken.MinimumSecretLength} bytes.", nameof(roomTokenSecret));
        _tokenSecret = roomTokenSecret.ToArray();
        _transports = transports;
        _options = options ?? RoutingOptions.Default;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>A participant's subscriber offer changed; in-process signaling pushes it to the browser from here.</summary>
    public event Action<SubscriberOffer>? SubscriberOfferChanged;

    /// <summary>
    /// A participant left its room, for any reason: the control API's <see cref="LeaveAsync"/>, RTCP BYE, or a transport
    /// that closed (consent expired, ICE or DTLS failed). In-process signaling learns here of removals it did not ask for
    /// (a remote signaling sees its long-poll end with <c>unknown_participant</c>). Arguments: room id, participant id, reason.
    /// </summary>
    public event Action<string, string, ParticipantLeaveReason>? ParticipantRemoved;

    public IReadOnlyCollection<Room> Rooms => (IReadOnlyCollection<Room>)_rooms.Values;

    public Task<RoomInfo> CreateRoomAsync(string roomToken, CancellationToken cancellationToken = default)
    {
        Room room = GetOrCreateRoom(Validate(roomToken));
        return Task.FromResult(new RoomInfo(room.Id, room.MaxParticipants, room.ParticipantCount));
    }

    public Task<JoinResult> JoinAsync(string roomToken, string? publisherOfferSdp, JoinOptions? options = null, CancellationToken cancellationToken = default)
    {
        RoomTokenClaims claims = Validate(roomToken);
        for (int attempt = 0; ; attempt++)
        {
            Room room = GetOrCreateRoom(claims);
            if (room.TryJoin(claims.ParticipantName, publisherOfferSdp, options ?? JoinOptions.Default, out JoinOutcome? outcome, out RoutingError? error))
            {
                return Task.FromResult(new JoinResult(outcome!.Participant.Id, publisherOfferSdp is null ? null : outcome.PublisherAnswerSdp, outcome.SubscriberOffer));
            }

            // The room emptied and closed between lookup and join: take a fresh one, once.
            if (error!.Code == RoutingError.RoomClosed && attempt == 0)
            {
                _rooms.TryRemove(new KeyValuePair<string, Room>(room.Id, room));
                continue;
            }

            throw SfuControlException.From(error);
        }
    }

    public Task SetSubscriberAnswerAsync(string roomToken, string participantId, string answerSdp, CancellationToken cancellationToken = default)
    {
        Room room = FindRoom(ValidateForSession(roomToken));
        if (!room.TrySetSubscriberAnswer(participantId, answerSdp ?? string.Empty, out RoutingError? error)) throw SfuControlException.From(error!);
        return Task.CompletedTask;
    }

    public Task<string> UpdatePublisherAsync(string roomToken, string participantId, string offerSdp, CancellationToken cancellationToken = default)
    {
        Room room = FindRoom(ValidateForSession(roomToken));
        if (!room.TryUpdatePublisher(participantId, offerSdp ?? string.Empty, out string? answer, out RoutingError? error)) throw SfuControlException.From(error!);
        return Task.FromResult(answer!);
    }

    public Task LeaveAsync(string roomToken, string participantId, CancellationToken cancellationToken = default)
    {
        Room room = FindRoom(ValidateForSession(roomToken));
        if (!room.Leave(participantId, ParticipantLeaveReason.Left))
        {
            throw new SfuControlException(RoutingError.UnknownParticipant, "no such participant in this room");
        }

        return Task.CompletedTask;
    }

    public Task<RoomStats> GetRoomStatsAsync(string roomToken, CancellationToken cancellationToken = default) =>
        Task.FromResult(FindRoom(ValidateForSession(roomToken)).GetStats());

    public async Task<SubscriberOffer?> WaitForSubscriberOfferAsync(string roomToken, string participantId, long afterVersion, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        Room room = FindRoom(ValidateForSession(roomToken));
        if (room.Find(participantId) is null) throw new SfuControlException(RoutingError.UnknownParticipant, "no such participant in this room");
        if (timeout <= TimeSpan.Zero || timeout > MaxWait) throw new SfuControlException(SfuErrorCodes.BadRequest, $"timeout must be between 0 and {MaxWait.TotalSeconds:0} s");
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        linked.CancelAfter(timeout);
        try
        {
            return await room.WaitForSubscriberOfferAsync(participantId, afterVersion, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    public void Dispose()
    {
        foreach (Room room in _rooms.Values) room.Dispose();
        _rooms.Clear();
    }

    private RoomTokenClaims Validate(string roomToken)
    {
        if (!RoomToken.TryValidate(roomToken, _tokenSecret, _time, out RoomTokenClaims? claims, out string? error))
        {
            throw new SfuControlException(SfuErrorCodes.InvalidToken, error!);
        }

        return claims!;
    }

    private RoomTokenClaims ValidateForSession(string roomToken)
    {
        if (!RoomToken.TryValidateForSession(roomToken, _tokenSecret, out RoomTokenClaims? claims, out string? error))
        {
            throw new SfuControlException(SfuErrorCodes.InvalidToken, error!);
        }

        return claims!;
    }

    private Room FindRoom(RoomTokenClaims claims) =>
        _rooms.TryGetValue(claims.RoomId, out Room? room) ? room : throw new SfuControlException(RoutingError.UnknownRoom, "no such room on this node");

    private Room GetOrCreateRoom(RoomTokenClaims claims)
    {
        while (true)
        {
            if (_rooms.TryGetValue(claims.RoomId, out Room? existing)) return existing;
            var room = new Room(claims.RoomId, claims.MaxParticipants, _transports, _options, _time);
            if (_rooms.TryAdd(room.Id, room))
            {
                room.SubscriberOfferChanged += offer => SubscriberOfferChanged?.Invoke(offer);
                room.ParticipantLeft += (participant, reason) =>
                {
                    ParticipantRemoved?.Invoke(room.Id, participant.Id, reason);
                    RemoveIfEmpty(room);
                };
                return room;
            }

            room.Dispose();
        }
    }

    private void RemoveIfEmpty(Room room)
    {
        if (room.TryCloseIfEmpty()) _rooms.TryRemove(new KeyValuePair<string, Room>(room.Id, room));
    }
}
