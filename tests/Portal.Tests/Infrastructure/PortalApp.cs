using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace RedConnect.Portal.Tests.Infrastructure;

/// <summary>
/// The real portal (Program) on a test server, with its own temporary data folder (real SQLite file, real
/// key files) and a fake clock. The header <c>X-Test-Client-Ip</c> stands in for the client's address.
/// </summary>
public sealed class PortalApp : WebApplicationFactory<Program>
{
    public const string ClientIpHeader = "X-Test-Client-Ip";

    private readonly Dictionary<string, string> _settings;

    public PortalApp(IDictionary<string, string>? settings = null)
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "rc-portal-tests-" + Guid.NewGuid().ToString("N"));
        _settings = new Dictionary<string, string>(settings ?? new Dictionary<string, string>()) { ["Data:Directory"] = DataDirectory };
        // The HTTP tests need no TURN server or SFU, and many apps run at once: keep the in-process ones off.
        _settings.TryAdd("Turn:Enabled", "false");
        _settings.TryAdd("Sfu:Enabled", "false");
    }

    public string DataDirectory { get; }

    public string DatabaseFile => Path.Combine(DataDirectory, "redconnect.db");

    /// <summary>Starts on a Monday morning in May 2026 (UTC).</summary>
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 5, 4, 8, 0, 0, TimeSpan.Zero));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.UseEnvironment("Production");
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Time);
            services.AddSingleton<IStartupFilter, ClientIpStartupFilter>();
        });
    }

    public PortalClient NewClient(string ip = "203.0.113.10")
    {
        var http = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        http.DefaultRequestHeaders.Add(ClientIpHeader, ip);
        return new PortalClient(http);
    }

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
    }

    private sealed class ClientIpStartupFilter : IStartupFilter
    {
        public Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> Configure(Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> next) => app =>
        {
            app.Use(nextMiddleware => context =>
            {
                if (IPAddress.TryParse(context.Request.Headers[ClientIpHeader].ToString(), out var ip)) context.Connection.RemoteIpAddress = ip;
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
