using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RedConnect.Signaling.Hubs;
using RedConnect.Signaling.Options;
using RedConnect.Signaling.Presence;
using RedConnect.Signaling.RateLimiting;
using RedConnect.Signaling.Rooms;
using RedConnect.Signaling.Turn;

namespace RedConnect.Signaling;

/// <summary>
/// How the portal hosts the signaling: <c>services.AddRedConnectSignaling(config)</c> and
/// <c>app.MapRedConnectSignaling()</c>. The host must also register an
/// <see cref="AccessCodes.IAccessCodeStore"/> and an <see cref="AccessCodes.AccessCodeHasher"/>.
/// </summary>
public static class SignalingEndpoints
{
    public static IServiceCollection AddRedConnectSignaling(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SignalingOptions>()
            .Bind(configuration.GetSection(SignalingOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SignalingOptions>, SignalingOptionsValidator>());

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IRoomPresence, InMemoryRoomPresence>();
        services.TryAddSingleton<ConnectionRegistry>();
        services.TryAddSingleton<JoinAttemptLimiter>();
        services.TryAddSingleton<RoomIdProtector>();
        services.TryAddSingleton<TurnCredentialMinter>();
        services.TryAddSingleton<IceServerDirectory>();
        services.TryAddTransient<JoinHandler>();

        // AddHubOptions marks the hub's options as its own; without it SignalR silently applies the global 32 KB
        // limit and an SDP between 32 KB and MaxMessageBytes would drop the connection.
        services.AddSignalR().AddHubOptions<CallHub>(_ => { });
        // Leave room for JSON escaping of the payload (up to 6 bytes per character for control characters), so
        // an over-long payload reaches the hub and gets "message_too_large" instead of a dropped connection.
        services.AddOptions<HubOptions<CallHub>>().PostConfigure<IOptions<SignalingOptions>>((hub, signaling) =>
            hub.MaximumReceiveMessageSize = 6L * signaling.Value.MaxMessageBytes + 4096);
        return services;
    }

    public static IEndpointRouteBuilder MapRedConnectSignaling(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHub<CallHub>(CallHub.Path, o => o.Transports = HttpTransportType.WebSockets);
        return endpoints;
    }
}
