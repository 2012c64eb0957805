using RedConnect.Signaling.Conference;

namespace RedConnect.Signaling.Tests.Conference;

/// <summary>
/// The SFU drops a participant on its own (consent expired, media connection failed): the hub learns of it — from the
/// in-process SFU's event, or from the remote-style long-poll ending — tells that browser, tells the others it left,
/// and no longer counts it; the browser may join again.
/// </summary>
public sealed class ConferenceRemovalTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)] // subscriber offers fetched by long-poll, as from a remote rc-sfu
    public async Task A_participant_the_sfu_drops_is_told_the_others_see_it_leave_and_it_can_join_again(bool pollOffers)
    {
        await using var host = await ConferenceHost.StartAsync(pollOffers);
        await using var alice = await host.ConnectAsync();
        await using var bob = await host.ConnectAsync();
        var token = host.Token("room-dropped");
        var a = await alice.JoinAsync(token, BrowserSdp.PublisherOffer(1, 2));
        var b = await bob.JoinAsync(token, BrowserSdp.PublisherOffer(3, 4));
        await alice.NextAsync(ConferenceEvents.ParticipantJoined);

        // The SFU removes Alice without the hub asking (here through its control API, as its consent timeout would).
        await host.Control.LeaveAsync(token, a.ParticipantId!);

        ConferencePush removed = await alice.NextAsync(ConferenceEvents.Removed);
        Assert.Equal("removed", removed.Reason);
        Assert.Equal(a.ParticipantId, (await bob.NextAsync(ConferenceEvents.ParticipantLeft)).ParticipantId);
        Assert.Equal(ConferenceErrors.NotJoined, await ConferenceClient.ErrorOf(() => alice.LeaveAsync()));
        Assert.Equal(1, host.ParticipantsIn("room-dropped"));

        // Joining again on the same connection works; Bob hears of the newcomer, once.
        var again = await alice.JoinAsync(token, BrowserSdp.PublisherOffer(5, 6));
        Assert.Null(again.Error);
        Assert.Equal([b.ParticipantId!], again.Roster);
        Assert.Equal(again.ParticipantId, (await bob.NextAsync(ConferenceEvents.ParticipantJoined)).ParticipantId);
        Assert.Equal(2, host.ParticipantsIn("room-dropped"));
    }

    [Fact]
    public async Task Leaving_through_the_hub_is_not_reported_as_a_removal()
    {
        await using var host = await ConferenceHost.StartAsync();
        await using var alice = await host.ConnectAsync();
        await using var bob = await host.ConnectAsync();
        var token = host.Token("room-left");
        await alice.JoinAsync(token, BrowserSdp.PublisherOffer(1, 2));
        await bob.JoinAsync(token, BrowserSdp.PublisherOffer(3, 4));

        await alice.LeaveAsync();

        await bob.NextAsync(ConferenceEvents.ParticipantLeft);
        var late = await alice.PushesWithinAsync(TimeSpan.FromMilliseconds(500));
        Assert.DoesNotContain(late, p => p.Kind == ConferenceEvents.Removed);
        var bobs = await bob.PushesWithinAsync(TimeSpan.FromMilliseconds(200));
        Assert.DoesNotContain(bobs, p => p.Kind == ConferenceEvents.ParticipantLeft); // told once, not twice
    }
}
