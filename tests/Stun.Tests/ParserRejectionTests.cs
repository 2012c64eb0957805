using System.Buffers.Binary;

namespace RedConnect.Stun.Tests;

/// <summary>Malformed messages that <see cref="StunMessageReader.TryParse"/> must refuse.</summary>
public class ParserRejectionTests
{
    private static byte[] Copy(byte[] source) => (byte[])source.Clone();

    private static bool Parses(byte[] bytes) => StunMessageReader.TryParse(bytes, out _);

    [Fact]
    public void Rejects_every_truncation_of_a_valid_message()
    {
        var full = TestVectors.SampleRequest;
        for (var length = 0; length < full.Length; length++)
        {
            Assert.False(StunMessageReader.TryParse(full.AsSpan(0, length), out _), $"accepted {length} bytes");
        }
    }

    [Fact]
    public void Rejects_header_length_that_disagrees_with_datagram_size()
    {
        var longer = Copy(TestVectors.SampleRequest);
        longer[3] += 4;
        Assert.False(Parses(longer));

        var trailing = TestVectors.SampleRequest.Concat(new byte[4]).ToArray();
        Assert.False(Parses(trailing));
    }

    [Fact]
    public void Rejects_length_not_multiple_of_four()
    {
        var bytes = Copy(TestVectors.SampleRequest);
        var withExtra = bytes.Concat(new byte[2]).ToArray();
        withExtra[3] += 2;
        Assert.False(Parses(withExtra));
    }

    [Fact]
    public void Rejects_bad_magic_cookie()
    {
        var bytes = Copy(TestVectors.SampleRequest);
        bytes[4] = 0x00;
        Assert.False(Parses(bytes));
    }

    [Fact]
    public void Rejects_top_bits_set_in_message_type()
    {
        var bytes = Copy(TestVectors.SampleRequest);
        bytes[0] |= 0x40;
        Assert.False(Parses(bytes));
    }

    [Fact]
    public void Rejects_attribute_longer_than_the_message()
    {
        var bytes = Copy(TestVectors.SampleRequest);
        // SOFTWARE at offset 20: claim 0x1000 bytes.
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(22), 0x1000);
        Assert.False(Parses(bytes));
    }

    [Fact]
    public void Rejects_attribute_whose_padding_runs_past_the_end()
    {
        // A final attribute of 5 value bytes needs 3 padding bytes; send only the 5 (header length 12 → 9 is
        // unaligned, so build one whose header is aligned but whose TLV is not: length 5 in an 8-byte body).
        var bytes = new byte[20 + 8];
        TestVectors.SampleRequest.AsSpan(0, 20).CopyTo(bytes);
        bytes[2] = 0;
        bytes[3] = 8;
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(20), StunAttributeType.Software);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(22), 5);
        Assert.False(Parses(bytes));

        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(22), 4);
        Assert.True(Parses(bytes));
    }

    [Fact]
    public void Rejects_partial_attribute_header()
    {
        var bytes = new byte[20 + 4 + 4];
        TestVectors.SampleRequest.AsSpan(0, 20).CopyTo(bytes);
        bytes[2] = 0;
        bytes[3] = 8;
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(20), StunAttributeType.Priority);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(22), 4);
        // Four more bytes form a complete empty TLV: valid.
        Assert.True(Parses(bytes));
        // Two-byte body remainder cannot hold a TLV header (and is unaligned anyway).
        var shortBody = bytes.AsSpan(0, 26).ToArray();
        shortBody[3] = 6;
        Assert.False(Parses(shortBody));
    }

    [Fact]
    public void Rejects_message_integrity_of_wrong_length()
    {
        var bytes = Copy(TestVectors.SampleRequest);
        // MESSAGE-INTEGRITY header at offset 76: shrink its length from 20 to 16; padding stays aligned.
        Assert.Equal(StunAttributeType.MessageIntegrity, BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(76)));
        bytes[79] = 16;
        Assert.False(Parses(bytes));
    }

    [Fact]
    public void Rejects_fingerprint_of_wrong_length()
    {
        var bytes = Copy(TestVectors.SampleRequest);
        bytes[^5] = 0;
        Assert.False(Parses(bytes));
    }

    [Fact]
    public void Accepts_nonzero_padding_as_rfc5769_uses_it()
    {
        // RFC 8489 §14: padding content is ignored by receivers; §2.1's username is padded with 0x20.
        Assert.True(Parses(TestVectors.SampleRequest));
    }

    [Fact]
    public void Address_decoders_reject_bad_family_and_length()
    {
        Assert.False(StunAddress.TryParse(TestVectors.Hex("00 03 00 50", "01 02 03 04"), out _));
        Assert.False(StunAddress.TryParse(TestVectors.Hex("00 01 00 50", "01 02 03 04", "00 00 00 00"), out _));
        Assert.False(StunAddress.TryParse(TestVectors.Hex("00 02 00 50", "01 02 03 04"), out _));
        Assert.False(StunAddress.TryParse(TestVectors.Hex("00 01 00"), out _));
        Assert.False(StunAddress.TryParseXor(TestVectors.Hex("00 01 00 50", "01 02 03 04"), new byte[11], out _));
    }

    [Fact]
    public void Value_decoders_reject_wrong_shapes()
    {
        Assert.False(StunAttributeValue.TryReadUInt32(new byte[3], out _));
        Assert.False(StunAttributeValue.TryReadUInt64(new byte[4], out _));
        Assert.False(StunAttributeValue.TryReadErrorCode(new byte[3], out _, out _));
        Assert.False(StunAttributeValue.TryReadErrorCode(TestVectors.Hex("00 00 02 01"), out _, out _)); // class 2
        Assert.False(StunAttributeValue.TryReadErrorCode(TestVectors.Hex("00 00 04 64"), out _, out _)); // number 100
        Assert.False(StunAttributeValue.TryReadUnknownAttributes(new byte[3], new ushort[4], out _));
        Assert.False(StunAttributeValue.TryReadEvenPort(new byte[2], out _));
        Assert.False(StunAttributeValue.TryReadPasswordAlgorithm(TestVectors.Hex("00 02 00 08", "00 00 00 00"), out _, out _));
        Assert.False(StunAttributeValue.TryReadPasswordAlgorithms(TestVectors.Hex("00 02 00 01", "00"), new StunPasswordAlgorithm[2], out _));
        Assert.False(StunAttributeValue.TryReadIcmp(new byte[4], out _, out _, out _));
        Assert.False(StunAttributeValue.TryReadChannelNumber(new byte[2], out _));
    }
}
