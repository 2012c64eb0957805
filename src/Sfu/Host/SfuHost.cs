using System.Buffers;
using System.Collections;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.AspNetCore.Hosting.Server.Features;
using RedConnect.Sfu.Node;
using RedConnect.Sfu.Node.Control;
using RedConnect.Sfu.Routing;

namespace RedConnect.Sfu.Host;

/// <summary>
/// Builds the rc-sfu process: configuration (appsettings.json → RC_SFU__ environment → command line),
/// the media node, the in-process control and its HTTP face on Kestrel. Public so tests start the real
/// program in-process on ephemeral ports.
/// </summary>
public sealed class SfuHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SfuNode _node;
    private readonly SfuControl _control;

    private SfuHost(WebApplication app, SfuNode node, SfuControl control)
    {
        _app = app;
        _node = node;
        _control = control;
    }

    public SfuNode Node => _node;

    public SfuControl Control => _control;

    /// <summary>The control API's base address once started (e.g. http://127.0.0.1:7883).</summary>
    public Uri ControlAddress => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    /// <summary>Reads and validates the configuration; null with the problems when it is not usable.</summary>
    public static SfuHost? TryCreate(string[] args, out IReadOnlyList<string> errors)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddJsonFile("appsettings.json", optional: true);
        builder.Configuration.AddInMemoryCollection(EnvironmentSettings());
        builder.Configuration.AddCommandLine(args);

        var options = new SfuHostOptions();
        try
        {
            builder.Configuration.GetSection(SfuHostOptions.Section).Bind(options);
        }
        catch (InvalidOperationException e)
        {
            errors = [e.Message + (e.InnerException is null ? string.Empty : " " + e.InnerException.Message)];
            return null;
        }

        errors = options.Validate();
        if (errors.Count > 0) return null;

        var nodeOptions = new SfuNodeOptions
        {
            ListenAddress = IPAddress.Parse(options.ListenAddress),
            Port = options.Port,
            AnnouncedAddresses = options.AnnouncedAddresses.Select(IPAddress.Parse).ToList(),
        };
        if (options.ReceiveLoops > 0) nodeOptions.ReceiveLoops = options.ReceiveLoops;
        nodeOptions.ConsentTimeout = TimeSpan.FromSeconds(options.ConsentTimeoutSeconds);
        nodeOptions.IceConnectTimeout = TimeSpan.FromSeconds(options.ConnectTimeoutSeconds);
        errors = nodeOptions.Validate();
        if (errors.Count > 0) return null;

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Parse(options.ControlAddress), options.ControlPort);
            kestrel.Limits.MaxRequestBodySize = SfuControlApi.MaxBodyBytes;
        });
        WebApplication app = builder.Build();
        var node = new SfuNode(nodeOptions, app.Services.GetRequiredService<ILoggerFactory>());
        var control = new SfuControl(Encoding.UTF8.GetBytes(options.RoomTokenSecret), new SfuNodeTransportFactory(node));
        var handler = new SfuControlRequestHandler(control, new ControlRequestSigner(Encoding.UTF8.GetBytes(options.NodeSecret)));
        ILogger logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("rc-sfu");
        handler.UnexpectedError += e => logger.LogError(e, "Control request failed unexpectedly");

        app.MapGet(SfuControlApi.HealthPath, () => Results.Json(new { status = "ok", rooms = control.Rooms.Count, transports = node.Stats.ActiveTransports }));
        app.Map("/sfu/v1/{**rest}", (HttpContext context) => ServeAsync(context, handler));
        return new SfuHost(app, node, control);
    }

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _node.StartAsync(cancellationToken);
        await _app.StartAsync(cancellationToken);
    }

    /// <summary>Runs until SIGINT/SIGTERM, then stops: HTTP first (no new calls), rooms next (BYE-less close), media socket last.</summary>
    public async Task RunAsync()
    {
        await StartAsync();
        _app.Logger.LogInformation("rc-sfu: media on UDP {Port}, control API on {Address}", _node.Port, ControlAddress);
        await _app.WaitForShutdownAsync();
        await DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        _control.Dispose();
        await _node.DisposeAsync();
        await _app.DisposeAsync();
    }

    private static async Task ServeAsync(HttpContext context, SfuControlRequestHandler handler)
    {
        HttpRequest request = context.Request;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(SfuControlApi.MaxBodyBytes + 1);
        try
        {
            int length = 0;
            if (request.ContentLength is > SfuControlApi.MaxBodyBytes)
            {
                length = SfuControlApi.MaxBodyBytes + 1;
            }
            else
            {
                try
                {
                    int read;
                    while (length <= SfuControlApi.MaxBodyBytes && (read = await request.Body.ReadAsync(buffer.AsMemory(length, SfuControlApi.MaxBodyBytes + 1 - length), context.RequestAborted)) > 0)
                    {
                        length += read;
                    }
                }
                catch (BadHttpRequestException)
                {
                    length = SfuControlApi.MaxBodyBytes + 1; // Kestrel's own body limit tripped
                }
            }

            ControlResponse response = await handler.HandleAsync(
                request.Method,
                request.Path.Value ?? string.Empty,
                request.Headers[ControlRequestSigner.TimestampHeader],
                request.Headers[ControlRequestSigner.NonceHeader],
                request.Headers[ControlRequestSigner.SignatureHeader],
                buffer.AsMemory(0, length),
                context.RequestAborted);
            context.Response.StatusCode = response.Status;
            if (response.Body is not null)
            {
                context.Response.ContentType = "application/json";
                await context.Response.Body.WriteAsync(response.Body, context.RequestAborted);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>RC_SFU__Port=7882 → Sfu:Port; RC_SFU__AnnouncedAddresses__0=… → Sfu:AnnouncedAddresses:0.</summary>
    private static IEnumerable<KeyValuePair<string, string?>> EnvironmentSettings()
    {
        const string prefix = "RC_SFU__";
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string key && key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                yield return new KeyValuePair<string, string?>(SfuHostOptions.Section + ":" + key[prefix.Length..].Replace("__", ":", StringComparison.Ordinal), entry.Value as string);
            }
        }
    }
}
