namespace RedConnect.Sfu.Dtls;

/// <summary>How a DTLS-SRTP handshake ended: keys, or the reason it failed.</summary>
public sealed class DtlsHandshakeOutcome
{
    private DtlsHandshakeOutcome(DtlsSrtpResult? result, string? failureReason, TimeSpan elapsed)
    {
        Result = result;
        FailureReason = failureReason;
        Elapsed = elapsed;
    }

    /// <summary>True when keys were exported.</summary>
    public bool Succeeded => Result is not null;

    /// <summary>The SRTP profile and keying material; null on failure.</summary>
    public DtlsSrtpResult? Result { get; }

    /// <summary>Why the handshake failed (alert, timeout, fingerprint mismatch); null on success. Never contains key material.</summary>
    public string? FailureReason { get; }

    /// <summary>Time from start to completion or failure.</summary>
    public TimeSpan Elapsed { get; }

    internal static DtlsHandshakeOutcome Success(DtlsSrtpResult result, TimeSpan elapsed) => new(result, null, elapsed);

    internal static DtlsHandshakeOutcome Failure(string reason, TimeSpan elapsed) => new(null, reason, elapsed);
}
