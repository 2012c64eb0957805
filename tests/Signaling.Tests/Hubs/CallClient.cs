using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using RedConnect.Signaling.Hubs;

namespace RedConnect.Signaling.Tests.Hubs;

/// <summary>A browser's view of the hub: what it can call and everything the server tells it, in order.</summary>
public sealed class CallClient : IAsyncDisposable
{
    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(5);

    private readonly HubConnection _connection;
    private readonly Channel<string> _events = Channel.CreateUnbounded<string>();

    private CallClient(HubConnection connection)
    {
        _connection = connection;
        connection.On(ClientEvents.PeerJoined, () => _events.Writer.TryWrite(ClientEvents.PeerJoined));
        connection.On(ClientEvents.PeerLeft, () => _events.Writer.TryWrite(ClientEvents.PeerLeft));
        connection.On(ClientEvents.Replaced, () => _events.Writer.TryWrite(ClientEvents.Replaced));
        connection.On<SignalMessage>(ClientEvents.Signal, m => _events.Writer.TryWrite($"signal {m.Kind} {m.Payload}"));
        connection.Closed += _ => { _events.Writer.TryWrite("closed"); return Task.CompletedTask; };
    }

    public HubConnectionState State => _connection.State;

    public static async Task<CallClient> ConnectAsync(Uri hubUrl)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(hubUrl, o => { o.Transports = HttpTransportType.WebSockets; o.SkipNegotiation = true; })
            .Build();
        var client = new CallClient(connection);
        using var timeout = new CancellationTokenSource(EventTimeout);
        await connection.StartAsync(timeout.Token);
        return client;
    }

    public Task<JoinResult> JoinAsync(string? code, string? reconnectToken = null) =>
        _connection.InvokeAsync<JoinResult>("Join", new JoinRequest(code, reconnectToken));

    public Task RelayAsync(string? kind, string? payload) =>
        _connection.InvokeAsync("Relay", new SignalMessage(kind, payload));

    /// <summary>The error code the hub answered a relay with, or null when it accepted it.</summary>
    public async Task<string?> RelayErrorAsync(string? kind, string? payload)
    {
        try
        {
            await RelayAsync(kind, payload);
            return null;
        }
        catch (HubException e)
        {
            // The client prefixes the server's message; the code is the last word.
            return e.Message.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1];
        }
    }

    public async Task<string> NextEventAsync()
    {
        using var timeout = new CancellationTokenSource(EventTimeout);
        return await _events.Reader.ReadAsync(timeout.Token);
    }

    /// <summary>Waits briefly and returns whatever arrived (empty when nothing did).</summary>
    public async Task<IReadOnlyList<string>> EventsWithinAsync(TimeSpan window)
    {
        await Task.Delay(window);
        var seen = new List<string>();
        while (_events.Reader.TryRead(out var e)) seen.Add(e);
        return seen;
    }

    /// <summary>Calls a hub method with arbitrary arguments, as a hostile client could.</summary>
    public Task InvokeRawAsync(string method, params object?[] args) => _connection.InvokeCoreAsync(method, args);

    public Task StopAsync() => _connection.StopAsync();

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();
}
