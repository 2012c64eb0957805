using System.Collections.Concurrent;
using RedConnect.Signaling.AccessCodes;

namespace RedConnect.Signaling.Tests.Hubs;

/// <summary>An in-memory code store seeded by the tests, keyed like the real one by the keyed hash.</summary>
public sealed class TestAccessCodeStore(AccessCodeHasher hasher) : IAccessCodeStore
{
    private readonly ConcurrentDictionary<string, AccessCodeEntry> _entries = new();

    public int Lookups;

    /// <summary>Adds an appointment and returns its (organizer, participant) codes in display form.</summary>
    public (string Organizer, string Participant) AddAppointment(DateTimeOffset plannedStart)
    {
        var appointment = Guid.NewGuid();
        var practice = Guid.NewGuid();
        var organizer = AccessCode.Generate();
        var participant = AccessCode.Generate();
        _entries[hasher.Hash(organizer)] = new AccessCodeEntry(appointment, practice, ParticipantRole.Organizer, plannedStart);
        _entries[hasher.Hash(participant)] = new AccessCodeEntry(appointment, practice, ParticipantRole.Participant, plannedStart);
        return (AccessCode.Format(organizer), AccessCode.Format(participant));
    }

    public Task<AccessCodeEntry?> FindByHashAsync(string codeHash, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Lookups);
        return Task.FromResult(_entries.GetValueOrDefault(codeHash));
    }
}
