using Microsoft.Playwright;
using RedConnect.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace RedConnect.EndToEnd.Tests.Conference;

/// <summary>
/// A conference outlives the SFU's timeouts. The portal here runs its SFU with the connect timeout at 4 s and the
/// consent timeout (RFC 7675) at 8 s, so what a real call meets after 15 and 30 s happens within seconds: the
/// first participant waits alone past the connect timeout (its subscriber connection has nothing to carry yet),
/// then both talk past the consent timeout, kept alive only by Chromium's own consent checks.
/// </summary>
public sealed class ConferenceTimeoutTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Secret = "conference-timeout-room-token-secret";
    private readonly string _workDirectory = Directory.CreateTempSubdirectory("redconnect-conference-timeouts-").FullName;
    private PortalProcess _portal = null!;
    private IPlaywright _playwright = null!;

    public async Task InitializeAsync()
    {
        _portal = await PortalProcess.StartAsync(_workDirectory,
            ["--Sfu:RoomTokenSecret", Secret, "--Sfu:ConnectTimeoutSeconds", "4", "--Sfu:ConsentTimeoutSeconds", "8"]);
        _playwright = await Chromium.CreatePlaywrightAsync();
    }

    [Fact]
    public async Task The_first_participant_waits_alone_past_the_connect_timeout_and_both_keep_playing_past_the_consent_timeout()
    {
        string token = ConferenceFixture.Token(2, secret: Secret);
        string link = new Uri(_portal.Origin, "/conference").ToString() + "#" + token + "&small";
        await using Person alice = await Person.StartAsync(_playwright, initScript: ConferencePage.RecordPeerConnections);
        await using Person bob = await Person.StartAsync(_playwright, initScript: ConferencePage.RecordPeerConnections);

        await alice.Page.GotoAsync(link);
        await Assertions.Expect(alice.Page.Locator("#conference")).ToBeVisibleAsync();
        await Task.Delay(TimeSpan.FromSeconds(6)); // alone, past the 4-s connect timeout
        Assert.Empty(await alice.Page.Locator("#error:visible").AllAsync());
        await Assertions.Expect(alice.Page.Locator("#conference")).ToBeVisibleAsync();

        await bob.Page.GotoAsync(link);
        await ConferencePage.ExpectTileCountAsync(alice.Page, 1);
        await ConferencePage.ExpectTileCountAsync(bob.Page, 1);
        string bobId = (await ConferencePage.TilesAsync(alice.Page)).Single();
        string aliceId = (await ConferencePage.TilesAsync(bob.Page)).Single();
        await ConferencePage.AssertDecodingFromAsync(alice.Page, [bobId], "alice");
        await ConferencePage.AssertDecodingFromAsync(bob.Page, [aliceId], "bob");

        await Task.Delay(TimeSpan.FromSeconds(10)); // past the 8-s consent timeout
        var alices = await ConferencePage.AssertDecodingFromAsync(alice.Page, [bobId], "alice after the consent timeout");
        var bobs = await ConferencePage.AssertDecodingFromAsync(bob.Page, [aliceId], "bob after the consent timeout");
        output.WriteLine($"alice: +{alices[(bobId, "video")].Frames} frames; bob: +{bobs[(aliceId, "video")].Frames} frames");
        Assert.Equal(1, await alice.Page.Locator("#grid .tile").CountAsync());
        Assert.Equal(1, await bob.Page.Locator("#grid .tile").CountAsync());
        Assert.Empty(await alice.Page.Locator("#error:visible").AllAsync());
        Assert.Empty(await bob.Page.Locator("#error:visible").AllAsync());
        string log = _portal.ReadLog();
        Assert.Contains("connected: DTLS 1.2", log); // the SFU's transport events do reach this log …
        Assert.DoesNotContain("closed: ConsentExpired", log); // … and none timed out
        Assert.DoesNotContain("closed: IceTimeout", log);
    }

    public Task DisposeAsync()
    {
        _playwright?.Dispose();
        _portal?.Dispose();
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
