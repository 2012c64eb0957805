using System.Text;
using Microsoft.Playwright;
using RedConnect.EndToEnd.Tests.Infrastructure;
using RedConnect.Sfu.Node.Control;
using Xunit.Abstractions;

namespace RedConnect.EndToEnd.Tests.Conference;

/// <summary>
/// The portal without an SFU of its own, driving a separate rc-sfu process over the signed HTTP control API
/// (Sfu:ControlUrl + Sfu:NodeSecret); subscriber offers then come by long-poll instead of an in-process event.
/// </summary>
[Collection(ConferenceCollection.Name)]
public sealed class RemoteSfuConferenceTests(ConferenceFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    private const string NodeSecret = "remote-sfu-node-secret-for-the-end-to-end-test";
    private const string RoomTokenSecret = "remote-sfu-room-token-secret";

    private RcSfuProcess _sfu = null!;
    private PortalProcess _portal = null!;

    public async Task InitializeAsync()
    {
        _sfu = await RcSfuProcess.StartAsync(NodeSecret, RoomTokenSecret);
        _portal = await PortalProcess.StartAsync(
            ["--Sfu:ControlUrl", _sfu.ControlUrl.ToString(), "--Sfu:NodeSecret", NodeSecret, "--Sfu:RoomTokenSecret", RoomTokenSecret]);
    }

    public Task DisposeAsync()
    {
        _portal?.Dispose();
        _sfu?.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Two_browsers_see_and_hear_each_other_through_a_remote_rc_sfu_and_a_leaver_disappears()
    {
        string token = RoomToken.Create(new RoomTokenClaims("remote-room", 4, DateTimeOffset.UtcNow.AddMinutes(30)), Encoding.UTF8.GetBytes(RoomTokenSecret));
        string link = new Uri(_portal.Origin, "/conference").ToString() + "#" + token + "&small";
        await using var alice = await fixture.NewPersonAsync();
        await using var bob = await fixture.NewPersonAsync();

        await alice.Page.GotoAsync(link);
        await ConferencePage.ExpectStatusAsync(alice.Page, "Sie sind bisher allein in der Konferenz.");
        await bob.Page.GotoAsync(link);

        // Alice learns of Bob's tracks only through a subscriber offer fetched by the long-poll.
        await ConferencePage.ExpectTileCountAsync(alice.Page, 1);
        await ConferencePage.ExpectTileCountAsync(bob.Page, 1);
        string bobId = (await ConferencePage.TilesAsync(alice.Page)).Single();
        string aliceId = (await ConferencePage.TilesAsync(bob.Page)).Single();
        Assert.NotEqual(aliceId, bobId);
        var alices = await ConferencePage.AssertDecodingFromAsync(alice.Page, [bobId], "alice");
        var bobs = await ConferencePage.AssertDecodingFromAsync(bob.Page, [aliceId], "bob");
        output.WriteLine($"alice +{alices[(bobId, "video")].Frames} frames, bob +{bobs[(aliceId, "video")].Frames} frames");

        await bob.Page.ClickAsync("#leave");

        await ConferencePage.ExpectStatusAsync(bob.Page, ConferencePage.Left);
        await ConferencePage.ExpectTileCountAsync(alice.Page, 0);
        await ConferencePage.ExpectStatusAsync(alice.Page, "Sie sind bisher allein in der Konferenz.");
        Assert.DoesNotContain(token, _portal.ReadLog());
        Assert.DoesNotContain(token, _sfu.Log);
    }

    [Fact]
    public async Task A_participant_the_sfu_drops_sees_why_and_the_other_sees_it_go()
    {
        string token = RoomToken.Create(new RoomTokenClaims("remote-drop", 4, DateTimeOffset.UtcNow.AddMinutes(30)), Encoding.UTF8.GetBytes(RoomTokenSecret));
        string link = new Uri(_portal.Origin, "/conference").ToString() + "#" + token + "&small";
        await using var alice = await fixture.NewPersonAsync();
        await using var bob = await fixture.NewPersonAsync();
        await alice.Page.GotoAsync(link);
        await bob.Page.GotoAsync(link);
        await ConferencePage.ExpectTileCountAsync(bob.Page, 1);
        string aliceId = (await ConferencePage.TilesAsync(bob.Page)).Single();
        await ConferencePage.AssertDecodingFromAsync(bob.Page, [aliceId], "bob");

        // The SFU removes Alice on its own (as its consent timeout would): here through its signed control API.
        using var http = new HttpClient { BaseAddress = _sfu.ControlUrl, Timeout = TimeSpan.FromSeconds(20) };
        var control = new HttpSfuControl(http, new ControlRequestSigner(Encoding.UTF8.GetBytes(NodeSecret)));
        await control.LeaveAsync(token, aliceId);

        // Alice's page says what happened and shows nobody; Bob's shows her gone and him alone.
        await ConferencePage.ExpectStatusAsync(alice.Page, ConferencePage.Removed);
        await Assertions.Expect(alice.Page.Locator("#conference")).ToBeHiddenAsync();
        await ConferencePage.ExpectTileCountAsync(bob.Page, 0);
        await ConferencePage.ExpectStatusAsync(bob.Page, "Sie sind bisher allein in der Konferenz.");

        // One click and she is back: both see and hear each other again.
        await alice.Page.ClickAsync("#rejoin");
        await ConferencePage.ExpectTileCountAsync(alice.Page, 1);
        await ConferencePage.ExpectTileCountAsync(bob.Page, 1);
        string bobId = (await ConferencePage.TilesAsync(alice.Page)).Single();
        string newAliceId = (await ConferencePage.TilesAsync(bob.Page)).Single();
        Assert.NotEqual(aliceId, newAliceId); // a fresh participant
        await ConferencePage.AssertDecodingFromAsync(alice.Page, [bobId], "alice after rejoining");
        await ConferencePage.AssertDecodingFromAsync(bob.Page, [newAliceId], "bob after alice rejoined");
        await Assertions.Expect(alice.Page.Locator("#rejoin")).ToBeHiddenAsync();
    }
}
