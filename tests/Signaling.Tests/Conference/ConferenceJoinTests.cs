using System.Security.Cryptography;
using RedConnect.Signaling.Conference;

namespace RedConnect.Signaling.Tests.Conference;

public sealed class ConferenceJoinTests : IAsyncLifetime
{
    private ConferenceHost _host = null!;

    public async Task InitializeAsync() => _host = await ConferenceHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Join_is_answered_by_the_sfu_ice_lite_with_its_own_fingerprint_and_an_empty_roster()
    {
        await using var alice = await _host.ConnectAsync();

        var joined = await alice.JoinAsync(_host.Token("room-a"), BrowserSdp.PublisherOffer());

        Assert.Null(joined.Error);
        Assert.False(string.IsNullOrEmpty(joined.ParticipantId));
        Assert.Contains("a=ice-lite", joined.AnswerSdp);
        Assert.Contains("a=fingerprint:" + _host.Node.Certificate.SdpFingerprint, joined.AnswerSdp);
        Assert.Contains("a=recvonly", joined.AnswerSdp);
        Assert.Contains($" {_host.Node.Port} typ host", joined.AnswerSdp);
        Assert.Null(joined.SubscriberOffer); // nobody else publishes yet
        Assert.Empty(joined.Roster!);
        Assert.Equal(1, _host.ParticipantsIn("room-a"));
    }

    [Fact]
    public async Task A_second_joiner_is_offered_the_first_ones_tracks_and_the_first_is_told_and_offered_the_newcomers()
    {
        await using var alice = await _host.ConnectAsync();
        await using var bob = await _host.ConnectAsync();
        var token = _host.Token("room-b");
        var a = await alice.JoinAsync(token, BrowserSdp.PublisherOffer());

        var b = await bob.JoinAsync(token, BrowserSdp.PublisherOffer(3333, 4444));

        Assert.Equal([a.ParticipantId!], b.Roster);
        Assert.NotNull(b.SubscriberOffer);
        Assert.Equal([a.ParticipantId!, a.ParticipantId!], BrowserSdp.LiveStreams(b.SubscriberOffer!.Sdp)); // audio and video
        var joinedPush = await alice.NextAsync(ConferenceEvents.ParticipantJoined);
        Assert.Equal(b.ParticipantId, joinedPush.ParticipantId);
        var offerPush = await alice.NextAsync(ConferenceEvents.SubscriberOffer);
        Assert.Equal([b.ParticipantId!, b.ParticipantId!], BrowserSdp.LiveStreams(offerPush.Offer!.Sdp));

        // Both answer like browsers; the SFU accepts the answers.
        await alice.SetSubscriberAnswerAsync(BrowserSdp.SubscriberAnswer(offerPush.Offer.Sdp), offerPush.Offer.Version);
        await bob.SetSubscriberAnswerAsync(BrowserSdp.SubscriberAnswer(b.SubscriberOffer.Sdp), b.SubscriberOffer.Version);
        var stats = await _host.Control.GetRoomStatsAsync(token);
        Assert.Equal(2, stats.Participants);
        Assert.Equal(4, stats.Consumers);
    }

    [Fact]
    public async Task A_member_whose_token_has_since_expired_keeps_renegotiating_and_can_leave()
    {
        await using var alice = await _host.ConnectAsync();
        await using var bob = await _host.ConnectAsync();
        var shortLived = _host.Token("room-expiring", validFor: TimeSpan.FromSeconds(2));
        var a = await alice.JoinAsync(shortLived, BrowserSdp.PublisherOffer());
        Assert.Null(a.Error);
        await Task.Delay(TimeSpan.FromSeconds(3)); // the token that admitted Alice has expired; her conference goes on

        Assert.Equal(ConferenceErrors.ExpiredToken, (await bob.JoinAsync(shortLived, BrowserSdp.PublisherOffer(3333, 4444))).Error);
        var fresh = _host.Token("room-expiring");
        var b = await bob.JoinAsync(fresh, BrowserSdp.PublisherOffer(3333, 4444));
        Assert.Null(b.Error);
        var offerPush = await alice.NextAsync(ConferenceEvents.SubscriberOffer);
        await alice.SetSubscriberAnswerAsync(BrowserSdp.SubscriberAnswer(offerPush.Offer!.Sdp), offerPush.Offer.Version);
        await bob.SetSubscriberAnswerAsync(BrowserSdp.SubscriberAnswer(b.SubscriberOffer!.Sdp), b.SubscriberOffer.Version);
        Assert.Equal(4, (await _host.Control.GetRoomStatsAsync(fresh)).Consumers); // both see both

        await alice.LeaveAsync();
        Assert.Equal(1, _host.ParticipantsIn("room-expiring"));
    }

    [Fact]
    public async Task With_loopback_a_lone_participant_is_offered_its_own_tracks()
    {
        await using var alice = await _host.ConnectAsync();

        var joined = await alice.JoinAsync(_host.Token("room-loop"), BrowserSdp.PublisherOffer(), loopback: true);

        Assert.Null(joined.Error);
        Assert.Equal([joined.ParticipantId!, joined.ParticipantId!], BrowserSdp.LiveStreams(joined.SubscriberOffer!.Sdp));
    }

