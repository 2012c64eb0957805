using Microsoft.Extensions.Options;
using RedConnect.Portal.Data;
using RedConnect.Portal.Security;
using RedConnect.Signaling.Options;
using RedConnect.Turn;
using RedConnect.Turn.Options;

namespace RedConnect.Portal.Hosting;

/// <summary>
/// All-in-one mode (ARCHITECTURE.md): the portal runs our TURN server in its own process unless
/// <c>Turn:Enabled=false</c> (operators who run rc-turn or coturn separately set that and configure
/// <c>Signaling:Turn:Urls</c> and <c>Signaling:Turn:Secret</c> themselves). The section <c>Turn</c> takes every
/// <see cref="TurnServerOptions"/> setting. Without a configured secret, one is generated once into
/// <c>&lt;Data:Directory&gt;/turn.secret</c> and shared with the signaling, which mints per-join credentials from it.
/// </summary>
public static class InProcessTurn
{
    public static IServiceCollection AddRedConnectTurn(this IServiceCollection services, IConfiguration configuration)
    {
        if (!configuration.GetValue("Turn:Enabled", true)) return services;

        var turn = configuration.GetSection(TurnServerOptions.SectionName).Get<TurnServerOptions>() ?? new TurnServerOptions();
        services.AddSingleton(sp => Complete(turn, sp.GetRequiredService<DataPaths>()));
        services.AddHostedService<TurnHostedService>();

        // Browsers learn the in-process server with the host name they used to reach the portal ({host}).
        services.AddOptions<SignalingOptions>().PostConfigure<TurnServerOptions>((signaling, server) =>
        {
            signaling.Turn.Secret ??= server.StaticAuthSecrets[0];
            if (signaling.Turn.Urls.Count > 0) return;
            if (!server.NoUdp) signaling.Turn.Urls.Add($"turn:{{host}}:{server.ListeningPort}?transport=udp");
            if (!server.NoTcp) signaling.Turn.Urls.Add($"turn:{{host}}:{server.ListeningPort}?transport=tcp");
            if (!server.NoTls && server.TlsEnabled()) signaling.Turn.Urls.Add($"turns:{{host}}:{server.TlsListeningPort}?transport=tcp");
        });
        return services;
    }

    private static TurnServerOptions Complete(TurnServerOptions options, DataPaths paths)
    {
        if (options.StaticAuthSecrets.Count == 0)
        {
            var secret = ServerKeyFile.LoadOrCreate(Path.Combine(paths.Directory, "turn.secret"));
            options.StaticAuthSecrets.Add(Convert.ToBase64String(secret));
        }
        if (options.StaticUsers.Count == 0) options.UseAuthSecret = true;
        if (string.IsNullOrWhiteSpace(options.Realm)) options.Realm = "redconnect";

        var errors = TurnServerOptionsValidator.Validate(options);
        if (errors.Count > 0)
            throw new OptionsValidationException(TurnServerOptions.SectionName, typeof(TurnServerOptions),
                errors.Select(e => $"Turn: {e}"));
        return options;
    }

    private sealed class TurnHostedService(TurnServerOptions options, ILoggerFactory loggers, TimeProvider time) : IHostedService, IAsyncDisposable
    {
        private ITurnServer? _server;

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            var server = TurnServerFactory.Create(options, loggers, time);
            try
            {
                await server.StartAsync(cancellationToken);
            }
            catch (Exception exception) when (exception is System.Net.Sockets.SocketException)
            {
                await server.DisposeAsync();
                throw new InvalidOperationException(
                    $"The in-process TURN server could not listen on port {options.ListeningPort} ({exception.Message}). " +
                    "Set Turn:ListeningPort (and Turn:AltListeningPort, Turn:MinPort, Turn:MaxPort) to free ports, or " +
                    "Turn:Enabled=false when rc-turn or coturn runs separately.", exception);
            }
            _server = server;
            loggers.CreateLogger("RedConnect.Turn").LogInformation(
                "TURN server in-process on UDP/TCP port {Port} (realm {Realm})", options.ListeningPort, options.Realm);
        }

        public async Task StopAsync(CancellationToken cancellationToken)
        {
            if (_server is not null) await _server.StopAsync(cancellationToken);
        }

        public async ValueTask DisposeAsync()
        {
            if (_server is not null) await _server.DisposeAsync();
        }
    }
}
