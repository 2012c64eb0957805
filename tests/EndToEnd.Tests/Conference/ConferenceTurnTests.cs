using System.Text.Json;
using Microsoft.Playwright;
using RedConnect.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace RedConnect.EndToEnd.Tests.Conference;

/// <summary>
/// A conference for people behind a clinic firewall that lets only TCP out: two real Chromium instances that may
/// only use relayed paths (<c>Signaling:IceTransportPolicy relay</c>) and reach the portal's in-process TURN server only
/// over TCP (<c>Turn:NoUdp</c>) see and hear each other through the SFU — every peer connection, publisher and
/// subscriber, runs over a TURN/TCP relay, with credentials the conference hub minted for the room token.
/// </summary>
public sealed class ConferenceTurnTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Secret = "conference-turn-room-token-secret";

    // Per connected peer connection: the selected pair's local candidate type and relay protocol, and bytes received.
    private const string SelectedPairsScript = """
        async () => {
          const result = [];
          for (const pc of window.__pcs) {
            if (pc.connectionState !== 'connected') continue;
            const stats = [...(await pc.getStats()).values()];
            const transport = stats.find(s => s.type === 'transport' && s.selectedCandidatePairId);
            const pair = transport && stats.find(s => s.id === transport.selectedCandidatePairId);
            const local = pair && stats.find(s => s.id === pair.localCandidateId);
            result.push({ type: local?.candidateType ?? '', relayProtocol: local?.relayProtocol ?? '', bytes: (pair?.bytesReceived ?? 0) + (pair?.bytesSent ?? 0) });
          }
          return JSON.stringify(result);
        }
        """;

    private ConferencePortal _conference = null!;

    private sealed record SelectedPair(string Type, string RelayProtocol, double Bytes);

    public async Task InitializeAsync()
    {
        _conference = await ConferencePortal.StartAsync(
            Secret,
            "--Signaling:IceTransportPolicy", "relay",
            // The SFU and the relayed addresses are all on 127.0.0.1: a test-only permission, off by default.
            "--Turn:AllowLoopbackPeers", "true",
            "--Turn:NoUdp", "true");
    }

    [Fact]
    public async Task Two_browsers_that_may_only_use_turn_over_tcp_see_and_hear_each_other_through_the_sfu()
    {
        string token = _conference.Token(2);
        string link = _conference.Link(token);
        await using Person alice = await _conference.NewPersonAsync();
        await using Person bob = await _conference.NewPersonAsync();

        await alice.Page.GotoAsync(link);
        await bob.Page.GotoAsync(link);
        await ConferencePage.ExpectTileCountAsync(alice.Page, 1);
        await ConferencePage.ExpectTileCountAsync(bob.Page, 1);
        string bobId = (await ConferencePage.TilesAsync(alice.Page)).Single();
        string aliceId = (await ConferencePage.TilesAsync(bob.Page)).Single();
        await ConferencePage.AssertDecodingFromAsync(alice.Page, [bobId], "alice");
        await ConferencePage.AssertDecodingFromAsync(bob.Page, [aliceId], "bob");

        foreach ((string who, IPage page) in new[] { ("alice", alice.Page), ("bob", bob.Page) })
        {
            string json = await page.EvaluateAsync<string>(SelectedPairsScript);
            output.WriteLine($"{who}: {json}");
            var pairs = JsonSerializer.Deserialize<List<SelectedPair>>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
            Assert.Equal(2, pairs.Count); // publisher and subscriber connection
            Assert.All(pairs, p =>
            {
                Assert.Equal("relay", p.Type);
                Assert.Equal("tcp", p.RelayProtocol);
                Assert.True(p.Bytes > 10_000, json);
            });
        }

        // The TURN credentials went only through the hub's WebSocket, never into a URL or the server log.
        Assert.DoesNotContain(token, _conference.Portal.ReadLog());
    }

    public async Task DisposeAsync()
    {
        if (_conference is not null) await _conference.DisposeAsync();
    }
}
