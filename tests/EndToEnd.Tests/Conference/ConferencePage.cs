using System.Text.Json;
using Microsoft.Playwright;

namespace RedConnect.EndToEnd.Tests.Conference;

/// <summary>What people see on the conference page, and what the browser's own WebRTC statistics say about it.</summary>
public static class ConferencePage
{
    public const string RoomFull = "Diese Konferenz ist voll.";
    public const string Left = "Die Konferenz wurde verlassen.";
    public const string Removed = "Die Verbindung für Bild und Ton zur Konferenz ist abgebrochen.";

    private const float MediaTimeout = 30_000;

    /// <summary>
    /// Init script: remembers every RTCPeerConnection the page creates (window.__pcs), so the test can read the
    /// browser's getStats() without any test hook in the page itself.
    /// </summary>
    public const string RecordPeerConnections = """
        (() => {
          const Native = window.RTCPeerConnection;
          window.__pcs = [];
          window.RTCPeerConnection = class extends Native {
            constructor(...args) { super(...args); window.__pcs.push(this); }
          };
        })();
        """;

    // Per live remote track on the receive-only connection: the tile (participant) showing it, and its inbound-rtp counters.
    private const string RemoteTracksScript = """
        async () => {
          const subscriber = window.__pcs.find(pc => pc.signalingState !== 'closed'
            && pc.getTransceivers().some(t => t.direction === 'recvonly'));
          if (!subscriber) return '[]';
          const tiles = [...document.querySelectorAll('#grid .tile')];
          const result = [];
          for (const t of subscriber.getTransceivers()) {
            if (t.currentDirection !== 'recvonly') continue;
            const track = t.receiver.track;
            if (track.readyState !== 'live') continue;
            const tile = tiles.find(el => el.querySelector('video')?.srcObject?.getTracks().some(x => x.id === track.id));
            let inbound = null;
            (await t.receiver.getStats()).forEach(r => { if (r.type === 'inbound-rtp') inbound = r; });
            result.push({
              stream: tile ? tile.dataset.streamId : null,
              kind: track.kind,
              framesDecoded: inbound?.framesDecoded ?? 0,
              samples: inbound?.totalSamplesReceived ?? 0,
              packets: inbound?.packetsReceived ?? 0,
            });
          }
          return JSON.stringify(result);
        }
        """;

    // The DTLS version and SRTP cipher of every connected transport (publisher and subscriber).
    private const string TransportsScript = """
        async () => {
          const result = [];
          for (const pc of window.__pcs) {
            if (pc.connectionState !== 'connected') continue;
            (await pc.getStats()).forEach(r => {
              if (r.type === 'transport') result.push({ tls: r.tlsVersion ?? '', srtp: r.srtpCipher ?? '', dtls: r.dtlsState ?? '' });
            });
          }
          return JSON.stringify(result);
        }
        """;

    public sealed record RemoteTrack(string? Stream, string Kind, long FramesDecoded, double Samples, long Packets);

    public sealed record TransportInfo(string Tls, string Srtp, string Dtls);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<IReadOnlyList<RemoteTrack>> RemoteTracksAsync(IPage page) =>
        JsonSerializer.Deserialize<RemoteTrack[]>(await page.EvaluateAsync<string>(RemoteTracksScript), Json)!;

    public static async Task<IReadOnlyList<TransportInfo>> TransportsAsync(IPage page) =>
        JsonSerializer.Deserialize<TransportInfo[]>(await page.EvaluateAsync<string>(TransportsScript), Json)!;

    /// <summary>The participant ids of the tiles on the page (one per remote participant).</summary>
    public static async Task<IReadOnlyList<string>> TilesAsync(IPage page) =>
        await page.EvalOnSelectorAllAsync<string[]>("#grid .tile", "tiles => tiles.map(t => t.dataset.streamId)");

    public static Task ExpectTileCountAsync(IPage page, int count) =>
        Assertions.Expect(page.Locator("#grid .tile")).ToHaveCountAsync(count, new() { Timeout = MediaTimeout });

