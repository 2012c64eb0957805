using System.Buffers.Binary;

namespace RedConnect.Stun;

/// <summary>
/// A validated, allocation-free view of one STUN message. Create it with <see cref="TryParse"/>, which checks
/// the header (RFC 8489 §5, §6.3), that the length is a multiple of 4 and matches the datagram, and that
/// every attribute's TLV and padding lie within the message (§14). Attribute values are spans into the
/// caller's buffer, so the reader is only valid while that buffer is.
/// </summary>
/// <remarks>
/// Padding bytes are not required to be zero: RFC 8489 §14 says receivers ignore them, and RFC 5769's own
/// vectors pad with spaces. RFC 3489 messages (no magic cookie) are rejected.
/// </remarks>
public readonly ref struct StunMessageReader
{
    private readonly ReadOnlySpan<byte> _message;
    private readonly int _messageIntegrityOffset;
    private readonly int _messageIntegritySha256Offset;
    private readonly int _fingerprintOffset;
    private readonly int _unknownRequiredCount;

    private StunMessageReader(ReadOnlySpan<byte> message, int mi, int mi256, int fingerprint, int unknownRequired)
    {
        _message = message;
        _messageIntegrityOffset = mi;
        _messageIntegritySha256Offset = mi256;
        _fingerprintOffset = fingerprint;
        _unknownRequiredCount = unknownRequired;
    }

    /// <summary>
    /// Parses and validates <paramref name="datagram"/> as exactly one STUN message. Returns <c>false</c> for
    /// anything malformed (caller drops it, or answers 400 if it can still read the header); never throws.
    /// Over TCP, frame first with <see cref="StunMessage.TryGetMessageLength"/> and pass the slice.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> datagram, out StunMessageReader message)
    {
        message = default;
        if (!StunMessage.HasHeaderShape(datagram)
            || StunMessage.HeaderLength + BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]) != datagram.Length)
        {
            return false;
        }

        int mi = -1, mi256 = -1, fingerprint = -1, unknownRequired = 0;
        var scope = default(StunAttributeScope);
        var offset = StunMessage.HeaderLength;
        while (offset < datagram.Length)
        {
            // Every TLV must fit, padding included, even the ones we will ignore: otherwise the message
            // boundaries themselves are in doubt.
            if (datagram.Length - offset < StunMessage.AttributeHeaderLength)
            {
                return false;
            }

            var type = BinaryPrimitives.ReadUInt16BigEndian(datagram[offset..]);
            var length = BinaryPrimitives.ReadUInt16BigEndian(datagram[(offset + 2)..]);
            var next = offset + StunMessage.AttributeHeaderLength + StunMessage.PaddedLength(length);
            if (next > datagram.Length)
            {
                return false;
            }

            if (scope.Classify(type) == StunAttributeScope.Verdict.Process)
            {
                switch (type)
                {
                    case StunAttributeType.MessageIntegrity:
                        if (length != StunIntegrity.Sha1Length)
                        {
                            return false;
                        }

                        mi = offset;
                        break;
                    case StunAttributeType.MessageIntegritySha256:
                        // RFC 8489 §14.6: at least 16 bytes, at most 32, a multiple of 4.
                        if (length is < 16 or > StunIntegrity.Sha256Length || (length & 3) != 0)
                        {
                            return false;
                        }

                        mi256 = offset;
                        break;
                    case StunAttributeType.Fingerprint:
                        if (length != 4)
                        {
                            return false;
                        }

                        fingerprint = offset;
                        break;
                    default:
                        if (StunAttributeType.IsComprehensionRequired(type) && !StunAttributeType.IsKnown(type))
                        {
                            unknownRequired++;
                        }

                        break;
                }
            }

            offset = next;
        }

        message = new StunMessageReader(datagram, mi, mi256, fingerprint, unknownRequired);
        return true;
    }

    /// <summary>The whole message (header and attributes).</summary>
    public ReadOnlySpan<byte> Message => _message;

    /// <summary>The 14-bit message type as on the wire.</summary>
    public ushort MessageType => BinaryPrimitives.ReadUInt16BigEndian(_message);

    /// <summary>The method (may be a value not named in <see cref="StunMethod"/>).</summary>
    public StunMethod Method => StunMessageType.GetMethod(MessageType);

    /// <summary>Request, indication, success or error response.</summary>
    public StunClass Class => StunMessageType.GetClass(MessageType);

    /// <summary>The 96-bit transaction id (12 bytes), to match responses and to XOR IPv6 addresses.</summary>
    public ReadOnlySpan<byte> TransactionId => _message.Slice(8, StunMessage.TransactionIdLength);

    /// <summary>
    /// The attributes the receiver must process, in wire order. RFC 8489 §14.5–§14.7: after
    /// MESSAGE-INTEGRITY only MESSAGE-INTEGRITY-SHA256 and FINGERPRINT are listed, after
    /// MESSAGE-INTEGRITY-SHA256 only FINGERPRINT, and nothing after FINGERPRINT.
    /// </summary>
    public StunAttributeEnumerator Attributes => new(_message);

    /// <summary>Whether a comprehension-required attribute this codec does not know is present (§6.3.1:
    /// a request then gets 420, a response is discarded, an indication is dropped).</summary>
    public bool HasUnknownComprehensionRequired => _unknownRequiredCount != 0;

    /// <summary>
    /// Copies the types of unknown comprehension-required attributes into <paramref name="destination"/> for
    /// a 420 response's UNKNOWN-ATTRIBUTES; returns how many were copied.
    /// </summary>
    public int CopyUnknownComprehensionRequired(Span<ushort> destination)
    {
        var count = 0;
        foreach (var attribute in Attributes)
        {
            if (count == destination.Length)
            {
                break;
            }

            if (attribute.IsComprehensionRequired && !StunAttributeType.IsKnown(attribute.Type))
            {
                destination[count++] = attribute.Type;
            }
        }

        return count;
    }

    /// <summary>Finds the first processed attribute of <paramref name="type"/> (RFC 8489 §14: only the first
    /// occurrence of a repeated attribute needs processing).</summary>
    public bool TryGetAttribute(ushort type, out StunAttribute attribute)
    {
        foreach (var candidate in Attributes)
        {
            if (candidate.Type == type)
            {
                attribute = candidate;
                return true;
            }
        }

        attribute = default;
        return false;
    }

    /// <summary>Value bytes of the first processed attribute of <paramref name="type"/>.</summary>
    public bool TryGetValue(ushort type, out ReadOnlySpan<byte> value)
    {
        var found = TryGetAttribute(type, out var attribute);
        value = attribute.Value;
        return found;
    }

    /// <summary>Whether a processed attribute of <paramref name="type"/> is present (flags such as
    /// USE-CANDIDATE and DONT-FRAGMENT).</summary>
    public bool Contains(ushort type) => TryGetAttribute(type, out _);

    /// <summary>Reads a plain address attribute (MAPPED-ADDRESS, ALTERNATE-SERVER, RESPONSE-ORIGIN, OTHER-ADDRESS).</summary>
    public bool TryGetAddress(ushort type, out StunAddress address)
    {
        address = default;
        return TryGetValue(type, out var value) && StunAddress.TryParse(value, out address);
    }

    /// <summary>Reads an XOR address attribute (XOR-MAPPED-ADDRESS, XOR-PEER-ADDRESS, XOR-RELAYED-ADDRESS).</summary>
    public bool TryGetXorAddress(ushort type, out StunAddress address)
    {
        address = default;
        return TryGetValue(type, out var value) && StunAddress.TryParseXor(value, TransactionId, out address);
    }

    /// <summary>Reads a 32-bit attribute (PRIORITY, LIFETIME, CONNECTION-ID, CHANGE-REQUEST).</summary>
    public bool TryGetUInt32(ushort type, out uint result)
    {
        result = 0;
        return TryGetValue(type, out var value) && StunAttributeValue.TryReadUInt32(value, out result);
    }

    /// <summary>Reads a 64-bit attribute (ICE-CONTROLLING, ICE-CONTROLLED, RESERVATION-TOKEN).</summary>
    public bool TryGetUInt64(ushort type, out ulong result)
    {
        result = 0;
        return TryGetValue(type, out var value) && StunAttributeValue.TryReadUInt64(value, out result);
    }

    /// <summary>Reads ERROR-CODE: <paramref name="code"/> such as 401, and the UTF-8 reason phrase.</summary>
    public bool TryGetErrorCode(out int code, out ReadOnlySpan<byte> reason)
    {
        code = 0;
        reason = default;
        return TryGetValue(StunAttributeType.ErrorCode, out var value)
               && StunAttributeValue.TryReadErrorCode(value, out code, out reason);
    }

    /// <summary>Whether a MESSAGE-INTEGRITY attribute is to be processed.</summary>
    public bool HasMessageIntegrity => _messageIntegrityOffset >= 0;

    /// <summary>Whether a MESSAGE-INTEGRITY-SHA256 attribute is to be processed.</summary>
    public bool HasMessageIntegritySha256 => _messageIntegritySha256Offset >= 0;

    /// <summary>Whether a FINGERPRINT attribute is present.</summary>
    public bool HasFingerprint => _fingerprintOffset >= 0;

    /// <summary>
    /// Verifies MESSAGE-INTEGRITY (RFC 8489 §14.5): HMAC-SHA1 with <paramref name="key"/> over the message up to
    /// the attribute, with the length field counting up to the end of MESSAGE-INTEGRITY. Derive the key with
    /// <see cref="StunCredentials"/>. Constant-time compare; <c>false</c> if the attribute is absent.
    /// </summary>
    public bool VerifyMessageIntegrity(ReadOnlySpan<byte> key) => VerifyMac(false, key, null);

    /// <summary>As <see cref="VerifyMessageIntegrity(ReadOnlySpan{byte})"/> with a prepared, reusable key (faster).</summary>
    public bool VerifyMessageIntegrity(StunIntegrityKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return VerifyMac(false, default, key);
    }

    /// <summary>
    /// Verifies MESSAGE-INTEGRITY-SHA256 (RFC 8489 §14.6), accepting the truncated lengths the RFC allows.
    /// Constant-time compare; <c>false</c> if the attribute is absent.
    /// </summary>
    public bool VerifyMessageIntegritySha256(ReadOnlySpan<byte> key) => VerifyMac(true, key, null);

    /// <summary>As <see cref="VerifyMessageIntegritySha256(ReadOnlySpan{byte})"/> with a prepared, reusable key.</summary>
    public bool VerifyMessageIntegritySha256(StunIntegrityKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return VerifyMac(true, default, key);
    }

    /// <summary>
    /// Verifies FINGERPRINT (RFC 8489 §14.7): CRC-32 of the message up to the attribute, XOR 0x5354554E.
    /// <c>false</c> if the attribute is absent.
    /// </summary>
    public bool VerifyFingerprint()
    {
        if (!HasFingerprint)
        {
            return false;
        }

        var patchedLength = _fingerprintOffset + StunMessage.AttributeHeaderLength + 4 - StunMessage.HeaderLength;
        var expected = BinaryPrimitives.ReadUInt32BigEndian(ValueAt(_fingerprintOffset));
        return StunIntegrity.ComputeFingerprint(_message, _fingerprintOffset, patchedLength) == expected;
    }

    private bool VerifyMac(bool sha256, ReadOnlySpan<byte> key, StunIntegrityKey? preparedKey)
    {
        var offset = sha256 ? _messageIntegritySha256Offset : _messageIntegrityOffset;
        return offset >= 0 && StunIntegrity.VerifyHmac(sha256, _message, offset, ValueAt(offset), key, preparedKey);
    }

    private ReadOnlySpan<byte> ValueAt(int attributeOffset) =>
        _message.Slice(
            attributeOffset + StunMessage.AttributeHeaderLength,
            BinaryPrimitives.ReadUInt16BigEndian(_message[(attributeOffset + 2)..]));
}
