using System.Buffers.Binary;
using System.Security.Cryptography;

namespace RedConnect.Stun;

/// <summary>
/// Writes one STUN message into a caller-supplied buffer (typically rented from
/// <see cref="System.Buffers.ArrayPool{T}"/>), allocating nothing. The header is written by the constructor,
/// each <c>Add…</c> appends one attribute with zero padding (RFC 8489 §14) and keeps the header length
/// current, and the message may be closed with <see cref="AddMessageIntegrity(ReadOnlySpan{byte})"/>,
/// <see cref="AddMessageIntegritySha256(ReadOnlySpan{byte})"/> and <see cref="AddFingerprint"/>, in that order. At any point
/// <see cref="Length"/> is the number of bytes to send.
/// </summary>
/// <remarks>
/// The writer throws only for programmer errors: a buffer too small for what is written, an attribute value
/// longer than 65535 bytes, a malformed transaction id, or an attribute added after the integrity/fingerprint
/// attributes. Size buffers for the largest message you build (1500 bytes covers every RedConnect message
/// except large DATA).
/// </remarks>
public ref partial struct StunMessageWriter
{
    private readonly Span<byte> _buffer;
    private int _length;
    private Stage _stage;

    private enum Stage : byte
    {
        Attributes,
        AfterMessageIntegrity,
        AfterMessageIntegritySha256,
        AfterFingerprint,
    }

    /// <summary>Starts a message: writes the 20-byte header with an empty body.</summary>
    /// <param name="buffer">Destination; must hold at least the header.</param>
    /// <param name="method">The STUN method.</param>
    /// <param name="messageClass">Request, indication, success or error response.</param>
    /// <param name="transactionId">12 bytes: fresh random for requests and indications
    /// (<see cref="NewTransactionId"/>), copied from the request for responses.</param>
    public StunMessageWriter(Span<byte> buffer, StunMethod method, StunClass messageClass, scoped ReadOnlySpan<byte> transactionId)
    {
        if (transactionId.Length != StunMessage.TransactionIdLength)
        {
            throw new ArgumentException("A STUN transaction id has 12 bytes.", nameof(transactionId));
        }

        if (buffer.Length < StunMessage.HeaderLength)
        {
            ThrowBufferTooSmall();
        }

        _buffer = buffer;
        _length = StunMessage.HeaderLength;
        _stage = Stage.Attributes;
        BinaryPrimitives.WriteUInt16BigEndian(buffer, StunMessageType.Encode(method, messageClass));
        BinaryPrimitives.WriteUInt16BigEndian(buffer[2..], 0);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[4..], StunMessage.MagicCookie);
        transactionId.CopyTo(buffer[8..]);
    }

    /// <summary>Fills <paramref name="destination"/> (12 bytes) with a new random transaction id
    /// (RFC 8489 §6: cryptographically random).</summary>
    public static void NewTransactionId(Span<byte> destination) =>
        RandomNumberGenerator.Fill(destination[..StunMessage.TransactionIdLength]);

    /// <summary>Bytes written so far: the size of the datagram to send.</summary>
    public readonly int Length => _length;

    /// <summary>The message written so far.</summary>
    public readonly ReadOnlySpan<byte> Written => _buffer[.._length];

    /// <summary>The transaction id in the header (for XOR-encoding addresses).</summary>
    public readonly ReadOnlySpan<byte> TransactionId => _buffer.Slice(8, StunMessage.TransactionIdLength);

    /// <summary>Appends an attribute with the given value, padded to 4 bytes.</summary>
    public void AddAttribute(ushort type, scoped ReadOnlySpan<byte> value) => value.CopyTo(AddAttribute(type, value.Length));

    /// <summary>
    /// Appends an attribute header for a value of <paramref name="valueLength"/> bytes, writes the zero padding,
    /// and returns the value span for the caller to fill (e.g. DATA copied straight from a socket buffer).
    /// </summary>
    public Span<byte> AddAttribute(ushort type, int valueLength)
    {
        if (_stage != Stage.Attributes)
        {
            throw new InvalidOperationException("Attributes cannot follow MESSAGE-INTEGRITY or FINGERPRINT.");
        }

        return Append(type, valueLength);
    }

    /// <summary>
    /// Appends MESSAGE-INTEGRITY (RFC 8489 §14.5): HMAC-SHA1 with <paramref name="key"/> over the message so
    /// far, the length field already counting the attribute itself. Key from <see cref="StunCredentials"/>.
    /// </summary>
    public void AddMessageIntegrity(scoped ReadOnlySpan<byte> key) => WriteMessageIntegrity(key, null);

    /// <summary>As <see cref="AddMessageIntegrity(ReadOnlySpan{byte})"/> with a prepared, reusable key (faster).</summary>
    public void AddMessageIntegrity(StunIntegrityKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        WriteMessageIntegrity(default, key);
    }

    /// <summary>
    /// Appends MESSAGE-INTEGRITY-SHA256 (RFC 8489 §14.6) with the full 32-byte HMAC-SHA256. May follow
    /// MESSAGE-INTEGRITY; must precede FINGERPRINT.
    /// </summary>
    public void AddMessageIntegritySha256(scoped ReadOnlySpan<byte> key) => WriteMessageIntegritySha256(key, null);

    /// <summary>As <see cref="AddMessageIntegritySha256(ReadOnlySpan{byte})"/> with a prepared, reusable key.</summary>
    public void AddMessageIntegritySha256(StunIntegrityKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        WriteMessageIntegritySha256(default, key);
    }

    private void WriteMessageIntegrity(scoped ReadOnlySpan<byte> key, StunIntegrityKey? preparedKey)
    {
        if (_stage != Stage.Attributes)
        {
            throw new InvalidOperationException("MESSAGE-INTEGRITY must precede MESSAGE-INTEGRITY-SHA256 and FINGERPRINT.");
        }

        AppendHmac(StunAttributeType.MessageIntegrity, sha256: false, StunIntegrity.Sha1Length, key, preparedKey);
        _stage = Stage.AfterMessageIntegrity;
    }

    private void WriteMessageIntegritySha256(scoped ReadOnlySpan<byte> key, StunIntegrityKey? preparedKey)
    {
        if (_stage is not (Stage.Attributes or Stage.AfterMessageIntegrity))
        {
            throw new InvalidOperationException("MESSAGE-INTEGRITY-SHA256 must precede FINGERPRINT and appear once.");
        }

        AppendHmac(StunAttributeType.MessageIntegritySha256, sha256: true, StunIntegrity.Sha256Length, key, preparedKey);
        _stage = Stage.AfterMessageIntegritySha256;
    }

    /// <summary>Appends FINGERPRINT (RFC 8489 §14.7), which must be the last attribute.</summary>
    public void AddFingerprint()
    {
        if (_stage == Stage.AfterFingerprint)
        {
            throw new InvalidOperationException("FINGERPRINT appears once, last.");
        }

        var offset = _length;
        var value = Append(StunAttributeType.Fingerprint, 4);
        var crc = StunIntegrity.ComputeFingerprint(_buffer, offset, _length - StunMessage.HeaderLength);
        BinaryPrimitives.WriteUInt32BigEndian(value, crc);
        _stage = Stage.AfterFingerprint;
    }

    private void AppendHmac(ushort type, bool sha256, int macLength, scoped ReadOnlySpan<byte> key, StunIntegrityKey? preparedKey)
    {
        var offset = _length;
        var value = Append(type, macLength);
        StunIntegrity.ComputeHmac(sha256, _buffer, offset, _length - StunMessage.HeaderLength, key, preparedKey, value);
    }

    private Span<byte> Append(ushort type, int valueLength)
    {
        if ((uint)valueLength > ushort.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(valueLength), "An attribute value is at most 65535 bytes.");
        }

        var padded = StunMessage.PaddedLength(valueLength);
        var end = _length + StunMessage.AttributeHeaderLength + padded;
        if (end > _buffer.Length)
        {
            ThrowBufferTooSmall();
        }

        if (end - StunMessage.HeaderLength > ushort.MaxValue)
        {
            throw new InvalidOperationException("A STUN message body is at most 65535 bytes.");
        }

        var header = _buffer[_length..];
        BinaryPrimitives.WriteUInt16BigEndian(header, type);
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], (ushort)valueLength);
        var valueStart = _length + StunMessage.AttributeHeaderLength;
        _buffer.Slice(valueStart + valueLength, padded - valueLength).Clear();
        _length = end;
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[2..], (ushort)(end - StunMessage.HeaderLength));
        return _buffer.Slice(valueStart, valueLength);
    }

    private static void ThrowBufferTooSmall() =>
        throw new ArgumentException("The buffer is too small for the STUN message being written.");
}
