using System.Text;
using Microsoft.Extensions.Time.Testing;
using RedConnect.Sfu.Node.Control;
using RedConnect.Sfu.Routing;
using RedConnect.Sfu.Tests.Routing;

namespace RedConnect.Sfu.Tests.Control;

public sealed class SfuControlTests : IDisposable
{
    private static readonly byte[] Secret = Encoding.UTF8.GetBytes("room-token-secret-for-tests");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly RecordingTransportFactory _transports = new();
    private readonly SfuControl _control;

    public SfuControlTests() => _control = new SfuControl(Secret, _transports, timeProvider: _time);

    public void Dispose() => _control.Dispose();

    private string Token(string room = "room-1", int max = 9) =>
        RoomToken.Create(new RoomTokenClaims(room, max, _time.GetUtcNow().AddMinutes(10)), Secret);

    [Fact]
    public async Task Join_answers_the_publisher_and_offers_the_others_tracks_and_pushes_renegotiation_to_them()
    {
        var pushed = new List<SubscriberOffer>();
        _control.SubscriberOfferChanged += pushed.Add;
        string token = Token();

        JoinResult alice = await _control.JoinAsync(token, TestSdp.PublisherOffer(1, 2));
        JoinResult bob = await _control.JoinAsync(token, TestSdp.PublisherOffer(3, 4, ufrag: "pubB"));

        Assert.Contains("a=recvonly", alice.PublisherAnswerSdp);
        Assert.Contains("a=ice-lite", alice.PublisherAnswerSdp);
        Assert.Null(alice.SubscriberOffer);
        Assert.NotNull(bob.SubscriberOffer);
        Assert.Contains("a=sendonly", bob.SubscriberOffer!.Sdp);
        SubscriberOffer pushedToAlice = Assert.Single(pushed);
        Assert.Equal(alice.ParticipantId, pushedToAlice.ParticipantId);

        await _control.SetSubscriberAnswerAsync(token, bob.ParticipantId, TestSdp.SubscriberAnswer(bob.SubscriberOffer.Sdp));
        RoomStats stats = await _control.GetRoomStatsAsync(token);
        Assert.Equal(2, stats.Participants);
        Assert.Equal(4, stats.Consumers);
    }

    [Fact]
    public async Task A_participant_beyond_the_tokens_limit_is_refused_with_room_full()
    {
        string token = Token(max: 2);
        await _control.JoinAsync(token, TestSdp.PublisherOffer(1, 2));
        await _control.JoinAsync(token, null);

        var refused = await Assert.ThrowsAsync<SfuControlException>(() => _control.JoinAsync(token, TestSdp.PublisherOffer(5, 6)));

        Assert.Equal(RoutingError.RoomFull, refused.Code);
        Assert.Equal(2, (await _control.GetRoomStatsAsync(token)).Participants);
    }

    [Fact]
    public async Task An_expired_or_forged_token_is_refused_and_nothing_is_created()
    {
        string token = Token();
        _time.Advance(TimeSpan.FromMinutes(11));

        var expired = await Assert.ThrowsAsync<SfuControlException>(() => _control.JoinAsync(token, TestSdp.PublisherOffer(1, 2)));
        var forged = await Assert.ThrowsAsync<SfuControlException>(() => _control.CreateRoomAsync(token[..^2] + "AA"));

        Assert.Equal(SfuErrorCodes.InvalidToken, expired.Code);
        Assert.Equal(SfuErrorCodes.InvalidToken, forged.Code);
        Assert.Empty(_control.Rooms);
        Assert.Empty(_transports.Created);
    }