    public static Task ExpectStatusAsync(IPage page, string text) =>
        Assertions.Expect(page.Locator("#status")).ToHaveTextAsync(text, new() { Timeout = MediaTimeout });

    public static Task ExpectErrorAsync(IPage page, string text) =>
        Assertions.Expect(page.Locator("#error")).ToHaveTextAsync(text, new() { Timeout = MediaTimeout });

    /// <summary>
    /// Waits until the page receives a video and an audio track from each of <paramref name="streams"/> and every one of
    /// them keeps decoding: video framesDecoded and audio totalSamplesReceived and packetsReceived rise between two
    /// looks at least a second apart. Returns the counters' growth per stream and kind.
    /// </summary>
    public static async Task<IReadOnlyDictionary<(string Stream, string Kind), (long Frames, double Samples, long Packets)>> AssertDecodingFromAsync(
        IPage page, IReadOnlyCollection<string> streams, string who)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMilliseconds(MediaTimeout);
        Dictionary<(string, string), RemoteTrack>? baseline = null;
        var baselineAt = DateTime.MinValue;
        IReadOnlyList<RemoteTrack> now = [];
        while (DateTime.UtcNow < deadline)
        {
            now = await RemoteTracksAsync(page);
            var byKey = now.Where(t => t.Stream is not null).GroupBy(t => (t.Stream!, t.Kind)).ToDictionary(g => g.Key, g => g.First());
            bool complete = streams.All(s => byKey.ContainsKey((s, "video")) && byKey.ContainsKey((s, "audio"))
                && byKey[(s, "video")].FramesDecoded > 0 && byKey[(s, "audio")].Packets > 0);
            if (!complete)
            {
                baseline = null;
            }
            else if (baseline is null)
            {
                baseline = byKey;
                baselineAt = DateTime.UtcNow;
            }
            else if (DateTime.UtcNow - baselineAt >= TimeSpan.FromSeconds(1))
            {
                var result = new Dictionary<(string, string), (long, double, long)>();
                bool rising = true;
                foreach (string stream in streams)
                {
                    RemoteTrack video0 = baseline[(stream, "video")], video1 = byKey[(stream, "video")];
                    RemoteTrack audio0 = baseline[(stream, "audio")], audio1 = byKey[(stream, "audio")];
                    result[(stream, "video")] = (video1.FramesDecoded - video0.FramesDecoded, 0, video1.Packets - video0.Packets);
                    result[(stream, "audio")] = (0, audio1.Samples - audio0.Samples, audio1.Packets - audio0.Packets);
                    rising &= video1.FramesDecoded > video0.FramesDecoded && audio1.Samples > audio0.Samples && audio1.Packets > audio0.Packets;
                }

                if (rising) return result;
            }

            await Task.Delay(250);
        }

        throw new Xunit.Sdk.XunitException(
            $"{who}: not every remote track from [{string.Join(", ", streams)}] kept decoding within {MediaTimeout / 1000:0} s; last look: {JsonSerializer.Serialize(now)}");
    }

    /// <summary>The tile of <paramref name="stream"/> shows a picture and its time advances.</summary>
    public static async Task AssertTilePlaysAsync(IPage page, string stream)
    {
        string selector = $"#grid .tile[data-stream-id='{stream}'] video";
        await page.WaitForFunctionAsync(
            "s => { const v = document.querySelector(s); return v && v.videoWidth > 0 && v.currentTime > 0; }",
            selector, new() { Timeout = MediaTimeout, PollingInterval = 100 });
        var before = await page.EvalOnSelectorAsync<double>(selector, "v => v.currentTime");
        await page.WaitForFunctionAsync(
            "([s, t]) => document.querySelector(s).currentTime > t + 0.5",
            new object[] { selector, before }, new() { Timeout = MediaTimeout, PollingInterval = 100 });
    }
}
