namespace RedConnect.Stun;

/// <summary>
/// One attribute of a parsed message: its type and its value bytes (without padding), as a view into the
/// datagram. Decode the value with <see cref="StunAttributeValue"/> or <see cref="StunAddress"/>.
/// </summary>
public readonly ref struct StunAttribute
{
    internal StunAttribute(ushort type, ReadOnlySpan<byte> value, int offset)
    {
        Type = type;
        Value = value;
        Offset = offset;
    }

    /// <summary>The attribute type (see <see cref="StunAttributeType"/>).</summary>
    public ushort Type { get; }

    /// <summary>The value, exactly as long as the attribute's length field says (padding excluded).</summary>
    public ReadOnlySpan<byte> Value { get; }

    /// <summary>Offset of the attribute header from the start of the message.</summary>
    public int Offset { get; }

    /// <summary>RFC 8489 §14: type below 0x8000.</summary>
    public bool IsComprehensionRequired => StunAttributeType.IsComprehensionRequired(Type);
}

/// <summary>
/// Enumerates the attributes of a <see cref="StunMessageReader"/> that a receiver must process, in wire
/// order, without allocating. Attributes the RFC says to ignore are skipped (see
/// <see cref="StunMessageReader.Attributes"/>).
/// </summary>
public ref struct StunAttributeEnumerator
{
    private readonly ReadOnlySpan<byte> _message;
    private int _next;
    private StunAttributeScope _scope;
    private StunAttribute _current;

    internal StunAttributeEnumerator(ReadOnlySpan<byte> message)
    {
        _message = message;
        _next = StunMessage.HeaderLength;
        _scope = default;
        _current = default;
    }

    /// <summary>The attribute at the current position.</summary>
    public readonly StunAttribute Current => _current;

    /// <summary>Returns this enumerator, so it works with <c>foreach</c>.</summary>
    public readonly StunAttributeEnumerator GetEnumerator() => this;

    /// <summary>Advances to the next attribute that must be processed.</summary>
    public bool MoveNext()
    {
        // Bounds were validated by StunMessageReader.TryParse; the checks here only keep a default-constructed
        // enumerator safe.
        while (_next + StunMessage.AttributeHeaderLength <= _message.Length)
        {
            var offset = _next;
            var type = (ushort)((_message[offset] << 8) | _message[offset + 1]);
            var length = (_message[offset + 2] << 8) | _message[offset + 3];
            var valueStart = offset + StunMessage.AttributeHeaderLength;
            if (valueStart + length > _message.Length)
            {
                return false;
            }

            _next = valueStart + StunMessage.PaddedLength(length);
            switch (_scope.Classify(type))
            {
                case StunAttributeScope.Verdict.Process:
                    _current = new StunAttribute(type, _message.Slice(valueStart, length), offset);
                    return true;
                case StunAttributeScope.Verdict.Ignore:
                    continue;
                default:
                    return false;
            }
        }

        return false;
    }
}

/// <summary>
/// RFC 8489 §14.5–§14.7: which attributes count. After MESSAGE-INTEGRITY only MESSAGE-INTEGRITY-SHA256 and
/// FINGERPRINT are processed; after MESSAGE-INTEGRITY-SHA256 only FINGERPRINT; FINGERPRINT is the last
/// attribute, anything after it is ignored. Shared by the parser and the enumerator so both agree.
/// </summary>
internal struct StunAttributeScope
{
    private byte _state; // 0 = open, 1 = after MI, 2 = after MI-SHA256, 3 = after FINGERPRINT

    internal enum Verdict
    {
        Process,
        Ignore,
        End,
    }

    public Verdict Classify(ushort type)
    {
        switch (_state)
        {
            case 0:
                _state = type switch
                {
                    StunAttributeType.MessageIntegrity => 1,
                    StunAttributeType.MessageIntegritySha256 => 2,
                    StunAttributeType.Fingerprint => 3,
                    _ => 0,
                };
                return Verdict.Process;
            case 1 when type == StunAttributeType.MessageIntegritySha256:
                _state = 2;
                return Verdict.Process;
            case 1 or 2 when type == StunAttributeType.Fingerprint:
                _state = 3;
                return Verdict.Process;
            case 1 or 2:
                return Verdict.Ignore;
            default:
                return Verdict.End;
        }
    }
}
