using System.Text;
using Microsoft.Playwright;
using RedConnect.EndToEnd.Tests.Infrastructure;
using RedConnect.Sfu.Node.Control;

namespace RedConnect.EndToEnd.Tests.Conference;

/// <summary>
/// A portal process with its in-process SFU on 127.0.0.1 (ephemeral UDP port), a room token secret the test knows —
/// so it mints room tokens exactly as the signaling would — and a Playwright driver for its browsers. Shared by the
/// conference collection (<see cref="ConferenceFixture"/>) and owned by tests that need other settings.
/// </summary>
public sealed class ConferencePortal : IAsyncDisposable
{
    private readonly string _secret;

    private ConferencePortal(string secret, PortalProcess portal, IPlaywright playwright)
    {
        _secret = secret;
        Portal = portal;
        Playwright = playwright;
    }

    public PortalProcess Portal { get; }

    public IPlaywright Playwright { get; }

    public static async Task<ConferencePortal> StartAsync(string roomTokenSecret, params string[] extraArguments)
    {
        PortalProcess portal = await PortalProcess.StartAsync(["--Sfu:RoomTokenSecret", roomTokenSecret, .. extraArguments]);
        try
        {
            return new ConferencePortal(roomTokenSecret, portal, await Chromium.CreatePlaywrightAsync());
        }
        catch
        {
            portal.Dispose();
            throw;
        }
    }

    /// <summary>A room token for a fresh room, as the signaling mints them.</summary>
    public string Token(int maxParticipants, TimeSpan? validFor = null) => Token(maxParticipants, validFor, _secret);

    public static string Token(int maxParticipants, TimeSpan? validFor, string secret) =>
        RoomToken.Create(
            new RoomTokenClaims("e2e-" + Guid.NewGuid().ToString("N")[..12], maxParticipants, DateTimeOffset.UtcNow + (validFor ?? TimeSpan.FromMinutes(30))),
            Encoding.UTF8.GetBytes(secret));

    /// <summary>The conference link; "small" keeps the fake camera at 320×240 so several browsers fit on two cores.</summary>
    public string Link(string token, bool loopback = false) =>
        new Uri(Portal.Origin, "/conference").ToString() + "#" + token + "&small" + (loopback ? "&loopback" : "");

    /// <summary>A browser whose peer connections the test can read (<see cref="ConferencePage.RecordPeerConnections"/>).</summary>
    public Task<Person> NewPersonAsync() => Person.StartAsync(Playwright, initScript: ConferencePage.RecordPeerConnections);

    public ValueTask DisposeAsync()
    {
        Playwright.Dispose();
        Portal.Dispose();
        return ValueTask.CompletedTask;
    }
}
