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
    private ConferencePortal _conference = null!;

    public async Task InitializeAsync() =>
        _conference = await ConferencePortal.StartAsync(Secret, "--Sfu:ConnectTimeoutSeconds", "4", "--Sfu:ConsentTimeoutSeconds", "8");

    [Fact]
    public async Task The_first_participant_waits_alone_past_the_connect_timeout_and_both_keep_playing_past_the_consent_timeout()
    {
        string token = _conference.Token(2);
        string link = _conference.Link(token);
        await using Person alice = await _conference.NewPersonAsync();
        await using Person bob = await _conference.NewPersonAsync();

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
        string log = _conference.Portal.ReadLog();
        Assert.Contains("connected: DTLS 1.2", log); // the SFU's transport events do reach this log …
        Assert.DoesNotContain("closed: ConsentExpired", log); // … and none timed out
        Assert.DoesNotContain("closed: IceTimeout", log);
    }

    public async Task DisposeAsync()
    {
        if (_conference is not null) await _conference.DisposeAsync();
    }
}
