using System.Buffers.Binary;
using System.Text;

namespace RedConnect.Stun.Tests;

/// <summary>Tampering detection and the RFC 8489 §14 rules for attributes after the integrity attributes.</summary>
public class IntegrityTests
{
    private static readonly byte[] Key = Encoding.UTF8.GetBytes(TestVectors.ShortTermPassword);

    [Fact]
    public void Any_flipped_bit_before_message_integrity_is_detected()
    {
        // Flip each bit of the covered region except the length field and the type's top bits (which make
        // the message unparsable): MESSAGE-INTEGRITY must fail, or the parser must reject the message.
        var original = TestVectors.SampleIPv4Response;
        var miOffset = 48; // header 20 + SOFTWARE 16 + XOR-MAPPED-ADDRESS 12
        Assert.Equal(StunAttributeType.MessageIntegrity, BinaryPrimitives.ReadUInt16BigEndian(original.AsSpan(miOffset)));
        for (var i = 0; i < miOffset; i++)
        {
            for (var bit = 0; bit < 8; bit++)
            {
                var tampered = (byte[])original.Clone();
                tampered[i] ^= (byte)(1 << bit);
                if (StunMessageReader.TryParse(tampered, out var msg))
                {
                    Assert.False(msg.VerifyMessageIntegrity(Key), $"byte {i} bit {bit}");
                }
            }
        }
    }

    [Fact]
    public void Tampered_mac_value_fails_and_fingerprint_catches_it_too()
    {
        var tampered = (byte[])TestVectors.SampleRequest.Clone();
        tampered[80] ^= 0x01; // first byte of the HMAC
        Assert.True(StunMessageReader.TryParse(tampered, out var msg));
        Assert.False(msg.VerifyMessageIntegrity(Key));
        Assert.False(msg.VerifyFingerprint());
    }

    [Fact]
    public void Tampered_fingerprint_value_fails_while_integrity_still_holds()
    {
        var tampered = (byte[])TestVectors.SampleRequest.Clone();
        tampered[^1] ^= 0x80;
        Assert.True(StunMessageReader.TryParse(tampered, out var msg));
        Assert.False(msg.VerifyFingerprint());
        Assert.True(msg.VerifyMessageIntegrity(Key));
    }

    [Fact]
    public void Message_without_integrity_attributes_never_verifies()
    {
        var buffer = new byte[64];
        var writer = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.Request, new byte[12]);
        writer.AddUInt32(StunAttributeType.Priority, 1);
        Assert.True(StunMessageReader.TryParse(writer.Written, out var msg));
        Assert.False(msg.HasMessageIntegrity);
        Assert.False(msg.VerifyMessageIntegrity(Key));
        Assert.False(msg.VerifyMessageIntegritySha256(Key));
        Assert.False(msg.VerifyFingerprint());
    }

    [Fact]
    public void Attributes_after_message_integrity_are_ignored_except_sha256_and_fingerprint()
    {
        // Hand-build: PRIORITY, MI, USE-CANDIDATE (ignored), unknown 0x7777 (ignored), FINGERPRINT.
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.Request, new byte[12]);
        writer.AddUInt32(StunAttributeType.Priority, 7);
        writer.AddMessageIntegrity(Key);
        var miEnd = writer.Length;
        var bytes = writer.Written.ToArray().Concat(TestVectors.Hex("00 25 00 00", "77 77 00 00", "80 28 00 04", "00 00 00 00")).ToArray();
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2), (ushort)(bytes.Length - 20));
        // Fix up the FINGERPRINT so the message is otherwise genuine.
        var crc = System.IO.Hashing.Crc32.HashToUInt32(bytes.AsSpan(0, bytes.Length - 8)) ^ 0x5354554Eu;
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(bytes.Length - 4), crc);

        Assert.True(StunMessageReader.TryParse(bytes, out var msg));
        var types = new List<ushort>();
        foreach (var attribute in msg.Attributes)
        {
            types.Add(attribute.Type);
        }

        Assert.Equal([StunAttributeType.Priority, StunAttributeType.MessageIntegrity, StunAttributeType.Fingerprint], types);
        Assert.False(msg.Contains(StunAttributeType.UseCandidate));
        Assert.False(msg.HasUnknownComprehensionRequired);
        Assert.True(msg.VerifyFingerprint());
        // MI covers only what precedes it and counts the length up to its own end (RFC 8489 §14.5).
        Assert.True(msg.VerifyMessageIntegrity(Key));
        Assert.True(miEnd < bytes.Length);
    }

    [Fact]
    public void Attributes_after_fingerprint_are_ignored()
    {
        var buffer = new byte[128];
        var writer = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.Indication, new byte[12]);
        writer.AddFingerprint();
        var bytes = writer.Written.ToArray().Concat(TestVectors.Hex("00 24 00 04", "00 00 00 01")).ToArray();
        bytes[3] += 8;

        Assert.True(StunMessageReader.TryParse(bytes, out var msg));
        Assert.False(msg.Contains(StunAttributeType.Priority));
        Assert.True(msg.VerifyFingerprint());
    }

    [Fact]
    public void Unknown_comprehension_required_attributes_are_reported_for_420()
    {
        var buffer = new byte[128];
        var writer = new StunMessageWriter(buffer, StunMethod.Allocate, StunClass.Request, new byte[12]);
        writer.AddAttribute(0x7001, "x"u8);
        writer.AddAttribute(0xC001, "optional"u8); // comprehension-optional: silently ignored
        writer.AddRequestedTransport(17);
        writer.AddAttribute(0x0042, ReadOnlySpan<byte>.Empty);

        Assert.True(StunMessageReader.TryParse(writer.Written, out var msg));
        Assert.True(msg.HasUnknownComprehensionRequired);
        Span<ushort> unknown = stackalloc ushort[8];
        var count = msg.CopyUnknownComprehensionRequired(unknown);
        Assert.Equal(new ushort[] { 0x7001, 0x0042 }, unknown[..count].ToArray());
    }

    [Fact]
    public void Fingerprint_uses_ieee_crc32_as_system_io_hashing_computes_it()
    {
        var buffer = new byte[128];
        var writer = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.Request, TestVectors.Hex("00 11 22 33", "44 55 66 77", "88 99 aa bb"));
        writer.AddText(StunAttributeType.Software, "fingerprint check");
        writer.AddFingerprint();
        var bytes = writer.Written;
        var expected = System.IO.Hashing.Crc32.HashToUInt32(bytes[..^8]) ^ 0x5354554Eu;
        Assert.Equal(expected, BinaryPrimitives.ReadUInt32BigEndian(bytes[^4..]));
    }
}

