using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace RedConnect.Portal.Hosting;

public static partial class PortalHost
{
    public const string DefaultUrl = "http://127.0.0.1:5000";

    /// <summary>
    /// Content root = the application's folder unless configured, so the app finds its wwwroot whether it is
    /// started with <c>dotnet run --project src/Portal</c>, as <c>dotnet RedConnect.Portal.dll</c>, or from elsewhere.
    /// </summary>
    public static WebApplicationOptions Options(string[] args) => new()
    {
        Args = args,
        ContentRootPath = HasConfiguredContentRoot(args) ? null : AppContext.BaseDirectory,
    };

    /// <summary>Listens on <see cref="DefaultUrl"/> (this machine only) unless URLs or Kestrel endpoints are configured.</summary>
    public static WebApplicationBuilder UseRedConnectDefaults(this WebApplicationBuilder builder)
    {
        var configured = !string.IsNullOrEmpty(builder.Configuration["urls"]) ||
                         !string.IsNullOrEmpty(builder.Configuration["http_ports"]) ||
                         !string.IsNullOrEmpty(builder.Configuration["https_ports"]) ||
                         builder.Configuration.GetSection("Kestrel:Endpoints").Exists();
        if (!configured) builder.WebHost.UseUrls(DefaultUrl);
        return builder;
    }

    /// <summary>Says where the portal can be reached, once it listens.</summary>
    public static WebApplication LogStartupUrl(this WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("RedConnect");
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
            foreach (var address in addresses ?? [])
                LogUrl(logger, address.Replace("://[::]", "://localhost", StringComparison.Ordinal));
        });
        return app;
    }

    /// <summary>True when the portal is the program of this process (not hosted by a test's WebApplicationFactory).</summary>
    public static bool IsThisProcess => System.Reflection.Assembly.GetEntryAssembly() == typeof(PortalHost).Assembly;

    /// <summary>
    /// The operator-facing messages when <paramref name="exception"/> is a configuration problem found at start-up
    /// (a value our validators refuse, or one the configuration binder cannot convert); empty for anything else.
    /// Program.cs prints them one per line and exits with 1 instead of crashing with a stack trace.
    /// </summary>
    public static IReadOnlyList<string> ConfigurationErrors(Exception exception)
    {
        var errors = new List<string>();
        Collect(exception, errors);
        return errors;

        static void Collect(Exception e, List<string> errors)
        {
            switch (e)
            {
                case OptionsValidationException invalid:
                    errors.AddRange(invalid.Failures);
                    break;
                case AggregateException aggregate:
                    foreach (Exception inner in aggregate.InnerExceptions) Collect(inner, errors);
                    break;
                case InvalidOperationException { Message: var message } when message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal):
                    errors.Add(message);
                    break;
            }
        }
    }

    private static bool HasConfiguredContentRoot(string[] args) =>
        args.Any(a => a.TrimStart('-', '/').StartsWith("contentRoot", StringComparison.OrdinalIgnoreCase)) ||
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT")) ||
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_CONTENTROOT"));

    [LoggerMessage(Level = LogLevel.Information, Message = "RedConnect läuft auf {Url}")]
    private static partial void LogUrl(ILogger logger, string url);
}
