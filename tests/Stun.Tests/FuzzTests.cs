using System.Buffers.Binary;

namespace RedConnect.Stun.Tests;

/// <summary>
/// Seeded random and mutation testing: parsing and verification must never throw on hostile bytes, and
/// whatever parses must have attribute views inside the message. Deterministic (fixed seeds) so a failure
/// reproduces.
/// </summary>
public class FuzzTests
{
    private static readonly byte[][] Seeds =
    [
        TestVectors.SampleRequest,
        TestVectors.SampleIPv4Response,
        TestVectors.SampleIPv6Response,
        TestVectors.SampleRequestLongTerm,
        TestVectors.SampleRequestSha256,
    ];

    [Fact]
    public void TryParse_and_verification_never_throw_on_120000_random_and_mutated_buffers()
    {
        var random = new Random(8489);
        var parsed = 0;
        var key = "VOkJxbRl1RmTxUk/WvJxBt"u8.ToArray();
        for (var i = 0; i < 120_000; i++)
        {
            var buffer = (i % 3) switch
            {
                0 => RandomWithStunHeader(random),
                1 => Mutate(random, Seeds[random.Next(Seeds.Length)]),
                _ => RandomBytes(random, random.Next(0, 200)),
            };

            if (Exercise(buffer, key))
            {
                parsed++;
            }
        }

        // The generators must reach past the header checks often, or this test proves little.
        Assert.True(parsed > 20_000, $"only {parsed} buffers parsed");
    }

    [Fact]
    public void Everything_the_writer_produces_parses_and_verifies()
    {
        var random = new Random(5769);
        var buffer = new byte[4096];
        var tid = new byte[12];
        var sha1Key = new byte[16];
        var sha256Key = new byte[32];
        for (var i = 0; i < 5_000; i++)
        {
            random.NextBytes(tid);
            random.NextBytes(sha1Key);
            random.NextBytes(sha256Key);
            var writer = new StunMessageWriter(buffer, (StunMethod)random.Next(0, 0x1000), (StunClass)random.Next(4), tid);
            var attributes = random.Next(0, 12);
            for (var a = 0; a < attributes; a++)
            {
                var value = RandomBytes(random, random.Next(0, 120));
                // Stay clear of the integrity/fingerprint types, which the writer appends itself.
                var type = (ushort)random.Next(0x0000, 0x10000);
                if (type is StunAttributeType.MessageIntegrity or StunAttributeType.MessageIntegritySha256 or StunAttributeType.Fingerprint)
                {
                    type = StunAttributeType.Software;
                }

                writer.AddAttribute(type, value);
            }

            var useSha1 = random.Next(2) == 0;
            var useSha256 = random.Next(2) == 0;
            if (useSha1)
            {
                writer.AddMessageIntegrity(sha1Key);
            }

            if (useSha256)
            {
                writer.AddMessageIntegritySha256(sha256Key);
            }

            writer.AddFingerprint();

            Assert.True(StunMessageReader.TryParse(writer.Written, out var msg));
            Assert.Equal(useSha1, msg.VerifyMessageIntegrity(sha1Key));
            Assert.Equal(useSha256, msg.VerifyMessageIntegritySha256(sha256Key));
            Assert.True(msg.VerifyFingerprint());
        }
    }

