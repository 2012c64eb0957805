using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace RedConnect.EndToEnd.Tests.Infrastructure;

/// <summary>Everything a page sends to or receives from a server that Playwright sees: URLs, bodies, WebSocket frames.</summary>
public sealed class TrafficRecorder
{
    private readonly ConcurrentQueue<string> _entries = new();

    public void Attach(IPage page)
    {
        page.Request += (_, request) => _entries.Enqueue($"{request.Method} {request.Url}\n{SafePostData(request)}");
        page.Response += (_, response) => _entries.Enqueue($"RESPONSE {response.Url} {response.Status}");
        page.WebSocket += (_, socket) =>
        {
            _entries.Enqueue($"WS {socket.Url}");
            socket.FrameSent += (_, frame) => _entries.Enqueue("> " + frame.Text);
            socket.FrameReceived += (_, frame) => _entries.Enqueue("< " + frame.Text);
        };
    }

    public IReadOnlyCollection<string> Entries => _entries.ToArray();

    public string All => string.Join('\n', _entries);

    private static string SafePostData(IRequest request)
    {
        try
        {
            return request.PostData ?? "";
        }
        catch (PlaywrightException)
        {
            return Convert.ToBase64String(request.PostDataBuffer ?? []);
        }
    }
}
