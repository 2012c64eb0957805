using RedConnect.Signaling.Conference;

namespace RedConnect.Signaling.Tests.Conference;

public sealed class ConferenceLeaveTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)] // subscriber offers fetched by long-poll, as from a remote rc-sfu
    public async Task Leaving_tells_the_others_and_pushes_them_a_new_offer_without_the_leavers_tracks(bool pollOffers)
    {
        await using var host = await ConferenceHost.StartAsync(pollOffers);
        await using var alice = await host.ConnectAsync();
        await using var bob = await host.ConnectAsync();
        await using var carol = await host.ConnectAsync();
        var token = host.Token("room-l");
        var a = await alice.JoinAsync(token, BrowserSdp.PublisherOffer(1, 2));
        var b = await bob.JoinAsync(token, BrowserSdp.PublisherOffer(3, 4));
        var c = await carol.JoinAsync(token, BrowserSdp.PublisherOffer(5, 6));
        Assert.Equal(new[] { a.ParticipantId!, b.ParticipantId! }.Order(), c.Roster!.Order());
        var aliceOffer = await LatestOfferAsync(alice, live: 4);

        await bob.LeaveAsync();

        Assert.Equal(b.ParticipantId, (await alice.NextAsync(ConferenceEvents.ParticipantLeft)).ParticipantId);
        Assert.Equal(b.ParticipantId, (await carol.NextAsync(ConferenceEvents.ParticipantLeft)).ParticipantId);
        var after = await LatestOfferAsync(alice, live: 2);
        Assert.True(after.Version > aliceOffer.Version);
        Assert.DoesNotContain(b.ParticipantId, BrowserSdp.LiveStreams(after.Sdp));
        Assert.Equal(2, host.ParticipantsIn("room-l"));
    }

    [Fact]
    public async Task A_dropped_connection_leaves_the_room_like_leave()
    {
        await using var host = await ConferenceHost.StartAsync();
        await using var alice = await host.ConnectAsync();
        var bob = await host.ConnectAsync();
        var token = host.Token("room-d");
        await alice.JoinAsync(token, BrowserSdp.PublisherOffer(1, 2));
        var b = await bob.JoinAsync(token, BrowserSdp.PublisherOffer(3, 4));

        await bob.DisposeAsync();

        Assert.Equal(b.ParticipantId, (await alice.NextAsync(ConferenceEvents.ParticipantLeft)).ParticipantId);
        Assert.Equal(1, host.ParticipantsIn("room-d"));
    }

    [Fact]
    public async Task The_last_one_out_closes_the_room()
    {
        await using var host = await ConferenceHost.StartAsync();
        await using var alice = await host.ConnectAsync();
        await alice.JoinAsync(host.Token("room-e"), BrowserSdp.PublisherOffer());

        await alice.LeaveAsync();

        Assert.Empty(host.Control.Rooms);
        Assert.Equal(ConferenceErrors.NotJoined, await ConferenceClient.ErrorOf(alice.LeaveAsync));
    }

    /// <summary>Reads subscriber offers until one has <paramref name="live"/> live sections.</summary>
    private static async Task<ConferenceOffer> LatestOfferAsync(ConferenceClient client, int live)
    {
        while (true)
        {
            var offer = (await client.NextAsync(ConferenceEvents.SubscriberOffer)).Offer!;
            if (BrowserSdp.LiveStreams(offer.Sdp).Count == live) return offer;
        }
    }
}
