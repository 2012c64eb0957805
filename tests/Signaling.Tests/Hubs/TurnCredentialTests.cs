using System.Security.Cryptography;
using System.Text;
using RedConnect.Signaling.Hubs;

namespace RedConnect.Signaling.Tests.Hubs;

public sealed class TurnCredentialTests : IAsyncLifetime
{
    private const string Secret = "a-shared-secret-of-rc-turn-and-coturn";
    private SignalingHost _host = null!;

    public async Task InitializeAsync() => _host = await SignalingHost.StartAsync(new Dictionary<string, string?>
    {
        ["Signaling:Turn:Urls:0"] = "turn:{host}:3478?transport=udp",
        ["Signaling:Turn:Urls:1"] = "turns:turn.example.org:5349?transport=tcp",
        ["Signaling:Turn:Secret"] = Secret,
        ["Signaling:Turn:CredentialLifetimeMinutes"] = "60",
    });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Each_member_gets_its_own_coturn_compatible_time_limited_credentials()
    {
        var (organizerCode, participantCode) = _host.Store.AddAppointment(SignalingHost.Now);
        await using var organizer = await _host.ConnectAsync();
        await using var participant = await _host.ConnectAsync();

        var a = Assert.Single((await organizer.JoinAsync(organizerCode)).IceServers!);
        var b = Assert.Single((await participant.JoinAsync(participantCode)).IceServers!);

        Assert.Equal(["turn:127.0.0.1:3478?transport=udp", "turns:turn.example.org:5349?transport=tcp"], a.Urls);
        Assert.NotEqual(a.Username, b.Username);
        foreach (var server in new[] { a, b })
        {
            // username = "<unix expiry>:<opaque id>", password = base64(HMAC-SHA1(secret, username)): coturn use-auth-secret.
            var parts = server.Username!.Split(':');
            Assert.Equal(2, parts.Length);
            Assert.Equal(SignalingHost.Now.AddMinutes(60).ToUnixTimeSeconds(), long.Parse(parts[0]));
            var expected = Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(server.Username)));
            Assert.Equal(expected, server.Credential);
        }
    }

    [Fact]
    public async Task Credentials_reveal_nothing_about_the_code_or_room()
    {
        var (code, _) = _host.Store.AddAppointment(SignalingHost.Now);
        await using var client = await _host.ConnectAsync();
        var result = await client.JoinAsync(code);
        var username = Assert.Single(result.IceServers!).Username!;
        Assert.DoesNotContain(code, username, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(result.RoomId!, username, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Turn_urls_without_a_secret_stop_the_start_with_a_clear_message()
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => SignalingHost.StartAsync(new Dictionary<string, string?>
        {
            ["Signaling:Turn:Urls:0"] = "turn:{host}:3478",
        }));
        Assert.Contains("Signaling:Turn:Secret is required", failure.Message);
    }
}

public sealed class IceTransportPolicyTests
{
    [Fact]
    public async Task Relay_policy_reaches_the_browser_with_the_turn_server()
    {
        await using var host = await SignalingHost.StartAsync(new Dictionary<string, string?>
        {
            ["Signaling:IceTransportPolicy"] = "relay",
            ["Signaling:Turn:Urls:0"] = "turn:{host}:3478?transport=udp",
            ["Signaling:Turn:Secret"] = "a-shared-secret-of-rc-turn-and-coturn",
        });
        var (code, _) = host.Store.AddAppointment(SignalingHost.Now);
        await using var client = await host.ConnectAsync();

        var result = await client.JoinAsync(code);

        Assert.Equal("relay", result.IceTransportPolicy);
        Assert.Single(result.IceServers!);
    }

    [Fact]
    public async Task Default_policy_is_all()
    {
        await using var host = await SignalingHost.StartAsync();
        var (code, _) = host.Store.AddAppointment(SignalingHost.Now);
        await using var client = await host.ConnectAsync();
        Assert.Equal("all", (await client.JoinAsync(code)).IceTransportPolicy);
    }

    [Theory]
    [InlineData("relay", "needs a TURN server")]
    [InlineData("direct", "must be 'all' or 'relay'")]
    public async Task Bad_policies_stop_the_start_with_a_clear_message(string policy, string message)
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => SignalingHost.StartAsync(new Dictionary<string, string?>
        {
            ["Signaling:IceTransportPolicy"] = policy,
        }));
        Assert.Contains(message, failure.Message);
    }
}
