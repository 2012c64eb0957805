using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RedConnect.Sfu.Node;
using RedConnect.Sfu.Node.Control;
using RedConnect.Sfu.Routing;
using RedConnect.Signaling.Conference;
using RedConnect.Signaling.Options;

namespace RedConnect.Signaling.Tests.Conference;

/// <summary>
/// The conference hub on a real Kestrel server (free loopback port) driving a real in-process
/// <see cref="SfuControl"/> on a real <see cref="SfuNode"/> bound to 127.0.0.1. With <c>pollOffers</c> the hub
/// sees the control only through <see cref="ISfuControl"/>, so it fetches subscriber offers by long-poll as
/// it does with a remote rc-sfu.
/// </summary>
public sealed class ConferenceHost : IAsyncDisposable
{
    public const int MaxParticipantsPerRoom = 9;

    private readonly WebApplication _app;

    private ConferenceHost(WebApplication app, SfuNode node, SfuControl control, byte[] secret, Uri hubUrl)
    {
        _app = app;
        Node = node;
        Control = control;
        Secret = secret;
        HubUrl = hubUrl;
    }

    public SfuNode Node { get; }
    public SfuControl Control { get; }
    public byte[] Secret { get; }
    public Uri HubUrl { get; }

    public static async Task<ConferenceHost> StartAsync(bool pollOffers = false, Action<SignalingOptions>? signaling = null)
    {
        var secret = RandomNumberGenerator.GetBytes(32);
        var node = new SfuNode(new SfuNodeOptions { ListenAddress = IPAddress.Loopback, Port = 0, ReceiveLoops = 1 });
        await node.StartAsync();
        var control = new SfuControl(secret, new SfuNodeTransportFactory(node));

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        if (Environment.GetEnvironmentVariable("RC_TEST_LOG") == "1") builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Debug);
        builder.Services.AddSingleton<ISfuControl>(pollOffers ? new InterfaceOnly(control) : control);
        builder.Services.AddRedConnectConferences(o =>
        {
            o.RoomTokenSecret = secret;
            o.MaxParticipantsPerRoom = MaxParticipantsPerRoom;
            o.OfferPollTimeout = TimeSpan.FromSeconds(2);
        });

        if (signaling is not null) builder.Services.Configure(signaling);

        var app = builder.Build();
        app.UseWebSockets();
        app.MapRedConnectConferences();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new ConferenceHost(app, node, control, secret, new Uri(new Uri(address), ConferenceHub.Path));
    }

    public string Token(string room, int max = 4, TimeSpan? validFor = null, byte[]? secret = null) =>
        RoomToken.Create(new RoomTokenClaims(room, max, DateTimeOffset.UtcNow + (validFor ?? TimeSpan.FromMinutes(10))), secret ?? Secret);

    public Task<ConferenceClient> ConnectAsync() => ConferenceClient.ConnectAsync(HubUrl);

    /// <summary>Participants the SFU holds in the room (0 when the room does not exist).</summary>
    public int ParticipantsIn(string room) => Control.Rooms.FirstOrDefault(r => r.Id == room)?.ParticipantCount ?? 0;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Control.Dispose();
        await Node.DisposeAsync();
    }

    /// <summary>Hides the concrete type, as a remote control would.</summary>
    private sealed class InterfaceOnly(ISfuControl inner) : ISfuControl
    {
        public Task<RoomInfo> CreateRoomAsync(string roomToken, CancellationToken cancellationToken = default) => inner.CreateRoomAsync(roomToken, cancellationToken);

        public Task<JoinResult> JoinAsync(string roomToken, string? publisherOfferSdp, JoinOptions? options = null, CancellationToken cancellationToken = default) =>
            inner.JoinAsync(roomToken, publisherOfferSdp, options, cancellationToken);

        public Task SetSubscriberAnswerAsync(string roomToken, string participantId, string answerSdp, CancellationToken cancellationToken = default) =>
            inner.SetSubscriberAnswerAsync(roomToken, participantId, answerSdp, cancellationToken);

        public Task<string> UpdatePublisherAsync(string roomToken, string participantId, string offerSdp, CancellationToken cancellationToken = default) =>
            inner.UpdatePublisherAsync(roomToken, participantId, offerSdp, cancellationToken);

        public Task LeaveAsync(string roomToken, string participantId, CancellationToken cancellationToken = default) => inner.LeaveAsync(roomToken, participantId, cancellationToken);

        public Task<RoomStats> GetRoomStatsAsync(string roomToken, CancellationToken cancellationToken = default) => inner.GetRoomStatsAsync(roomToken, cancellationToken);

        public Task<SubscriberOffer?> WaitForSubscriberOfferAsync(string roomToken, string participantId, long afterVersion, TimeSpan timeout, CancellationToken cancellationToken = default) =>
            inner.WaitForSubscriberOfferAsync(roomToken, participantId, afterVersion, timeout, cancellationToken);
    }
}
