using System.Security.Cryptography;
using RedConnect.Signaling.Conference;
using RedConnect.Turn.Auth;

namespace RedConnect.Signaling.Tests.Conference;

/// <summary>
/// <c>GetIceServers</c>: a conference browser gets the STUN/TURN servers and its own TURN credentials before it makes
/// its offer — only with a valid room token, so our TURN server relays only for people the signaling admitted.
/// </summary>
public sealed class ConferenceIceServerTests
{
    private const string TurnSecret = "conference-turn-shared-secret";

    [Fact]
    public async Task A_token_holder_gets_the_configured_servers_and_turn_credentials_the_turn_server_accepts()
    {
        await using ConferenceHost host = await ConferenceHost.StartAsync(signaling: o =>
        {
            o.IceServers = [new() { Urls = ["stun:stun.example.org:3478"] }];
            o.Turn.Urls = ["turn:{host}:3478?transport=udp", "turn:{host}:3478?transport=tcp"];
            o.Turn.Secret = TurnSecret;
            o.IceTransportPolicy = "relay";
        });
        await using ConferenceClient client = await host.ConnectAsync();

        ConferenceIceConfiguration first = await client.GetIceServersAsync(host.Token("ice-room"));
        ConferenceIceConfiguration second = await client.GetIceServersAsync(host.Token("ice-room"));

        Assert.Null(first.Error);
        Assert.Equal("relay", first.IceTransportPolicy);
        Assert.Equal(2, first.IceServers!.Count);
        Assert.Equal(["stun:stun.example.org:3478"], first.IceServers[0].Urls);
        var turn = first.IceServers[1];
        Assert.Equal(["turn:127.0.0.1:3478?transport=udp", "turn:127.0.0.1:3478?transport=tcp"], turn.Urls);
        // coturn's REST scheme, as rc-turn checks it: "<expiry>:<random id>", password = base64(HMAC-SHA1(secret, username)).
        Assert.True(TurnRestCredentials.TryGetPassword(turn.Username!, TurnSecret, TimeProvider.System, out string? expected));
        Assert.Equal(expected, turn.Credential);
        Assert.True(TurnRestCredentials.TryGetExpiry(turn.Username!, out DateTimeOffset expiry) && expiry > DateTimeOffset.UtcNow.AddHours(1));
        Assert.NotEqual(turn.Username, second.IceServers![1].Username); // fresh credentials per request
        Assert.DoesNotContain("ice-room", turn.Username!);
        Assert.Empty(host.Control.Rooms); // asking creates nothing
    }

    [Fact]
    public async Task Without_a_turn_server_the_list_is_empty_and_the_policy_is_all()
    {
        await using ConferenceHost host = await ConferenceHost.StartAsync();
        await using ConferenceClient client = await host.ConnectAsync();

        ConferenceIceConfiguration answer = await client.GetIceServersAsync(host.Token("plain"));

        Assert.Null(answer.Error);
        Assert.Empty(answer.IceServers!);
        Assert.Equal("all", answer.IceTransportPolicy);
    }

    [Fact]
    public async Task Forged_expired_and_malformed_tokens_get_no_credentials()
    {
        await using ConferenceHost host = await ConferenceHost.StartAsync(signaling: o =>
        {
            o.Turn.Urls = ["turn:{host}:3478"];
            o.Turn.Secret = TurnSecret;
        });
        await using ConferenceClient client = await host.ConnectAsync();

        foreach ((string? token, string code) in new (string?, string)[]
                 {
                     (host.Token("x", secret: RandomNumberGenerator.GetBytes(32)), ConferenceErrors.InvalidToken),
                     (host.Token("x", validFor: TimeSpan.FromSeconds(-1)), ConferenceErrors.ExpiredToken),
                     ("not-a-token", ConferenceErrors.InvalidToken),
                     (null, ConferenceErrors.InvalidRequest),
                     (new string('a', 5000), ConferenceErrors.InvalidRequest),
                     (host.Token("x", max: ConferenceHost.MaxParticipantsPerRoom + 1), ConferenceErrors.InvalidToken),
                 })
        {
            ConferenceIceConfiguration answer = await client.GetIceServersAsync(token);
            Assert.Equal(code, answer.Error);
            Assert.Null(answer.IceServers);
        }

        Assert.Null((await client.GetIceServersAsync(host.Token("x"))).Error); // the connection is still usable
    }
}
