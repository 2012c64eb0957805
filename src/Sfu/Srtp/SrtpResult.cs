namespace RedConnect.Sfu.Srtp;

/// <summary>Outcome of protecting or unprotecting one packet. Only <see cref="Ok"/> leaves a usable packet.</summary>
public enum SrtpResult
{
    Ok,

    /// <summary>Too short to hold a header and the tag/trailer of the profile.</summary>
    TooShort,

    /// <summary>The caller's buffer has no room for the tag or trailer that protect appends.</summary>
    BufferTooSmall,

    /// <summary>Not an RTP/RTCP packet (wrong version, lengths that do not add up).</summary>
    Malformed,

    /// <summary>Authentication tag did not verify (RFC 3711 §3.3 step 5, RFC 7714 §7.2).</summary>
    AuthFailed,

    /// <summary>Seen before, or older than the replay window (RFC 3711 §3.3.2).</summary>
    Replay,

    /// <summary>The context already tracks its maximum number of SSRCs.</summary>
    TooManyStreams,

    /// <summary>The crypto library failed to protect the packet (never expected; the packet is unusable).
    /// On unprotect such a failure counts as <see cref="AuthFailed"/>.</summary>
    CryptoFailed,
}
