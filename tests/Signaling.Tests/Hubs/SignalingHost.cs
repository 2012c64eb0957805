using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using RedConnect.Signaling.AccessCodes;

namespace RedConnect.Signaling.Tests.Hubs;

/// <summary>
/// A real Kestrel server on a free loopback port hosting only the signaling, with a fake clock and an
/// in-memory code store. One per test, so rate-limit state never leaks between tests.
/// </summary>
public sealed class SignalingHost : IAsyncDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    private readonly WebApplication _app;

    private SignalingHost(WebApplication app, FakeTimeProvider time, TestAccessCodeStore store, Uri hubUrl)
    {
        _app = app;
        Time = time;
        Store = store;
        HubUrl = hubUrl;
    }

    public FakeTimeProvider Time { get; }
    public TestAccessCodeStore Store { get; }
    public Uri HubUrl { get; }

    public static async Task<SignalingHost> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);

        var time = new FakeTimeProvider(Now);
        var hasher = new AccessCodeHasher(RandomNumberGenerator.GetBytes(32));
        var store = new TestAccessCodeStore(hasher);
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddSingleton(hasher);
        builder.Services.AddSingleton<IAccessCodeStore>(store);
        builder.Services.AddRedConnectSignaling(builder.Configuration);

        var app = builder.Build();
        app.UseWebSockets();
        app.MapRedConnectSignaling();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new SignalingHost(app, time, store, new Uri(new Uri(address), "/hubs/call"));
    }

    public async Task<CallClient> ConnectAsync() => await CallClient.ConnectAsync(HubUrl);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
