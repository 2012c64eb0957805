using System.Text;
using RedConnect.Sfu.Host;
using RedConnect.Sfu.Node.Control;
using RedConnect.Sfu.Routing;
using RedConnect.Sfu.Tests.Routing;

namespace RedConnect.Sfu.Tests.Control;

/// <summary><see cref="JoinOptions.SubscribeToSelf"/> travels over the HTTP control API like in-process.</summary>
public sealed class HttpSelfSubscriptionTests : IAsyncLifetime
{
    private const string NodeSecret = "node-secret-0123456789-0123456789-abcdef";
    private const string TokenSecret = "room-token-secret-for-tests";
    private SfuHost _host = null!;
    private HttpClient _http = null!;
    private HttpSfuControl _control = null!;

    public async Task InitializeAsync()
    {
        _host = SfuHost.TryCreate(
            ["--Sfu:Port=0", "--Sfu:ControlPort=0", "--Sfu:ListenAddress=127.0.0.1", "--Sfu:ReceiveLoops=1", $"--Sfu:NodeSecret={NodeSecret}", $"--Sfu:RoomTokenSecret={TokenSecret}"],
            out IReadOnlyList<string> errors) ?? throw new InvalidOperationException(string.Join("; ", errors));
        await _host.StartAsync().WaitAsync(TimeSpan.FromSeconds(20));
        _http = new HttpClient { BaseAddress = _host.ControlAddress, Timeout = TimeSpan.FromSeconds(20) };
        _control = new HttpSfuControl(_http, new ControlRequestSigner(Encoding.UTF8.GetBytes(NodeSecret)));
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task A_join_over_http_asking_for_its_own_stream_is_offered_its_own_tracks_and_a_plain_join_is_not()
    {
        string Token(string room) => RoomToken.Create(new RoomTokenClaims(room, 4, DateTimeOffset.UtcNow.AddMinutes(5)), Encoding.UTF8.GetBytes(TokenSecret));

        JoinResult looped = await _control.JoinAsync(Token("loop"), TestSdp.PublisherOffer(11, 22), new JoinOptions(SubscribeToSelf: true));
        JoinResult plain = await _control.JoinAsync(Token("plain"), TestSdp.PublisherOffer(33, 44));

        Assert.NotNull(looped.SubscriberOffer);
        Assert.Equal(2, looped.SubscriberOffer!.Sdp.Split("a=msid:" + looped.ParticipantId + " ").Length - 1);
        Assert.Null(plain.SubscriberOffer);
    }
}
