using Microsoft.Playwright;

namespace RedConnect.EndToEnd.Tests.Infrastructure;

/// <summary>One person at one device: a browser process of their own with one page, its traffic recorded.</summary>
public sealed class Person : IAsyncDisposable
{
    public const float Timeout = 20_000;

    private readonly IBrowser _browser;

    private Person(IBrowser browser, IBrowserContext context, IPage page, TrafficRecorder traffic)
    {
        _browser = browser;
        Context = context;
        Page = page;
        Traffic = traffic;
    }

    public IBrowserContext Context { get; }
    public IPage Page { get; }
    public TrafficRecorder Traffic { get; }

    public static async Task<Person> StartAsync(IPlaywright playwright, TrafficRecorder? traffic = null, string? initScript = null)
    {
        var browser = await Chromium.LaunchAsync(playwright);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { Locale = "de-DE", TimezoneId = "Europe/Berlin" });
        context.SetDefaultTimeout(Timeout);
        context.SetDefaultNavigationTimeout(Timeout);
        if (initScript is not null) await context.AddInitScriptAsync(initScript);
        var page = await context.NewPageAsync();
        traffic ??= new TrafficRecorder();
        traffic.Attach(page);
        return new Person(browser, context, page, traffic);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _browser.CloseAsync();
        }
        catch (PlaywrightException)
        {
            // already gone
        }
    }
}
