namespace RedConnect.Signaling.Conference;

/// <summary>
/// One browser connection admitted to a conference: which SFU participant it is, in which room, with which
/// room token (every later control call needs it), and the newest subscriber offer version it was sent.
/// </summary>
public sealed class ConferenceMember(string connectionId, string roomToken, string roomId, string participantId)
{
    private readonly Lock _sync = new();
    private long _sentVersion;

    public string ConnectionId { get; } = connectionId;

    /// <summary>Never logged: it admits its holder to the room.</summary>
    public string RoomToken { get; } = roomToken;

    public string RoomId { get; } = roomId;

    public string ParticipantId { get; } = participantId;

    /// <summary>Cancelled when the member leaves: ends its subscriber offer long-poll.</summary>
    internal CancellationTokenSource Leaving { get; } = new();

    public long SentVersion
    {
        get
        {
            lock (_sync) return _sentVersion;
        }
    }

    /// <summary>True (and remembered) when <paramref name="version"/> is newer than every offer sent so far.</summary>
    public bool TryClaimVersion(long version)
    {
        lock (_sync)
        {
            if (version <= _sentVersion) return false;
            _sentVersion = version;
            return true;
        }
    }
}
