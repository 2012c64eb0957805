namespace RedConnect.Sfu.Ice;

/// <summary>What an <see cref="IceLiteAgent"/> made of one incoming Binding request.</summary>
public enum IceCheckOutcome
{
    /// <summary>Not answered, no state changed: not a Binding request, or FINGERPRINT missing or wrong
    /// (RFC 8445 §7.3 requires it on every check; RFC 7983 relies on it to tell STUN apart).</summary>
    Discarded,

    /// <summary>Answered with an error response (400, 401, 420 or 487); no state changed.</summary>
    ErrorResponse,

    /// <summary>A valid check (authenticated, right role): success response; consent refreshed; the pair is
    /// valid but the selected address did not change.</summary>
    Accepted,

    /// <summary>The first valid check: its source became the selected address (media may flow).</summary>
    Selected,

    /// <summary>A valid check with USE-CANDIDATE nominated its pair (RFC 8445 §7.3.1.5); the selected
    /// address may have moved to this source (network change).</summary>
    Nominated,
}

/// <summary>Result of <see cref="IceLiteAgent.HandleBindingRequest"/>.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="ResponseLength">Bytes of the response written to the caller's buffer (0: send nothing).</param>
/// <param name="ErrorCode">The STUN error code sent, or 0.</param>
/// <param name="SelectedAddressChanged">True when media must now go to the request's source.</param>
public readonly record struct IceCheckResult(
    IceCheckOutcome Outcome,
    int ResponseLength,
    int ErrorCode,
    bool SelectedAddressChanged)
{
    /// <summary>Whether the check was valid (authenticated, success response): the source may send media.</summary>
    public bool IsValid => Outcome is IceCheckOutcome.Accepted or IceCheckOutcome.Selected or IceCheckOutcome.Nominated;
}
