using System.Text;

namespace RedConnect.Stun.Tests;

/// <summary>RFC 8489 Appendix B.1: USERHASH, PASSWORD-ALGORITHM and MESSAGE-INTEGRITY-SHA256.</summary>
public class Rfc8489Tests
{
    [Fact]
    public void UserHash_of_rfc8489_username_and_realm_equals_rfc_value()
    {
        Span<byte> hash = stackalloc byte[32];
        StunCredentials.WriteUserHash(TestVectors.LongTermUsername, "example.org"u8, hash);
        Assert.Equal(TestVectors.Rfc8489UserHash, hash.ToArray());
    }

    [Fact]
    public void Verify_rfc8489_sha256_request_with_sha256_long_term_key_succeeds()
    {
        Assert.True(StunMessageReader.TryParse(TestVectors.SampleRequestSha256, out var msg));
        Assert.True(msg.TryGetValue(StunAttributeType.UserHash, out var userHash));
        Assert.Equal(TestVectors.Rfc8489UserHash, userHash.ToArray());
        Assert.True(msg.TryGetValue(StunAttributeType.Nonce, out var nonce));
        Assert.Equal(TestVectors.Sha256Nonce, Encoding.ASCII.GetString(nonce));
        Assert.True(msg.TryGetValue(StunAttributeType.PasswordAlgorithm, out var algorithmValue));
        Assert.True(StunAttributeValue.TryReadPasswordAlgorithm(algorithmValue, out var algorithm, out var parameters));
        Assert.Equal(StunPasswordAlgorithm.Sha256, algorithm);
        Assert.Equal(0, parameters.Length);

        Span<byte> key = stackalloc byte[32];
        var keyLength = StunCredentials.WriteLongTermKey(algorithm, TestVectors.LongTermUsername,
            "example.org"u8, "TheMatrIX"u8, key);

        Assert.Equal(32, keyLength);
        Assert.True(msg.HasMessageIntegritySha256);
        Assert.False(msg.HasMessageIntegrity);
        Assert.True(msg.VerifyMessageIntegritySha256(key));
    }

    [Fact]
    public void Verify_rfc8489_sha256_request_with_md5_derived_key_fails()
    {
        Assert.True(StunMessageReader.TryParse(TestVectors.SampleRequestSha256, out var msg));
        Span<byte> key = stackalloc byte[16];
        StunCredentials.WriteLongTermKey(StunPasswordAlgorithm.Md5, TestVectors.LongTermUsername,
            "example.org"u8, "TheMatrIX"u8, key);
        Assert.False(msg.VerifyMessageIntegritySha256(key));
    }

    [Fact]
    public void Writer_reproduces_rfc8489_sha256_request_byte_for_byte()
    {
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.Request,
            TestVectors.SampleRequestSha256.AsSpan(8, 12));
        Span<byte> userHash = stackalloc byte[32];
        StunCredentials.WriteUserHash(TestVectors.LongTermUsername, "example.org"u8, userHash);
        writer.AddAttribute(StunAttributeType.UserHash, userHash);
        writer.AddText(StunAttributeType.Nonce, TestVectors.Sha256Nonce);
        writer.AddText(StunAttributeType.Realm, TestVectors.LongTermRealm);
        writer.AddPasswordAlgorithm(StunPasswordAlgorithm.Sha256);
        Span<byte> key = stackalloc byte[32];
        StunCredentials.WriteLongTermKey(StunPasswordAlgorithm.Sha256, "マトリックス".AsSpan(),
            TestVectors.LongTermRealm, TestVectors.LongTermPassword, key);
        writer.AddMessageIntegritySha256(key);

        Assert.Equal(TestVectors.SampleRequestSha256, writer.Written.ToArray());
    }

    [Fact]
    public void Truncated_message_integrity_sha256_of_16_bytes_verifies()
    {
        // RFC 8489 §14.6 allows truncation to 16..32 bytes in steps of 4; the receiver compares the prefix.
        var full = TestVectors.SampleRequestSha256;
        var truncated = new byte[full.Length - 16];
        full.AsSpan(0, truncated.Length).CopyTo(truncated);
        truncated[3] = (byte)(truncated.Length - 20);
        var miOffset = truncated.Length - 20;
        truncated[miOffset + 3] = 16;

        Span<byte> key = stackalloc byte[32];
        StunCredentials.WriteLongTermKey(StunPasswordAlgorithm.Sha256, TestVectors.LongTermUsername,
            "example.org"u8, "TheMatrIX"u8, key);
        Assert.True(StunMessageReader.TryParse(truncated, out var msg));
        // The MAC now covers a different length field, so it must no longer verify unless recomputed.
        Assert.False(msg.VerifyMessageIntegritySha256(key));

        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.Request, full.AsSpan(8, 12));
        writer.AddAttribute(StunAttributeType.Realm, "example.org"u8);
        writer.AddMessageIntegritySha256(key);
        var message = writer.Written.ToArray();
        var shortened = message[..^16];
        shortened[3] -= 16;
        shortened[^17] = 16; // the MI-SHA256 length byte
        var mac16 = HmacPrefix(shortened, key);
        mac16.CopyTo(shortened, shortened.Length - 16);
        Assert.True(StunMessageReader.TryParse(shortened, out var shortMsg));
        Assert.True(shortMsg.VerifyMessageIntegritySha256(key));
    }

    private static byte[] HmacPrefix(byte[] message, ReadOnlySpan<byte> key)
    {
        var covered = message.AsSpan(0, message.Length - 20).ToArray();
        return System.Security.Cryptography.HMACSHA256.HashData(key, covered)[..16];
    }
}
