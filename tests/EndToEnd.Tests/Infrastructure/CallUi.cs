using Microsoft.Playwright;

namespace RedConnect.EndToEnd.Tests.Infrastructure;

/// <summary>What people do and see on the call page (/j).</summary>
public static class CallUi
{
    public const string Waiting = "Bitte warten …";
    public const string Ended = "Das Gespräch wurde beendet.";
    public const string UnknownCode = "Dieser Zugangscode ist uns nicht bekannt.";
    public const string CodeInUse = "Dieser Zugangscode wird bereits verwendet.";
    public const string Expired = "Dieser Zugangscode ist abgelaufen.";

    private const float MediaTimeout = 30_000;

    /// <summary>
    /// Records in the page when its remote video presents its first frame (epoch milliseconds), for the timing
    /// measurement: <c>window.__firstRemoteFrameAt</c>, and the page's load start as <c>window.__loadStartedAt</c>.
    /// </summary>
    public const string FirstFrameProbe = """
        (() => {
          window.__loadStartedAt = performance.timeOrigin;
          const arm = () => {
            const v = document.getElementById('remoteVideo');
            if (!v) { setTimeout(arm, 10); return; }
            v.requestVideoFrameCallback(() => { window.__firstRemoteFrameAt ??= Date.now(); });
          };
          document.addEventListener('DOMContentLoaded', arm);
        })();
        """;

    /// <summary>Opens the participant link and gives the display name.</summary>
    public static async Task JoinAsParticipantAsync(IPage page, string link, string displayName)
    {
        await page.GotoAsync(link);
        await page.FillAsync("#displayName", displayName);
        await page.ClickAsync("#nameSubmit");
    }

    /// <summary>Waits until #remoteVideo shows a picture and its time advances — the other side is really seen.</summary>
    public static async Task AssertRemoteVideoPlaysAsync(IPage page)
    {
        await page.WaitForFunctionAsync(
            "() => { const v = document.getElementById('remoteVideo'); return v.videoWidth > 0 && v.currentTime > 0; }",
            null, new() { Timeout = MediaTimeout, PollingInterval = 100 });
        var before = await page.EvaluateAsync<double>("() => document.getElementById('remoteVideo').currentTime");
        await page.WaitForFunctionAsync(
            "t => document.getElementById('remoteVideo').currentTime > t + 0.5",
            before, new() { Timeout = MediaTimeout, PollingInterval = 100 });
    }

    public static Task ExpectStatusAsync(IPage page, string text) =>
        Assertions.Expect(page.Locator("#status")).ToHaveTextAsync(text, new() { Timeout = MediaTimeout });

    public static Task ExpectErrorAsync(IPage page, string text) =>
        Assertions.Expect(page.Locator("#error")).ToHaveTextAsync(text, new() { Timeout = MediaTimeout });
}
