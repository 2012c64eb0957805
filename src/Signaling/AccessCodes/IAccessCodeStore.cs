namespace RedConnect.Signaling.AccessCodes;

public enum ParticipantRole { Organizer, Participant }

/// <summary>What the store knows about one code, found by its keyed hash.</summary>
/// <param name="AppointmentId">The appointment (the signaling room) the code opens.</param>
/// <param name="PracticeId">The practice that owns the appointment.</param>
/// <param name="Role">Whose code it is.</param>
/// <param name="PlannedStart">The appointment's planned start (UTC instant).</param>
public sealed record AccessCodeEntry(Guid AppointmentId, Guid PracticeId, ParticipantRole Role, DateTimeOffset PlannedStart);

/// <summary>
/// Looks codes up by their keyed hash (<see cref="AccessCodeHasher"/>). Implemented by the portal's data
/// layer; the signaling never sees a database.
/// </summary>
public interface IAccessCodeStore
{
    Task<AccessCodeEntry?> FindByHashAsync(string codeHash, CancellationToken cancellationToken);
}