    [Fact]
    public async Task Forged_expired_malformed_and_oversized_tokens_are_refused_and_nothing_is_created()
    {
        await using var client = await _host.ConnectAsync();
        var offer = BrowserSdp.PublisherOffer();

        Assert.Equal(ConferenceErrors.InvalidToken, (await client.JoinAsync(_host.Token("room-x", secret: RandomNumberGenerator.GetBytes(32)), offer)).Error);
        Assert.Equal(ConferenceErrors.ExpiredToken, (await client.JoinAsync(_host.Token("room-x", validFor: TimeSpan.FromSeconds(-1)), offer)).Error);
        Assert.Equal(ConferenceErrors.InvalidToken, (await client.JoinAsync("not-a-token", offer)).Error);
        var genuine = _host.Token("room-x");
        Assert.Equal(ConferenceErrors.InvalidToken, (await client.JoinAsync(genuine[..^2] + (genuine[^2] == 'A' ? "BA" : "AA"), offer)).Error);
        Assert.Equal(ConferenceErrors.InvalidRequest, (await client.JoinAsync(new string('a', 5000), offer)).Error);
        Assert.Equal(ConferenceErrors.InvalidRequest, (await client.JoinAsync(null, offer)).Error);
        Assert.Equal(ConferenceErrors.InvalidToken, (await client.JoinAsync(_host.Token("room-x", max: ConferenceHost.MaxParticipantsPerRoom + 1), offer)).Error);
        Assert.Empty(_host.Control.Rooms);

        // The same connection still joins with a good token afterwards.
        Assert.Null((await client.JoinAsync(genuine, offer)).Error);
    }

    [Fact]
    public async Task A_bad_offer_or_a_second_join_is_refused_without_changing_the_room()
    {
        await using var alice = await _host.ConnectAsync();
        var token = _host.Token("room-sdp");

        Assert.Equal(ConferenceErrors.InvalidSdp, (await alice.JoinAsync(token, "v=0\r\nthis is not sdp\r\n")).Error);
        Assert.Equal(ConferenceErrors.InvalidRequest, (await alice.JoinAsync(token, BrowserSdp.PublisherOffer() + new string('x', 70_000))).Error);
        Assert.Equal(0, _host.ParticipantsIn("room-sdp"));

        Assert.Null((await alice.JoinAsync(token, BrowserSdp.PublisherOffer())).Error);
        Assert.Equal(ConferenceErrors.AlreadyJoined, (await alice.JoinAsync(token, BrowserSdp.PublisherOffer())).Error);
        Assert.Equal(1, _host.ParticipantsIn("room-sdp"));
    }

    [Fact]
    public async Task A_joiner_beyond_the_rooms_limit_gets_room_full_and_the_others_hear_nothing()
    {
        await using var alice = await _host.ConnectAsync();
        await using var bob = await _host.ConnectAsync();
        await using var carol = await _host.ConnectAsync();
        var token = _host.Token("room-full", max: 2);
        await alice.JoinAsync(token, BrowserSdp.PublisherOffer());
        await bob.JoinAsync(token, BrowserSdp.PublisherOffer(3333, 4444));
        await alice.PushesWithinAsync(TimeSpan.FromMilliseconds(300));

        var refused = await carol.JoinAsync(token, BrowserSdp.PublisherOffer(5555, 6666));

        Assert.Equal(ConferenceErrors.RoomFull, refused.Error);
        Assert.Null(refused.ParticipantId);
        Assert.Equal(2, _host.ParticipantsIn("room-full"));
        Assert.Empty(await alice.PushesWithinAsync(TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task Calls_before_joining_and_oversized_answers_are_refused_with_codes()
    {
        await using var alice = await _host.ConnectAsync();

        Assert.Equal(ConferenceErrors.NotJoined, await ConferenceClient.ErrorOf(() => alice.SetSubscriberAnswerAsync("v=0", 1)));
        Assert.Equal(ConferenceErrors.NotJoined, await ConferenceClient.ErrorOf(() => alice.UpdatePublisherAsync(BrowserSdp.PublisherOffer())));
        Assert.Equal(ConferenceErrors.NotJoined, await ConferenceClient.ErrorOf(alice.LeaveAsync));

        await alice.JoinAsync(_host.Token("room-c"), BrowserSdp.PublisherOffer(), loopback: true);
        Assert.Equal(ConferenceErrors.InvalidRequest, await ConferenceClient.ErrorOf(() => alice.SetSubscriberAnswerAsync(new string('x', 70_000), 1)));
        Assert.Equal(ConferenceErrors.InvalidRequest, await ConferenceClient.ErrorOf(() => alice.SetSubscriberAnswerAsync(null, 1)));
        Assert.Equal(ConferenceErrors.InvalidSdp, await ConferenceClient.ErrorOf(() => alice.SetSubscriberAnswerAsync("garbage", 1)));
        Assert.Equal(1, _host.ParticipantsIn("room-c"));
    }
}
