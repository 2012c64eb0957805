using RedConnect.Signaling.AccessCodes;

namespace RedConnect.Signaling.Presence;

/// <summary>Who holds which seat of a two-party room. In memory on one node; Redis when signaling scales out.</summary>
public interface IRoomPresence
{
    /// <summary>
    /// Seats <paramref name="connectionId"/> in <paramref name="role"/>'s seat of <paramref name="roomId"/>. A seat held
    /// by another connection is taken over only when <paramref name="presentedToken"/> matches that seat's token.
    /// On success the seat's token becomes <paramref name="newTokenHash"/>.
    /// </summary>
    ValueTask<SeatOutcome> TrySeatAsync(string roomId, ParticipantRole role, string connectionId, string? presentedToken,
        byte[] newTokenHash, CancellationToken cancellationToken);

    /// <summary>The seat this connection holds, if any.</summary>
    ValueTask<Seat?> FindSeatAsync(string connectionId, CancellationToken cancellationToken);

    /// <summary>Frees the seat this connection holds; returns the freed seat (null when it held none).</summary>
    ValueTask<Seat?> LeaveAsync(string connectionId, CancellationToken cancellationToken);
}

/// <summary>A connection seated in a room.</summary>
/// <param name="CounterpartConnectionId">The other seat's connection at the time of the query, if any.</param>
public sealed record Seat(string RoomId, ParticipantRole Role, string ConnectionId, string? CounterpartConnectionId);

public enum SeatStatus { Seated, TookOver, InUse }

/// <param name="ReplacedConnectionId">For <see cref="SeatStatus.TookOver"/>: the connection that lost the seat.</param>
/// <param name="CounterpartConnectionId">The other seat's connection, if someone holds it.</param>
public sealed record SeatOutcome(SeatStatus Status, string? ReplacedConnectionId, string? CounterpartConnectionId);
