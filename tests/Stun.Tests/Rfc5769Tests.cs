using System.Net;
using System.Text;

namespace RedConnect.Stun.Tests;

/// <summary>RFC 5769 test vectors: parse, read attributes, verify MESSAGE-INTEGRITY and FINGERPRINT.</summary>
public class Rfc5769Tests
{
    private static readonly byte[] ShortTermKey = Encoding.UTF8.GetBytes(TestVectors.ShortTermPassword);
    private static readonly byte[] Rfc5769TransactionId = TestVectors.Hex("b7 e7 a7 01", "bc 34 d6 86", "fa 87 df ae");

    [Fact]
    public void Parse_rfc5769_sample_request_yields_binding_request_and_its_attributes()
    {
        Assert.True(StunMessageReader.TryParse(TestVectors.SampleRequest, out var msg));

        Assert.Equal(StunMethod.Binding, msg.Method);
        Assert.Equal(StunClass.Request, msg.Class);
        Assert.Equal(Rfc5769TransactionId, msg.TransactionId.ToArray());
        Assert.True(msg.TryGetValue(StunAttributeType.Software, out var software));
        Assert.Equal("STUN test client", Encoding.UTF8.GetString(software));
        Assert.True(msg.TryGetUInt32(StunAttributeType.Priority, out var priority));
        Assert.Equal(0x6e0001ffu, priority);
        Assert.True(msg.TryGetUInt64(StunAttributeType.IceControlled, out var tieBreaker));
        Assert.Equal(0x932ff9b151263b36ul, tieBreaker);
        // The 9-byte username is padded with spaces in the RFC; padding must not leak into the value.
        Assert.True(msg.TryGetValue(StunAttributeType.Username, out var username));
        Assert.Equal("evtj:h6vY", Encoding.UTF8.GetString(username));
        Assert.False(msg.HasUnknownComprehensionRequired);
    }

    [Fact]
    public void Verify_rfc5769_sample_request_with_short_term_password_succeeds()
    {
        Assert.True(StunMessageReader.TryParse(TestVectors.SampleRequest, out var msg));
        Assert.True(msg.VerifyMessageIntegrity(ShortTermKey));
        Assert.True(msg.VerifyFingerprint());
    }

    [Fact]
    public void Verify_rfc5769_sample_request_with_wrong_password_fails()
    {
        Assert.True(StunMessageReader.TryParse(TestVectors.SampleRequest, out var msg));
        Assert.False(msg.VerifyMessageIntegrity("VOkJxbRl1RmTxUk/WvJxBT"u8));
    }

