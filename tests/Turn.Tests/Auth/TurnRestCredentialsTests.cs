using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using RedConnect.Turn.Auth;

namespace RedConnect.Turn.Tests.Auth;

public sealed class TurnRestCredentialsTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Now);

    [Fact]
    public void Mint_builds_expiry_colon_id_and_base64_hmac_sha1_password()
    {
        var (username, password) = TurnRestCredentials.Mint("s3cret", Now.AddHours(1), "room42-alice");

        Assert.Equal($"{Now.AddHours(1).ToUnixTimeSeconds()}:room42-alice", username);
        var expected = Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes("s3cret"), Encoding.UTF8.GetBytes(username)));
        Assert.Equal(expected, password);
    }

    [Fact]
    public void Known_vector_matches_the_turn_rest_draft_computation()
    {
        // echo -n "1700000000:user" | openssl dgst -sha1 -hmac "secret" -binary | base64
        Assert.Equal("I/MZeIG6MwzOV8Uubr9liB2556o=", TurnRestCredentials.ComputePassword("secret", "1700000000:user"));
    }

    [Fact]
    public void Minted_credentials_verify_until_expiry_and_not_after()
    {
        var (username, password) = TurnRestCredentials.Mint("s3cret", Now.AddMinutes(5), "id");

        Assert.True(TurnRestCredentials.TryGetPassword(username, "s3cret", _time, out var derived));
        Assert.Equal(password, derived);

        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.True(TurnRestCredentials.TryGetPassword(username, "s3cret", _time, out _));

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(TurnRestCredentials.TryGetPassword(username, "s3cret", _time, out _));
    }

    [Fact]
    public void A_username_that_is_only_a_timestamp_is_accepted_as_coturn_does()
    {
        var (username, password) = TurnRestCredentials.Mint("s3cret", Now.AddMinutes(1), "");

        Assert.DoesNotContain(':', username);
        Assert.True(TurnRestCredentials.TryGetPassword(username, "s3cret", _time, out var derived));
        Assert.Equal(password, derived);
    }

    [Theory]
    [InlineData("")]
    [InlineData(":alice")]
    [InlineData("alice")]
    [InlineData("alice:1900000000")]
    [InlineData("-1900000000:alice")]
    [InlineData("+1900000000:alice")]
    [InlineData(" 1900000000:alice")]
    [InlineData("19000000x0:alice")]
    [InlineData("99999999999999999999:alice")]
    [InlineData("9999999999999999999:alice")]
    [InlineData("１９００００００００:alice")] // full-width digits
    public void Malformed_usernames_are_rejected(string username)
    {
        Assert.False(TurnRestCredentials.TryGetPassword(username, "s3cret", _time, out _));
    }

    [Fact]
    public void Every_configured_secret_yields_a_candidate_password_first_one_mints()
    {
        string[] secrets = ["new-secret", "old-secret"];
        var (username, password) = TurnRestCredentials.Mint(secrets[0], Now.AddMinutes(1), "x");
        var (_, oldPassword) = TurnRestCredentials.Mint(secrets[1], Now.AddMinutes(1), "x");

        Assert.True(TurnRestCredentials.TryGetPasswords(username, secrets, _time, out var candidates));
        Assert.Equal([password, oldPassword], candidates);
    }

    [Fact]
    public void No_secret_or_expired_username_gives_no_candidates()
    {
        var (username, _) = TurnRestCredentials.Mint("a", Now.AddMinutes(-1), "x");

        Assert.False(TurnRestCredentials.TryGetPasswords(username, ["a"], _time, out _));
        Assert.False(TurnRestCredentials.TryGetPasswords($"{Now.AddHours(1).ToUnixTimeSeconds()}:x", [], _time, out _));
    }
}