/// <summary>The reusable <see cref="StunIntegrityKey"/> must behave exactly like the span-key path.</summary>
public class StunIntegrityKeyTests
{
    [Fact]
    public void Prepared_key_verifies_rfc5769_and_rfc8489_vectors()
    {
        using var shortTerm = new StunIntegrityKey("VOkJxbRl1RmTxUk/WvJxBt"u8);
        Assert.True(StunMessageReader.TryParse(TestVectors.SampleRequest, out var request));
        Assert.True(request.VerifyMessageIntegrity(shortTerm));
        Assert.True(StunMessageReader.TryParse(TestVectors.SampleIPv6Response, out var response));
        Assert.True(response.VerifyMessageIntegrity(shortTerm));

        Span<byte> key = stackalloc byte[32];
        StunCredentials.WriteLongTermKey(StunPasswordAlgorithm.Sha256, TestVectors.LongTermUsername,
            "example.org"u8, "TheMatrIX"u8, key);
        using var longTerm = new StunIntegrityKey(key);
        Assert.True(StunMessageReader.TryParse(TestVectors.SampleRequestSha256, out var sha256Request));
        Assert.True(sha256Request.VerifyMessageIntegritySha256(longTerm));
        Assert.False(sha256Request.VerifyMessageIntegritySha256(shortTerm));
    }

    [Fact]
    public void Prepared_key_writes_the_same_bytes_as_the_span_key()
    {
        var keyBytes = "per-session key"u8.ToArray();
        using var prepared = new StunIntegrityKey(keyBytes);
        var tid = TestVectors.Hex("00 11 22 33", "44 55 66 77", "88 99 aa bb");
        var a = new byte[128];
        var b = new byte[128];
        var withSpan = new StunMessageWriter(a, StunMethod.Binding, StunClass.SuccessResponse, tid);
        var withPrepared = new StunMessageWriter(b, StunMethod.Binding, StunClass.SuccessResponse, tid);
        withSpan.AddUInt32(StunAttributeType.Priority, 9);
        withPrepared.AddUInt32(StunAttributeType.Priority, 9);
        withSpan.AddMessageIntegrity(keyBytes);
        withPrepared.AddMessageIntegrity(prepared);
        withSpan.AddMessageIntegritySha256(keyBytes);
        withPrepared.AddMessageIntegritySha256(prepared);
        withSpan.AddFingerprint();
        withPrepared.AddFingerprint();
        Assert.Equal(withSpan.Written.ToArray(), withPrepared.Written.ToArray());
    }

    [Fact]
    public void Disposed_prepared_key_throws()
    {
        var prepared = new StunIntegrityKey("k"u8);
        prepared.Dispose();
        Assert.True(StunMessageReader.TryParse(TestVectors.SampleRequest, out _));
        Assert.Throws<ObjectDisposedException>(() =>
        {
            StunMessageReader.TryParse(TestVectors.SampleRequest, out var msg);
            return msg.VerifyMessageIntegrity(prepared);
        });
    }
}
