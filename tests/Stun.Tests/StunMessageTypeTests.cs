namespace RedConnect.Stun.Tests;

/// <summary>RFC 8489 §5 method/class bit interleaving and RFC 7983 demultiplexing.</summary>
public class StunMessageTypeTests
{
    [Theory]
    [InlineData(StunMethod.Binding, StunClass.Request, 0x0001)]
    [InlineData(StunMethod.Binding, StunClass.Indication, 0x0011)]
    [InlineData(StunMethod.Binding, StunClass.SuccessResponse, 0x0101)]
    [InlineData(StunMethod.Binding, StunClass.ErrorResponse, 0x0111)]
    [InlineData(StunMethod.Allocate, StunClass.Request, 0x0003)]
    [InlineData(StunMethod.Allocate, StunClass.ErrorResponse, 0x0113)]
    [InlineData(StunMethod.Send, StunClass.Indication, 0x0016)]
    [InlineData(StunMethod.Data, StunClass.Indication, 0x0017)]
    [InlineData(StunMethod.ChannelBind, StunClass.SuccessResponse, 0x0109)]
    [InlineData(StunMethod.ConnectionAttempt, StunClass.Indication, 0x001C)]
    [InlineData((StunMethod)0x0FFF, StunClass.ErrorResponse, 0x3FFF)]
    public void Encode_places_class_bits_at_positions_4_and_8(StunMethod method, StunClass messageClass, int expected)
    {
        Assert.Equal((ushort)expected, StunMessageType.Encode(method, messageClass));
        Assert.Equal(method, StunMessageType.GetMethod((ushort)expected));
        Assert.Equal(messageClass, StunMessageType.GetClass((ushort)expected));
    }

    [Fact]
    public void Decode_inverts_encode_for_every_method_and_class()
    {
        for (var m = 0; m <= StunMessageType.MaxMethod; m++)
        {
            for (var c = 0; c < 4; c++)
            {
                var type = StunMessageType.Encode((StunMethod)m, (StunClass)c);
                Assert.True(type < 0x4000);
                Assert.Equal((StunMethod)m, StunMessageType.GetMethod(type));
                Assert.Equal((StunClass)c, StunMessageType.GetClass(type));
            }
        }
    }

    [Fact]
    public void Encode_rejects_method_wider_than_12_bits()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => StunMessageType.Encode((StunMethod)0x1000, StunClass.Request));
    }

    [Fact]
    public void IsStun_accepts_rfc5769_vectors()
    {
        Assert.True(StunMessage.IsStun(TestVectors.SampleRequest));
        Assert.True(StunMessage.IsStun(TestVectors.SampleIPv6Response));
    }

    [Theory]
    [InlineData(0x40)] // TURN ChannelData 0x4000..
    [InlineData(0x16)] // DTLS handshake (first byte 20..63)
    [InlineData(0x80)] // RTP/RTCP
    public void IsStun_rejects_other_protocols_sharing_the_port(int firstByte)
    {
        var datagram = (byte[])TestVectors.SampleRequest.Clone();
        datagram[0] = (byte)firstByte;
        Assert.False(StunMessage.IsStun(datagram));
    }

    [Fact]
    public void IsStun_rejects_wrong_cookie_short_input_and_unaligned_length()
    {
        var badCookie = (byte[])TestVectors.SampleRequest.Clone();
        badCookie[7] ^= 1;
        Assert.False(StunMessage.IsStun(badCookie));
        Assert.False(StunMessage.IsStun(TestVectors.SampleRequest.AsSpan(0, 19)));
        var unaligned = (byte[])TestVectors.SampleRequest.Clone();
        unaligned[3] = 0x57;
        Assert.False(StunMessage.IsStun(unaligned));
    }

    [Fact]
    public void TryParse_accepts_high_methods_that_IsStun_leaves_to_other_demultiplexers()
    {
        // Method 0xFFF puts 0x3F in the first byte: legal STUN (RFC 8489 §6.3) but outside RFC 7983's 0..3.
        var buffer = new byte[20];
        var writer = new StunMessageWriter(buffer, (StunMethod)0xFFF, StunClass.Request, new byte[12]);
        Assert.True(StunMessageReader.TryParse(writer.Written, out var msg));
        Assert.Equal((StunMethod)0xFFF, msg.Method);
        Assert.False(StunMessage.IsStun(writer.Written));
    }

    [Fact]
    public void TryGetMessageLength_frames_a_message_from_its_header()
    {
        Assert.True(StunMessage.TryGetMessageLength(TestVectors.SampleRequest.AsSpan(0, 20), out var total));
        Assert.Equal(TestVectors.SampleRequest.Length, total);
        Assert.False(StunMessage.TryGetMessageLength(TestVectors.SampleRequest.AsSpan(0, 12), out _));
    }

    [Fact]
    public void Comprehension_required_range_is_below_0x8000()
    {
        Assert.True(StunAttributeType.IsComprehensionRequired(0x0000));
        Assert.True(StunAttributeType.IsComprehensionRequired(0x7FFF));
        Assert.False(StunAttributeType.IsComprehensionRequired(0x8000));
        Assert.True(StunAttributeType.IsComprehensionOptional(0xFFFF));
    }

    [Fact]
    public void Default_reason_phrases_cover_all_listed_error_codes()
    {
        int[] codes = [300, 400, 401, 403, 420, 437, 438, 440, 441, 442, 443, 446, 447, 486, 487, 500, 508];
        foreach (var code in codes)
        {
            Assert.NotEqual(string.Empty, StunErrorCode.GetDefaultReason(code));
        }

        Assert.Equal("Stale Nonce", StunErrorCode.GetDefaultReason(StunErrorCode.StaleNonce));
        Assert.Equal(string.Empty, StunErrorCode.GetDefaultReason(599));
    }
}
