using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace RedConnect.Stun;

/// <summary>
/// The three message checks of RFC 8489: MESSAGE-INTEGRITY (§14.5), MESSAGE-INTEGRITY-SHA256 (§14.6) and
/// FINGERPRINT (§14.7). All three cover the message "up to but excluding" their own attribute, with the
/// header length field rewritten to end just after their own attribute. The reader and the writer share
/// these routines so that what we send is exactly what we accept.
/// </summary>
internal static class StunIntegrity
{
    /// <summary>FINGERPRINT value = CRC-32 XOR 0x5354554E ("STUN"), RFC 8489 §14.7.</summary>
    public const uint FingerprintXor = 0x5354554E;

    /// <summary>Length of the HMAC-SHA1 value.</summary>
    public const int Sha1Length = 20;

    /// <summary>Length of the full HMAC-SHA256 value.</summary>
    public const int Sha256Length = 32;

    // Messages up to this size are copied to the stack for hashing; larger ones go to the array pool.
    private const int StackCopyLimit = 1024;

    /// <summary>
    /// HMAC over <c>message[..attributeOffset]</c> with the header length patched to
    /// <paramref name="patchedLength"/>; writes the full MAC into <paramref name="mac"/>.
    /// </summary>
    [SkipLocalsInit]
    public static void ComputeHmac(bool sha256, ReadOnlySpan<byte> message, int attributeOffset, int patchedLength,
        ReadOnlySpan<byte> key, StunIntegrityKey? preparedKey, Span<byte> mac)
    {
        // The one-shot HMAC APIs need one contiguous input and the input must carry the patched length, so
        // the covered prefix is copied once: on the stack for normal datagrams, pooled for big ones.
        byte[]? rented = null;
        Span<byte> copy = attributeOffset <= StackCopyLimit
            ? stackalloc byte[StackCopyLimit]
            : (rented = ArrayPool<byte>.Shared.Rent(attributeOffset));
        try
        {
            var prefix = copy[..attributeOffset];
            message[..attributeOffset].CopyTo(prefix);
            BinaryPrimitives.WriteUInt16BigEndian(prefix[2..], (ushort)patchedLength);
            if (preparedKey is not null)
            {
                preparedKey.Compute(sha256, prefix, mac);
            }
            else if (sha256)
            {
                HMACSHA256.HashData(key, prefix, mac);
            }
            else
            {
                HMACSHA1.HashData(key, prefix, mac);
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>FINGERPRINT value for an attribute at <paramref name="attributeOffset"/>; header length patched.</summary>
    public static uint ComputeFingerprint(ReadOnlySpan<byte> message, int attributeOffset, int patchedLength)
    {
        Span<byte> length = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(length, (ushort)patchedLength);
        var state = Crc32.Append(Crc32.Initial, message[..2]);
        state = Crc32.Append(state, length);
        state = Crc32.Append(state, message[4..attributeOffset]);
        return Crc32.Finish(state) ^ FingerprintXor;
    }

    /// <summary>
    /// Verifies a MAC attribute whose value is <paramref name="expected"/> (20 bytes for SHA-1, 16–32 for
    /// SHA-256: §14.6 allows truncation to a multiple of 4, at least 16). Constant-time comparison.
    /// </summary>
    public static bool VerifyHmac(bool sha256, ReadOnlySpan<byte> message, int attributeOffset,
        ReadOnlySpan<byte> expected, ReadOnlySpan<byte> key, StunIntegrityKey? preparedKey)
    {
        Span<byte> mac = stackalloc byte[Sha256Length];
        var macLength = sha256 ? Sha256Length : Sha1Length;
        var patchedLength = attributeOffset + StunMessage.AttributeHeaderLength + expected.Length - StunMessage.HeaderLength;
        ComputeHmac(sha256, message, attributeOffset, patchedLength, key, preparedKey, mac[..macLength]);
        var equal = CryptographicOperations.FixedTimeEquals(mac[..expected.Length], expected);
        CryptographicOperations.ZeroMemory(mac);
        return equal;
    }
}
