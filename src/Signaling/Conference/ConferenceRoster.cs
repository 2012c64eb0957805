namespace RedConnect.Signaling.Conference;

/// <summary>
/// Who is in which conference on this signaling node, by connection and by SFU participant id. Membership
/// changes are atomic with the roster snapshot a newcomer gets, so every member learns of every other
/// exactly once (from the roster or from a participant-joined event).
/// </summary>
public sealed class ConferenceRoster
{
    private readonly Lock _sync = new();
    private readonly Dictionary<string, ConferenceMember> _byConnection = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ConferenceMember> _byParticipant = new(StringComparer.Ordinal);

    public bool IsJoined(string connectionId)
    {
        lock (_sync) return _byConnection.ContainsKey(connectionId);
    }

    public ConferenceMember? FindByConnection(string connectionId)
    {
        lock (_sync) return _byConnection.GetValueOrDefault(connectionId);
    }

    public ConferenceMember? FindByParticipant(string participantId)
    {
        lock (_sync) return _byParticipant.GetValueOrDefault(participantId);
    }

    /// <summary>Adds the member; returns the participant ids already in its room. False when the connection already joined.</summary>
    public bool TryAdd(ConferenceMember member, out IReadOnlyList<string> others)
    {
        lock (_sync)
        {
            others = [];
            if (!_byConnection.TryAdd(member.ConnectionId, member)) return false;
            _byParticipant[member.ParticipantId] = member;
            others = [.. _byConnection.Values.Where(m => m != member && m.RoomId == member.RoomId).Select(m => m.ParticipantId)];
            return true;
        }
    }

    /// <summary>Removes exactly this member (not a later one on the same connection); false when it is gone already.</summary>
    public bool TryRemove(ConferenceMember member)
    {
        lock (_sync)
        {
            if (!_byConnection.TryGetValue(member.ConnectionId, out ConferenceMember? current) || current != member) return false;
            _byConnection.Remove(member.ConnectionId);
            _byParticipant.Remove(member.ParticipantId);
            return true;
        }
    }

    public ConferenceMember? Remove(string connectionId)
    {
        lock (_sync)
        {
            if (!_byConnection.Remove(connectionId, out ConferenceMember? member)) return null;
            _byParticipant.Remove(member.ParticipantId);
            return member;
        }
    }
}
