namespace RedConnect.Stun;

/// <summary>
/// Well-known STUN/TURN/ICE error codes (RFC 8489 §14.8, RFC 8656 §19, RFC 6062 §6.3, RFC 8445 §7.3.1.1)
/// and their recommended reason phrases.
/// </summary>
public static class StunErrorCode
{
    /// <summary>300 Try Alternate: use ALTERNATE-SERVER.</summary>
    public const int TryAlternate = 300;

    /// <summary>400 Bad Request: malformed request.</summary>
    public const int BadRequest = 400;

    /// <summary>401 Unauthenticated: missing or wrong credentials (RFC 5389 called it Unauthorized).</summary>
    public const int Unauthenticated = 401;

    /// <summary>403 Forbidden (RFC 8656): e.g. peer address denied by policy.</summary>
    public const int Forbidden = 403;

    /// <summary>420 Unknown Attribute: carries UNKNOWN-ATTRIBUTES.</summary>
    public const int UnknownAttribute = 420;

    /// <summary>437 Allocation Mismatch (RFC 8656).</summary>
    public const int AllocationMismatch = 437;

    /// <summary>438 Stale Nonce: retry with the new NONCE.</summary>
    public const int StaleNonce = 438;

    /// <summary>440 Address Family not Supported (RFC 8656).</summary>
    public const int AddressFamilyNotSupported = 440;

    /// <summary>441 Wrong Credentials (RFC 8656).</summary>
    public const int WrongCredentials = 441;

    /// <summary>442 Unsupported Transport Protocol (RFC 8656).</summary>
    public const int UnsupportedTransportProtocol = 442;

    /// <summary>443 Peer Address Family Mismatch (RFC 8656).</summary>
    public const int PeerAddressFamilyMismatch = 443;

    /// <summary>446 Connection Already Exists (RFC 6062).</summary>
    public const int ConnectionAlreadyExists = 446;

    /// <summary>447 Connection Timeout or Failure (RFC 6062).</summary>
    public const int ConnectionTimeoutOrFailure = 447;

    /// <summary>486 Allocation Quota Reached (RFC 8656).</summary>
    public const int AllocationQuotaReached = 486;

    /// <summary>487 Role Conflict (RFC 8445).</summary>
    public const int RoleConflict = 487;

    /// <summary>500 Server Error.</summary>
    public const int ServerError = 500;

    /// <summary>508 Insufficient Capacity (RFC 8656).</summary>
    public const int InsufficientCapacity = 508;

    /// <summary>
    /// The reason phrase the RFCs suggest for <paramref name="code"/>, or an empty string for codes not
    /// listed here. Returns interned literals: no allocation.
    /// </summary>
    public static string GetDefaultReason(int code) => code switch
    {
        TryAlternate => "Try Alternate",
        BadRequest => "Bad Request",
        Unauthenticated => "Unauthenticated",
        Forbidden => "Forbidden",
        UnknownAttribute => "Unknown Attribute",
        AllocationMismatch => "Allocation Mismatch",
        StaleNonce => "Stale Nonce",
        AddressFamilyNotSupported => "Address Family not Supported",
        WrongCredentials => "Wrong Credentials",
        UnsupportedTransportProtocol => "Unsupported Transport Protocol",
        PeerAddressFamilyMismatch => "Peer Address Family Mismatch",
        ConnectionAlreadyExists => "Connection Already Exists",
        ConnectionTimeoutOrFailure => "Connection Timeout or Failure",
        AllocationQuotaReached => "Allocation Quota Reached",
        RoleConflict => "Role Conflict",
        ServerError => "Server Error",
        InsufficientCapacity => "Insufficient Capacity",
        _ => string.Empty,
    };
}
