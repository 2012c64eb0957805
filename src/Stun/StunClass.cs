namespace RedConnect.Stun;

/// <summary>
/// The class of a STUN message (RFC 8489 §5): the two bits C1 C0 interleaved into the message type.
/// </summary>
public enum StunClass : byte
{
    /// <summary>A request (C1C0 = 0b00); expects a success or error response.</summary>
    Request = 0b00,

    /// <summary>An indication (C1C0 = 0b01); fire and forget, never answered.</summary>
    Indication = 0b01,

    /// <summary>A success response (C1C0 = 0b10).</summary>
    SuccessResponse = 0b10,

    /// <summary>An error response (C1C0 = 0b11); carries ERROR-CODE.</summary>
    ErrorResponse = 0b11,
}
