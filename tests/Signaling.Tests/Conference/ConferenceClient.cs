using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using RedConnect.Signaling.Conference;

namespace RedConnect.Signaling.Tests.Conference;

/// <summary>A conference browser's view of the hub: its calls, and everything the server pushes, in order.</summary>
public sealed class ConferenceClient : IAsyncDisposable
{
    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(5);

    private readonly HubConnection _connection;
    private readonly Channel<ConferencePush> _events = Channel.CreateUnbounded<ConferencePush>();
    private readonly List<ConferencePush> _held = [];

    private ConferenceClient(HubConnection connection)
    {
        _connection = connection;
        connection.On<ConferenceOffer>(ConferenceEvents.SubscriberOffer, o => _events.Writer.TryWrite(new ConferencePush(ConferenceEvents.SubscriberOffer, null, o)));
        connection.On<string>(ConferenceEvents.ParticipantJoined, id => _events.Writer.TryWrite(new ConferencePush(ConferenceEvents.ParticipantJoined, id, null)));
        connection.On<string>(ConferenceEvents.ParticipantLeft, id => _events.Writer.TryWrite(new ConferencePush(ConferenceEvents.ParticipantLeft, id, null)));
        connection.On<string>(ConferenceEvents.Removed, reason => _events.Writer.TryWrite(new ConferencePush(ConferenceEvents.Removed, null, null, reason)));
    }

    public static async Task<ConferenceClient> ConnectAsync(Uri hubUrl)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(hubUrl, o => { o.Transports = HttpTransportType.WebSockets; o.SkipNegotiation = true; })
            .Build();
        var client = new ConferenceClient(connection);
        using var timeout = new CancellationTokenSource(EventTimeout);
        await connection.StartAsync(timeout.Token);
        return client;
    }

    public Task<ConferenceIceConfiguration> GetIceServersAsync(string? token) =>
        _connection.InvokeAsync<ConferenceIceConfiguration>("GetIceServers", token);

    public Task<ConferenceJoinResult> JoinAsync(string? token, string? offer, bool loopback = false) =>
        _connection.InvokeAsync<ConferenceJoinResult>("Join", new ConferenceJoinRequest(token, offer, loopback));

    public Task SetSubscriberAnswerAsync(string? sdp, long version) =>
        _connection.InvokeAsync("SetSubscriberAnswer", new ConferenceAnswer(sdp, version));

    public Task<string> UpdatePublisherAsync(string? sdp) => _connection.InvokeAsync<string>("UpdatePublisher", sdp);

    public Task LeaveAsync() => _connection.InvokeAsync("Leave");

    /// <summary>The code a hub call was refused with, or null when it succeeded.</summary>
    public static async Task<string?> ErrorOf(Func<Task> call)
    {
        try
        {
            await call();
            return null;
        }
        catch (HubException e)
        {
            // The client prefixes the server's message; the code is the last word.
            return e.Message.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1];
        }
    }

    /// <summary>The next push of <paramref name="kind"/>; pushes of other kinds stay queued for later calls.</summary>
    public async Task<ConferencePush> NextAsync(string kind)
    {
        int index = _held.FindIndex(p => p.Kind == kind);
        if (index >= 0)
        {
            ConferencePush held = _held[index];
            _held.RemoveAt(index);
            return held;
        }

        using var timeout = new CancellationTokenSource(EventTimeout);
        while (true)
        {
            ConferencePush push = await _events.Reader.ReadAsync(timeout.Token);
            if (push.Kind == kind) return push;
            _held.Add(push);
        }
    }

    /// <summary>Waits briefly and returns whatever arrived.</summary>
    public async Task<IReadOnlyList<ConferencePush>> PushesWithinAsync(TimeSpan window)
    {
        await Task.Delay(window);
        var seen = new List<ConferencePush>(_held);
        _held.Clear();
        while (_events.Reader.TryRead(out var push)) seen.Add(push);
        return seen;
    }

    public Task StopAsync() => _connection.StopAsync();

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();
}

/// <summary>One server push: its event name and its participant id, offer or reason code.</summary>
public sealed record ConferencePush(string Kind, string? ParticipantId, ConferenceOffer? Offer, string? Reason = null);
