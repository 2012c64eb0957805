using RedConnect.Signaling.AccessCodes;
using RedConnect.Signaling.Rooms;

namespace RedConnect.Signaling.Presence;

/// <summary>
/// Presence for a single signaling node. One lock guards everything: a seat change touches a room and the
/// connection index together, and joins are rare compared with the lock's cost.
/// </summary>
public sealed class InMemoryRoomPresence : IRoomPresence
{
    private sealed class SeatState(string connectionId, byte[] tokenHash)
    {
        public string ConnectionId { get; set; } = connectionId;
        public byte[] TokenHash { get; set; } = tokenHash;
    }

    private sealed class Room
    {
        public SeatState? Organizer;
        public SeatState? Participant;

        public ref SeatState? SeatOf(ParticipantRole role) => ref role == ParticipantRole.Organizer ? ref Organizer : ref Participant;

        public bool IsEmpty => Organizer is null && Participant is null;
    }

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Room> _rooms = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string RoomId, ParticipantRole Role)> _byConnection = new(StringComparer.Ordinal);

    public ValueTask<SeatOutcome> TrySeatAsync(string roomId, ParticipantRole role, string connectionId, string? presentedToken,
        byte[] newTokenHash, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_rooms.TryGetValue(roomId, out var room)) _rooms[roomId] = room = new Room();
            ref var seat = ref room.SeatOf(role);
            var counterpart = room.SeatOf(Other(role))?.ConnectionId;

            if (seat is null)
            {
                seat = new SeatState(connectionId, newTokenHash);
                _byConnection[connectionId] = (roomId, role);
                return ValueTask.FromResult(new SeatOutcome(SeatStatus.Seated, null, counterpart));
            }

            if (!ReconnectToken.Matches(seat.TokenHash, presentedToken))
                return ValueTask.FromResult(new SeatOutcome(SeatStatus.InUse, null, counterpart));

            var replaced = seat.ConnectionId;
            _byConnection.Remove(replaced);
            seat.ConnectionId = connectionId;
            seat.TokenHash = newTokenHash;
            _byConnection[connectionId] = (roomId, role);
            return ValueTask.FromResult(new SeatOutcome(SeatStatus.TookOver, replaced, counterpart));
        }
    }

    public ValueTask<Seat?> FindSeatAsync(string connectionId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(Describe(connectionId));
        }
    }

    public ValueTask<Seat?> LeaveAsync(string connectionId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var seat = Describe(connectionId);
            if (seat is null) return ValueTask.FromResult<Seat?>(null);
            var room = _rooms[seat.RoomId];
            room.SeatOf(seat.Role) = null;
            _byConnection.Remove(connectionId);
            if (room.IsEmpty) _rooms.Remove(seat.RoomId);
            return ValueTask.FromResult<Seat?>(seat);
        }
    }

    private Seat? Describe(string connectionId)
    {
        if (!_byConnection.TryGetValue(connectionId, out var entry)) return null;
        var counterpart = _rooms[entry.RoomId].SeatOf(Other(entry.Role))?.ConnectionId;
        return new Seat(entry.RoomId, entry.Role, connectionId, counterpart);
    }

    private static ParticipantRole Other(ParticipantRole role) =>
        role == ParticipantRole.Organizer ? ParticipantRole.Participant : ParticipantRole.Organizer;
}
