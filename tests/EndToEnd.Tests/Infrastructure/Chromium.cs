using Microsoft.Playwright;

namespace RedConnect.EndToEnd.Tests.Infrastructure;

/// <summary>Debian's headless Chromium driven by Playwright: no browser download, fake camera and microphone.</summary>
public static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    public static readonly string[] Args =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--use-fake-device-for-media-stream",
        "--use-fake-ui-for-media-stream", "--allow-loopback-in-peer-connection",
    ];

    /// <summary>Playwright with the package's own driver script run by the system node (PlaywrightPlatform=none).</summary>
    public static Task<IPlaywright> CreatePlaywrightAsync()
    {
        Environment.SetEnvironmentVariable("PLAYWRIGHT_DRIVER_SEARCH_PATH", BuildInfo.PlaywrightDriverPath);
        Environment.SetEnvironmentVariable("PLAYWRIGHT_NODEJS_PATH", "/usr/bin/node");
        return Playwright.CreateAsync();
    }

    /// <summary>A separate browser process: one per person, as on two devices.</summary>
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = Args,
            Timeout = 30_000,
        });
}
