using RedConnect.Turn.Auth;
using RedConnect.Turn.Tests.Coturn;

namespace RedConnect.Turn.Tests.Auth;

public sealed class LongTermKeyTests
{
    [Fact]
    public void Md5_key_hashes_utf8_of_username_realm_password_as_rfc_5769_credentials()
    {
        // RFC 5769 §2.4 credentials (password after OpaqueString); expected value from md5sum of the UTF-8 text.
        var key = LongTermKey.ComputeMd5("\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9", "example.org", "TheMatrIX");

        Assert.Equal("0xe8ca7ad59d5eb0518e312911d2dab2a9", LongTermKey.ToCoturnHex(key));
    }

    [Theory]
    [InlineData("alice", "example.org", "secret")]
    [InlineData("bob", "r.example", "p@ss:w0rd")]
    [InlineData("1700000000:room", "redconnect.test", "5G3pPoHJzVLVpdOzMtr6BYdUQfo=")]
    public async Task Md5_key_equals_the_output_of_coturn_turnadmin(string user, string realm, string password)
    {
        var result = await CoturnTools.RunAsync("turnadmin", ["-k", "-u", user, "-r", realm, "-p", password], TimeSpan.FromSeconds(20));

        var turnadminKey = result.AllOutput.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("0x", StringComparison.Ordinal));
        Assert.Equal(turnadminKey, LongTermKey.ToCoturnHex(LongTermKey.ComputeMd5(user, realm, password)));
    }

    [Fact]
    public void Coturn_hex_keys_parse_back_to_the_same_bytes()
    {
        var key = LongTermKey.ComputeMd5("alice", "example.org", "secret");

        Assert.True(LongTermKey.TryParseCoturnHex(LongTermKey.ToCoturnHex(key), out var parsed));
        Assert.Equal(key, parsed);
        Assert.True(LongTermKey.TryParseCoturnHex("0X543E1AEC5D3614F03141652D6ADA51B2", out _));
    }

    [Theory]
    [InlineData("543e1aec5d3614f03141652d6ada51b2")]
    [InlineData("0x543e1aec5d3614f03141652d6ada51b")]
    [InlineData("0x543e1aec5d3614f03141652d6ada51b2ff")]
    [InlineData("0x543e1aec5d3614f03141652d6ada51bg")]
    [InlineData("0x")]
    [InlineData("")]
    public void Malformed_hex_keys_are_rejected(string text)
    {
        Assert.False(LongTermKey.TryParseCoturnHex(text, out _));
    }

    [Fact]
    public void Static_users_with_password_or_hex_key_get_the_same_key()
    {
        var hex = LongTermKey.ToCoturnHex(LongTermKey.ComputeMd5("bob", "example.org", "pw"));
        var keys = new StaticUserKeys(new Dictionary<string, string> { ["alice"] = "secret", ["bob"] = hex }, "example.org");

        Assert.True(keys.TryGetKey("alice", out var alice));
        Assert.Equal(LongTermKey.ComputeMd5("alice", "example.org", "secret"), alice);
        Assert.True(keys.TryGetKey("bob", out var bob));
        Assert.Equal(LongTermKey.ComputeMd5("bob", "example.org", "pw"), bob);
        Assert.False(keys.TryGetKey("carol", out _));
    }

    [Fact]
    public void Sha256_key_is_the_rfc_8489_variant()
    {
        var key = LongTermKey.ComputeSha256("alice", "example.org", "secret");

        Assert.Equal(System.Security.Cryptography.SHA256.HashData("alice:example.org:secret"u8.ToArray()), key);
    }
}
