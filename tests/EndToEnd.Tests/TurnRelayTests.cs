using System.Text.Json;
using Microsoft.Playwright;
using RedConnect.EndToEnd.Tests.Infrastructure;

namespace RedConnect.EndToEnd.Tests;

/// <summary>
/// Issue 3: two real Chromium instances that may only use relayed paths (<c>iceTransportPolicy: "relay"</c>) complete
/// a call through the portal's in-process TURN server (our engine) — once reaching it over UDP, once over TCP.
/// </summary>
public sealed class TurnRelayTests
{
    // Keeps every RTCPeerConnection the page makes reachable from the test, to read its selected candidate pair.
    private const string RecordPeerConnections = """
        (() => {
          const Native = window.RTCPeerConnection;
          window.__pcs = [];
          window.RTCPeerConnection = function (...args) { const pc = new Native(...args); window.__pcs.push(pc); return pc; };
          window.RTCPeerConnection.prototype = Native.prototype;
        })();
        """;

    private const string SelectedLocalCandidate = """
        async () => {
          for (const pc of [...window.__pcs].reverse()) {
            if (pc.connectionState !== 'connected') continue;
            const stats = [...(await pc.getStats()).values()];
            const transport = stats.find(s => s.type === 'transport' && s.selectedCandidatePairId);
            const pair = transport && stats.find(s => s.id === transport.selectedCandidatePairId);
            const local = pair && stats.find(s => s.id === pair.localCandidateId);
            const remote = pair && stats.find(s => s.id === pair.remoteCandidateId);
            if (local) return JSON.stringify({ type: local.candidateType, relayProtocol: local.relayProtocol ?? null,
                                               remoteType: remote?.candidateType ?? null, bytes: pair.bytesReceived });
          }
          return null;
        }
        """;

    [Theory]
    [InlineData("udp")]
    [InlineData("tcp")]
    public async Task A_relay_only_call_goes_through_our_turn_server(string transport)
    {
        using var portal = await PortalProcess.StartAsync(
        [
            "--Signaling:IceTransportPolicy", "relay",
            // Both browsers' relayed addresses are on 127.0.0.1: a test-only permission, off by default.
            "--Turn:AllowLoopbackPeers", "true",
            transport == "udp" ? "--Turn:NoTcp" : "--Turn:NoUdp", "true",
        ]);
        using var playwright = await Chromium.CreatePlaywrightAsync();
        await using var organizer = await Person.StartAsync(playwright, initScript: RecordPeerConnections);
        await using var participant = await Person.StartAsync(playwright, initScript: RecordPeerConnections);

        await PortalUi.RegisterAndLoginAsync(organizer.Page, portal.Origin);
        var codes = await PortalUi.CreateAppointmentAsync(organizer.Page, portal.Origin, PortalUi.UniqueText("Patient "), DateTimeOffset.Now);
        await CallUi.JoinAsParticipantAsync(participant.Page, codes.ParticipantLink, PortalUi.UniqueText("Frau "));
        await organizer.Page.ClickAsync("#startCall");

        await CallUi.AssertRemoteVideoPlaysAsync(organizer.Page);
        await CallUi.AssertRemoteVideoPlaysAsync(participant.Page);
        foreach (var page in new[] { organizer.Page, participant.Page })
        {
            var json = await page.EvaluateAsync<string?>(SelectedLocalCandidate);
            Assert.NotNull(json);
            using var pair = JsonDocument.Parse(json);
            Assert.Equal("relay", pair.RootElement.GetProperty("type").GetString());
            Assert.Equal(transport, pair.RootElement.GetProperty("relayProtocol").GetString());
            Assert.True(pair.RootElement.GetProperty("bytes").GetDouble() > 10_000, json);
        }
    }
}