    [Fact]
    public void Parse_rfc5769_ipv4_response_yields_xor_mapped_address()
    {
        Assert.True(StunMessageReader.TryParse(TestVectors.SampleIPv4Response, out var msg));

        Assert.Equal(StunMethod.Binding, msg.Method);
        Assert.Equal(StunClass.SuccessResponse, msg.Class);
        Assert.True(msg.TryGetXorAddress(StunAttributeType.XorMappedAddress, out var mapped));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853), mapped.ToIPEndPoint());
        Assert.True(msg.TryGetValue(StunAttributeType.Software, out var software));
        Assert.Equal("test vector", Encoding.UTF8.GetString(software));
        Assert.True(msg.VerifyMessageIntegrity(ShortTermKey));
        Assert.True(msg.VerifyFingerprint());
    }

    [Fact]
    public void Parse_rfc5769_ipv6_response_yields_xor_mapped_address()
    {
        Assert.True(StunMessageReader.TryParse(TestVectors.SampleIPv6Response, out var msg));

        Assert.Equal(StunClass.SuccessResponse, msg.Class);
        Assert.True(msg.TryGetXorAddress(StunAttributeType.XorMappedAddress, out var mapped));
        Assert.Equal(StunAddressFamily.IPv6, mapped.Family);
        Assert.Equal(
            new IPEndPoint(IPAddress.Parse("2001:db8:1234:5678:11:2233:4455:6677"), 32853),
            mapped.ToIPEndPoint());
        Assert.True(msg.VerifyMessageIntegrity(ShortTermKey));
        Assert.True(msg.VerifyFingerprint());
    }

    [Fact]
    public void Xor_mapped_address_written_for_rfc5769_transaction_equals_rfc_bytes()
    {
        // The XOR encoding alone (independent of padding and MAC) must reproduce the RFC's attribute values,
        // which start at offset 40 (header 20 + SOFTWARE 16 + XOR-MAPPED-ADDRESS header 4).
        Span<byte> v4 = stackalloc byte[8];
        StunAddress.FromIPEndPoint(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853)).WriteXorTo(v4, Rfc5769TransactionId);
        Assert.Equal(TestVectors.SampleIPv4Response.AsSpan(40, 8).ToArray(), v4.ToArray());

        Span<byte> v6 = stackalloc byte[20];
        StunAddress.FromIPEndPoint(new IPEndPoint(IPAddress.Parse("2001:db8:1234:5678:11:2233:4455:6677"), 32853))
            .WriteXorTo(v6, Rfc5769TransactionId);
        Assert.Equal(TestVectors.SampleIPv6Response.AsSpan(40, 20).ToArray(), v6.ToArray());
    }

    [Fact]
    public void Verify_rfc5769_long_term_request_with_md5_key_succeeds()
    {
        Assert.True(StunMessageReader.TryParse(TestVectors.SampleRequestLongTerm, out var msg));
        Assert.True(msg.TryGetValue(StunAttributeType.Username, out var username));
        Assert.Equal(TestVectors.LongTermUsername, username.ToArray());
        Assert.True(msg.TryGetValue(StunAttributeType.Realm, out var realm));
        Assert.True(msg.TryGetValue(StunAttributeType.Nonce, out var nonce));
        Assert.Equal(TestVectors.LongTermNonce, Encoding.ASCII.GetString(nonce));

        Span<byte> key = stackalloc byte[StunCredentials.MaxKeyLength];
        var keyLength = StunCredentials.WriteLongTermKey(
            StunPasswordAlgorithm.Md5, username, realm, "TheMatrIX"u8, key);

        Assert.Equal(16, keyLength);
        Assert.True(msg.VerifyMessageIntegrity(key[..keyLength]));
        Assert.False(msg.HasFingerprint);
        Assert.False(msg.VerifyFingerprint());
    }

    [Fact]
    public void Long_term_key_from_strings_equals_key_from_utf8_bytes()
    {
        Span<byte> fromBytes = stackalloc byte[16];
        Span<byte> fromChars = stackalloc byte[16];
        StunCredentials.WriteLongTermKey(StunPasswordAlgorithm.Md5, TestVectors.LongTermUsername,
            "example.org"u8, "TheMatrIX"u8, fromBytes);
        StunCredentials.WriteLongTermKey(StunPasswordAlgorithm.Md5, "マトリックス".AsSpan(),
            TestVectors.LongTermRealm, TestVectors.LongTermPassword, fromChars);
        Assert.Equal(fromBytes.ToArray(), fromChars.ToArray());
    }

    [Fact]
    public void Writer_reproduces_rfc5769_long_term_request_byte_for_byte()
    {
        // §2.4 pads with zeros, as our writer does, so the whole message including the HMAC must match.
        var buffer = new byte[256];
        var tid = TestVectors.SampleRequestLongTerm.AsSpan(8, 12);
        var writer = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.Request, tid);
        writer.AddAttribute(StunAttributeType.Username, TestVectors.LongTermUsername);
        writer.AddText(StunAttributeType.Nonce, TestVectors.LongTermNonce);
        writer.AddText(StunAttributeType.Realm, TestVectors.LongTermRealm);
        Span<byte> key = stackalloc byte[16];
        StunCredentials.WriteLongTermKey(StunPasswordAlgorithm.Md5, "マトリックス".AsSpan(),
            TestVectors.LongTermRealm, TestVectors.LongTermPassword, key);
        writer.AddMessageIntegrity(key);

        Assert.Equal(TestVectors.SampleRequestLongTerm, writer.Written.ToArray());
    }

    [Fact]
    public void Writer_output_for_rfc5769_request_attributes_verifies_with_same_password()
    {
        // §2.1 pads USERNAME with spaces, so our zero-padded output differs; it must still verify.
        Assert.True(StunMessageReader.TryParse(TestVectors.SampleRequest, out var original));
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, original.Method, original.Class, original.TransactionId);
        foreach (var attribute in original.Attributes)
        {
            if (attribute.Type is not (StunAttributeType.MessageIntegrity or StunAttributeType.Fingerprint))
            {
                writer.AddAttribute(attribute.Type, attribute.Value);
            }
        }

        writer.AddMessageIntegrity(ShortTermKey);
        writer.AddFingerprint();

        Assert.Equal(TestVectors.SampleRequest.Length, writer.Length);
        Assert.True(StunMessageReader.TryParse(writer.Written, out var rewritten));
        Assert.True(rewritten.VerifyMessageIntegrity(ShortTermKey));
        Assert.True(rewritten.VerifyFingerprint());
    }
}
