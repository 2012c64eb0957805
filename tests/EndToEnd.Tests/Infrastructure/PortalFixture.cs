using Microsoft.Playwright;

namespace RedConnect.EndToEnd.Tests.Infrastructure;

/// <summary>One portal process and one Playwright driver shared by all end-to-end tests.</summary>
public sealed class PortalFixture : IAsyncLifetime
{
    public PortalProcess Portal { get; private set; } = null!;
    public IPlaywright Playwright { get; private set; } = null!;
    public Uri Origin => Portal.Origin;

    public async Task InitializeAsync()
    {
        Portal = await PortalProcess.StartAsync();
        Playwright = await Chromium.CreatePlaywrightAsync();
    }

    public Task<Person> NewPersonAsync(TrafficRecorder? traffic = null, string? initScript = null) =>
        Person.StartAsync(Playwright, traffic, initScript);

    public Task DisposeAsync()
    {
        Playwright?.Dispose();
        Portal?.Dispose();
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class PortalCollection : ICollectionFixture<PortalFixture>
{
    public const string Name = "portal";
}
