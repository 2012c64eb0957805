using Microsoft.Playwright;
using Xunit.Abstractions;

namespace RedConnect.EndToEnd.Tests.Conference;

/// <summary>
/// Real headless Chromium instances (one process each, fake camera and microphone at 320×240) in conferences
/// through the portal's in-process SFU: the page /conference#TOKEN, the hub /hubs/conference, the SFU's
/// ICE-lite/DTLS 1.2/SRTP forwarding. Everything is checked with the browsers' own getStats().
/// </summary>
[Collection(ConferenceCollection.Name)]
public sealed class ConferenceTests(ConferenceFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task One_browser_receives_its_own_stream_back_through_the_sfu_over_dtls_1_2()
    {
        await using var alice = await fixture.NewPersonAsync();
        string token = ConferenceFixture.Token(2);

        await alice.Page.GotoAsync(fixture.Link(token, loopback: true));

        // Its own stream comes back as the one tile: the picture plays and both tracks decode.
        await ConferencePage.ExpectTileCountAsync(alice.Page, 1);
        string self = (await ConferencePage.TilesAsync(alice.Page)).Single();
        await ConferencePage.AssertTilePlaysAsync(alice.Page, self);
        var growth = await ConferencePage.AssertDecodingFromAsync(alice.Page, [self], "alice");
        output.WriteLine($"loopback: +{growth[(self, "video")].Frames} frames, +{growth[(self, "audio")].Samples} samples");

        // Both connections (publisher and subscriber) negotiated DTLS 1.2 with the SFU, although Chromium offers 1.3 first.
        var transports = await ConferencePage.TransportsAsync(alice.Page);
        Assert.Equal(2, transports.Count);
        Assert.All(transports, t => Assert.Equal("FEFD", t.Tls));
        Assert.All(transports, t => Assert.Equal("connected", t.Dtls));
        Assert.Empty(await alice.Page.Locator("#error:visible").AllAsync());

        // The token travelled only inside the hub's WebSocket frames: in no request URL or body, and not in the server log.
        Assert.Contains(alice.Traffic.Entries, e => e.StartsWith("> ", StringComparison.Ordinal) && e.Contains(token, StringComparison.Ordinal));
        Assert.DoesNotContain(alice.Traffic.Entries, e => !e.StartsWith("> ", StringComparison.Ordinal) && e.Contains(token, StringComparison.Ordinal));
        Assert.DoesNotContain(token, fixture.Portal.ReadLog());
    }

    [Fact]
    public async Task Three_browsers_each_decode_the_other_two_videos_and_audios_and_keep_playing_when_a_fourth_joins_and_leaves()
    {
        string token = ConferenceFixture.Token(9);
        await using var alice = await fixture.NewPersonAsync();
        await using var bob = await fixture.NewPersonAsync();
        await using var carol = await fixture.NewPersonAsync();
        IPage[] three = [alice.Page, bob.Page, carol.Page];
        var started = DateTime.UtcNow;
        foreach (IPage page in three) await page.GotoAsync(fixture.Link(token));

        // (b) Each sees two tiles — the other two, never itself — and decodes both their videos and audios.
        foreach (IPage page in three) await ConferencePage.ExpectTileCountAsync(page, 2);
        var seen = new List<IReadOnlyList<string>>();
        foreach (IPage page in three) seen.Add(await ConferencePage.TilesAsync(page));
        var everyone = seen.SelectMany(s => s).Distinct().ToArray();
        Assert.Equal(3, everyone.Length);
        Assert.All(seen, tiles => Assert.Equal(2, tiles.Distinct().Count()));
        for (int i = 0; i < 3; i++)
        {
            var growth = await ConferencePage.AssertDecodingFromAsync(three[i], seen[i], Name(i));
            output.WriteLine($"{Name(i)} after {(DateTime.UtcNow - started).TotalSeconds:0.0} s: " + Describe(growth));
        }

        // (c) A fourth joins: everyone sees three others …
        string[] before = [.. seen.Select(s => s.ToArray()).SelectMany(s => s).Distinct()];
        await using (var dave = await fixture.NewPersonAsync())
        {
            await dave.Page.GotoAsync(fixture.Link(token));
            foreach (IPage page in three) await ConferencePage.ExpectTileCountAsync(page, 3);
            await ConferencePage.ExpectTileCountAsync(dave.Page, 3);
            string daveId = (await ConferencePage.TilesAsync(alice.Page)).Except(before).Single();
            await ConferencePage.AssertDecodingFromAsync(alice.Page, [daveId], "alice (dave)");

            // … and leaves: its page says so, its tile disappears everywhere, and the three keep decoding each other.
            await dave.Page.ClickAsync("#leave");
            await ConferencePage.ExpectStatusAsync(dave.Page, ConferencePage.Left);
            foreach (IPage page in three) await ConferencePage.ExpectTileCountAsync(page, 2);
            for (int i = 0; i < 3; i++)
            {
                Assert.DoesNotContain(daveId, await ConferencePage.TilesAsync(three[i]));
                var growth = await ConferencePage.AssertDecodingFromAsync(three[i], seen[i], Name(i) + " after dave left");
                output.WriteLine($"{Name(i)} after dave left: " + Describe(growth));
            }
        }
    }

    [Fact]
    public async Task A_join_beyond_the_rooms_limit_is_refused_with_a_clear_message_and_the_two_inside_keep_playing()
    {
        string token = ConferenceFixture.Token(2);
        await using var alice = await fixture.NewPersonAsync();
        await using var bob = await fixture.NewPersonAsync();
        await using var carol = await fixture.NewPersonAsync();
        await alice.Page.GotoAsync(fixture.Link(token));
        await bob.Page.GotoAsync(fixture.Link(token));
        await ConferencePage.ExpectTileCountAsync(alice.Page, 1);
        await ConferencePage.ExpectTileCountAsync(bob.Page, 1);
        string bobId = (await ConferencePage.TilesAsync(alice.Page)).Single();
        string aliceId = (await ConferencePage.TilesAsync(bob.Page)).Single();
        await ConferencePage.AssertDecodingFromAsync(alice.Page, [bobId], "alice");

        await carol.Page.GotoAsync(fixture.Link(token));

        await ConferencePage.ExpectErrorAsync(carol.Page, ConferencePage.RoomFull);
        await Assertions.Expect(carol.Page.Locator("#conference")).ToBeHiddenAsync();
        var alices = await ConferencePage.AssertDecodingFromAsync(alice.Page, [bobId], "alice after the refusal");
        var bobs = await ConferencePage.AssertDecodingFromAsync(bob.Page, [aliceId], "bob after the refusal");
        output.WriteLine("alice: " + Describe(alices) + "; bob: " + Describe(bobs));
        Assert.Equal(1, await alice.Page.Locator("#grid .tile").CountAsync());
    }

    [Fact]
    public async Task Forged_expired_and_missing_links_are_refused_with_a_clear_message_in_german_and_english_on_request()
    {
        await using var person = await fixture.NewPersonAsync();
        IPage page = person.Page;

        await page.GotoAsync(fixture.Link(ConferenceFixture.Token(4, secret: "a-secret-the-server-does-not-know")));
        await ConferencePage.ExpectErrorAsync(page, "Dieser Konferenz-Link ist ungültig.");
        await page.ClickAsync("#languageToggle");
        await ConferencePage.ExpectErrorAsync(page, "This conference link is not valid.");
        await page.ClickAsync("#languageToggle");

        await page.GotoAsync(new Uri(fixture.Portal.Origin, "/conference").ToString() + "#" + ConferenceFixture.Token(4, validFor: TimeSpan.FromSeconds(-5)));
        await page.ReloadAsync(); // a fragment-only change does not reload the page
        await ConferencePage.ExpectErrorAsync(page, "Dieser Konferenz-Link ist abgelaufen.");

        await page.GotoAsync(new Uri(fixture.Portal.Origin, "/conference").ToString());
        await ConferencePage.ExpectErrorAsync(page, "Dieser Konferenz-Link ist unvollständig. Bitte öffnen Sie den Link aus Ihrer Einladung.");
        await Assertions.Expect(page.Locator("#conference")).ToBeHiddenAsync();
    }

    private static string Name(int index) => new[] { "alice", "bob", "carol" }[index];

    private static string Describe(IReadOnlyDictionary<(string Stream, string Kind), (long Frames, double Samples, long Packets)> growth) =>
        string.Join(", ", growth.Select(g => g.Key.Kind == "video" ? $"{g.Key.Stream[..5]} +{g.Value.Frames} frames" : $"{g.Key.Stream[..5]} +{g.Value.Samples:0} samples"));
}