    private static bool Exercise(byte[] buffer, byte[] key)
    {
        _ = StunMessage.IsStun(buffer);
        _ = StunMessage.TryGetMessageLength(buffer, out _);
        if (!StunMessageReader.TryParse(buffer, out var msg))
        {
            return false;
        }

        _ = msg.Method;
        _ = msg.Class;
        _ = msg.VerifyMessageIntegrity(key);
        _ = msg.VerifyMessageIntegritySha256(key);
        _ = msg.VerifyFingerprint();
        Span<ushort> unknown = stackalloc ushort[16];
        _ = msg.CopyUnknownComprehensionRequired(unknown);
        _ = msg.TryGetErrorCode(out _, out _);
        Span<StunPasswordAlgorithm> algorithms = stackalloc StunPasswordAlgorithm[4];
        foreach (var attribute in msg.Attributes)
        {
            Assert.True(attribute.Offset >= StunMessage.HeaderLength);
            Assert.True(attribute.Offset + StunMessage.AttributeHeaderLength + attribute.Value.Length <= buffer.Length);
            var value = attribute.Value;
            _ = StunAddress.TryParse(value, out _);
            _ = StunAddress.TryParseXor(value, msg.TransactionId, out _);
            _ = StunAttributeValue.TryReadUInt32(value, out _);
            _ = StunAttributeValue.TryReadUInt64(value, out _);
            _ = StunAttributeValue.TryReadErrorCode(value, out _, out _);
            _ = StunAttributeValue.TryReadAddressErrorCode(value, out _, out _, out _);
            _ = StunAttributeValue.TryReadUnknownAttributes(value, unknown, out _);
            _ = StunAttributeValue.TryReadChannelNumber(value, out _);
            _ = StunAttributeValue.TryReadRequestedTransport(value, out _);
            _ = StunAttributeValue.TryReadAddressFamily(value, out _);
            _ = StunAttributeValue.TryReadEvenPort(value, out _);
            _ = StunAttributeValue.TryReadChangeRequest(value, out _, out _);
            _ = StunAttributeValue.TryReadIcmp(value, out _, out _, out _);
            _ = StunAttributeValue.TryReadPasswordAlgorithm(value, out _, out _);
            _ = StunAttributeValue.TryReadPasswordAlgorithms(value, algorithms, out _);
        }

        return true;
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] RandomWithStunHeader(Random random)
    {
        // A plausible header with a consistent length, then random TLVs: exercises the attribute walk.
        var body = random.Next(0, 40) * 4;
        var bytes = RandomBytes(random, 20 + body);
        bytes[0] &= 0x3F;
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2), (ushort)body);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4), StunMessage.MagicCookie);
        var offset = 20;
        while (offset + 4 <= bytes.Length && random.Next(4) != 0)
        {
            var type = random.Next(4) == 0
                ? (ushort)random.Next(0x10000)
                : new[] { StunAttributeType.MessageIntegrity, StunAttributeType.MessageIntegritySha256, StunAttributeType.Fingerprint, StunAttributeType.XorMappedAddress, StunAttributeType.ErrorCode, StunAttributeType.PasswordAlgorithms }[random.Next(6)];
            var length = random.Next(0, bytes.Length - offset - 4 + 8);
            BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(offset), type);
            BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(offset + 2), (ushort)length);
            offset += 4 + ((length + 3) & ~3);
        }

        return bytes;
    }

    private static byte[] Mutate(Random random, byte[] seed)
    {
        var bytes = (byte[])seed.Clone();
        switch (random.Next(5))
        {
            case 0: // flip a few bits
                for (var n = random.Next(1, 4); n > 0; n--)
                {
                    bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                }

                return bytes;
            case 1: // overwrite an attribute length
                var at = 20 + random.Next((bytes.Length - 20) / 4) * 4;
                BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(at + 2), (ushort)random.Next(0x10000));
                return bytes;
            case 2: // truncate and fix the header length
                var cut = bytes.AsSpan(0, 20 + random.Next((bytes.Length - 20) / 4 + 1) * 4).ToArray();
                BinaryPrimitives.WriteUInt16BigEndian(cut.AsSpan(2), (ushort)(cut.Length - 20));
                return cut;
            case 3: // append junk and fix the header length
                var longer = bytes.Concat(RandomBytes(random, random.Next(1, 12) * 4)).ToArray();
                BinaryPrimitives.WriteUInt16BigEndian(longer.AsSpan(2), (ushort)(longer.Length - 20));
                return longer;
            default: // random byte anywhere
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                return bytes;
        }
    }
}