    [Fact]
    public async Task A_conference_outlives_the_token_that_opened_it_but_nobody_joins_with_it_after_its_expiry()
    {
        string token = Token(); // valid for 10 minutes
        JoinResult alice = await _control.JoinAsync(token, TestSdp.PublisherOffer(1, 2));
        _time.Advance(TimeSpan.FromMinutes(30));

        // Someone joins with a fresh token; Alice, admitted with the old one, still answers, renegotiates and leaves.
        var pushed = new List<SubscriberOffer>();
        _control.SubscriberOfferChanged += pushed.Add;
        JoinResult bob = await _control.JoinAsync(Token(), TestSdp.PublisherOffer(3, 4, ufrag: "pubB"));
        SubscriberOffer offer = Assert.Single(pushed, o => o.ParticipantId == alice.ParticipantId);
        await _control.SetSubscriberAnswerAsync(token, alice.ParticipantId, TestSdp.SubscriberAnswer(offer.Sdp));
        string answer = await _control.UpdatePublisherAsync(token, alice.ParticipantId, TestSdp.PublisherOffer(1, 5));
        Assert.Contains("a=recvonly", answer);
        Assert.Equal(2, (await _control.GetRoomStatsAsync(token)).Participants);
        Assert.NotNull(await _control.WaitForSubscriberOfferAsync(token, bob.ParticipantId, 0, TimeSpan.FromMilliseconds(10)));
        await _control.LeaveAsync(token, alice.ParticipantId);
        Assert.Equal(1, (await _control.GetRoomStatsAsync(token)).Participants);

        // The expired token admits nobody, and a forged one touches nothing.
        var expired = await Assert.ThrowsAsync<SfuControlException>(() => _control.JoinAsync(token, null));
        var forged = await Assert.ThrowsAsync<SfuControlException>(() => _control.LeaveAsync(token[..^2] + "AA", bob.ParticipantId));
        Assert.Equal(SfuErrorCodes.InvalidToken, expired.Code);
        Assert.Equal(SfuErrorCodes.InvalidToken, forged.Code);
        Assert.Equal(1, (await _control.GetRoomStatsAsync(token)).Participants);
    }

    [Fact]
    public async Task A_token_for_one_room_cannot_touch_a_participant_of_another()
    {
        JoinResult alice = await _control.JoinAsync(Token("room-a"), TestSdp.PublisherOffer(1, 2));
        await _control.CreateRoomAsync(Token("room-b"));

        var refused = await Assert.ThrowsAsync<SfuControlException>(() => _control.LeaveAsync(Token("room-b"), alice.ParticipantId));

        Assert.Equal(RoutingError.UnknownParticipant, refused.Code);
        Assert.Equal(1, (await _control.GetRoomStatsAsync(Token("room-a"))).Participants);
    }

    [Fact]
    public async Task The_last_participant_leaving_removes_the_room()
    {
        string token = Token();
        JoinResult alice = await _control.JoinAsync(token, TestSdp.PublisherOffer(1, 2));

        await _control.LeaveAsync(token, alice.ParticipantId);

        Assert.Empty(_control.Rooms);
        Assert.Equal(RoutingError.UnknownRoom, (await Assert.ThrowsAsync<SfuControlException>(() => _control.GetRoomStatsAsync(token))).Code);
        JoinResult again = await _control.JoinAsync(token, TestSdp.PublisherOffer(1, 2)); // and it comes back on the next join
        Assert.NotEqual(alice.ParticipantId, again.ParticipantId);
    }

    [Fact]
    public async Task Waiting_for_a_subscriber_offer_returns_it_when_someone_publishes_and_null_on_timeout()
    {
        string token = Token();
        JoinResult alice = await _control.JoinAsync(token, null);

        Assert.Null(await _control.WaitForSubscriberOfferAsync(token, alice.ParticipantId, 0, TimeSpan.FromMilliseconds(50)));
        Task<SubscriberOffer?> wait = _control.WaitForSubscriberOfferAsync(token, alice.ParticipantId, 0, TimeSpan.FromSeconds(10));
        await _control.JoinAsync(token, TestSdp.PublisherOffer(1, 2));

        SubscriberOffer? offer = await wait.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(1, offer!.Version);
        Assert.Contains("m=video", offer.Sdp);
    }
}
