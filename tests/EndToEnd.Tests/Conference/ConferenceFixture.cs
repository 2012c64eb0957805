using System.Text;
using Microsoft.Playwright;
using RedConnect.EndToEnd.Tests.Infrastructure;
using RedConnect.Sfu.Node.Control;

// Browser tests run one at a time: four Chromium instances beside another collection's two would starve two cores.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace RedConnect.EndToEnd.Tests.Conference;

/// <summary>
/// The real portal with its in-process SFU on 127.0.0.1 (ephemeral UDP port) and a room token secret the tests
/// know, so they mint room tokens exactly as the signaling would; one Playwright driver for all browsers.
/// </summary>
public sealed class ConferenceFixture : IAsyncLifetime
{
    private const string Secret = "conference-end-to-end-room-token-secret";

    private readonly string _workDirectory = Directory.CreateTempSubdirectory("redconnect-conference-").FullName;

    public PortalProcess Portal { get; private set; } = null!;
    public IPlaywright Playwright { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Portal = await PortalProcess.StartAsync(_workDirectory, ["--Sfu:RoomTokenSecret", Secret]);
        Playwright = await Chromium.CreatePlaywrightAsync();
    }

    /// <summary>A room token for a fresh room, as the signaling mints them.</summary>
    public static string Token(int maxParticipants, TimeSpan? validFor = null, string secret = Secret) =>
        RoomToken.Create(
            new RoomTokenClaims("e2e-" + Guid.NewGuid().ToString("N")[..12], maxParticipants, DateTimeOffset.UtcNow + (validFor ?? TimeSpan.FromMinutes(30))),
            Encoding.UTF8.GetBytes(secret));

    /// <summary>The conference link; "small" keeps the fake camera at 320×240 so several browsers fit on two cores.</summary>
    public string Link(string token, bool loopback = false) =>
        new Uri(Portal.Origin, "/conference").ToString() + "#" + token + "&small" + (loopback ? "&loopback" : "");

    public Task<Person> NewPersonAsync() => Person.StartAsync(Playwright, initScript: ConferencePage.RecordPeerConnections);

    public Task DisposeAsync()
    {
        Playwright?.Dispose();
        Portal?.Dispose();
        try
        {
            Directory.Delete(_workDirectory, recursive: true);
        }
        catch (IOException)
        {
            // a file still held open; the temp folder is cleaned by the system
        }
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class ConferenceCollection : ICollectionFixture<ConferenceFixture>
{
    public const string Name = "conference";
}
