using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RedConnect.Bench.WebRtcBaseline;

/// <summary>
/// The reference server: serves pair.html and pairs WebSocket connections two by two, relaying every text
/// frame to the other one. The first of a pair is impolite (it offers), the second polite.
/// </summary>
public sealed class BaselineRelay : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private (WebSocket Socket, TaskCompletionSource<WebSocket> Partner)? _waiting;

    private BaselineRelay(WebApplication app) => _app = app;

    public Uri Origin { get; private set; } = null!;

    public static async Task<BaselineRelay> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var relay = new BaselineRelay(app);
        var page = Path.Combine(AppContext.BaseDirectory, "wwwroot", "pair.html");
        app.UseWebSockets();
        app.MapGet("/", () => Results.File(page, "text/html"));
        app.Map("/ws", relay.AcceptAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        relay.Origin = new Uri(address);
        return relay;
    }

    private async Task AcceptAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest) { context.Response.StatusCode = 400; return; }
        var socket = await context.WebSockets.AcceptWebSocketAsync();
        WebSocket partner;
        bool polite;
        TaskCompletionSource<WebSocket>? mine = null;
        lock (_gate)
        {
            if (_waiting is { } waiting)
            {
                _waiting = null;
                waiting.Partner.SetResult(socket);
                partner = waiting.Socket;
                polite = true;
            }
            else
            {
                mine = new TaskCompletionSource<WebSocket>(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiting = (socket, mine);
                partner = null!;
                polite = false;
            }
        }
        if (mine is not null) partner = await mine.Task;
        await SendAsync(socket, $"{{\"type\":\"start\",\"polite\":{(polite ? "true" : "false")}}}");
        await RelayAsync(socket, partner);
    }

    private static async Task RelayAsync(WebSocket from, WebSocket to)
    {
        var buffer = new byte[256 * 1024];
        while (from.State == WebSocketState.Open)
        {
            var count = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                result = await from.ReceiveAsync(buffer.AsMemory(count), CancellationToken.None);
                count += result.Count;
            } while (!result.EndOfMessage && count < buffer.Length);
            if (result.MessageType == WebSocketMessageType.Close) break;
            if (to.State == WebSocketState.Open)
                await to.SendAsync(buffer.AsMemory(0, count), WebSocketMessageType.Text, true, CancellationToken.None);
        }
    }

    private static Task SendAsync(WebSocket socket, string text) =>
        socket.SendAsync(System.Text.Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
