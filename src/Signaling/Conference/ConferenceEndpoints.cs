using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RedConnect.Sfu.Node.Control;
using RedConnect.Signaling.Turn;

namespace RedConnect.Signaling.Conference;

/// <summary>
/// How a host offers conferences: <c>services.AddRedConnectConferences(o => …)</c> with an <see cref="ISfuControl"/>
/// registered (in-process <see cref="SfuControl"/> or <see cref="HttpSfuControl"/>; without one every join gets
/// "unavailable"), and <c>app.MapRedConnectConferences()</c>.
/// </summary>
public static class ConferenceEndpoints
{
    public static IServiceCollection AddRedConnectConferences(this IServiceCollection services, Action<ConferenceOptions>? configure = null)
    {
        OptionsBuilder<ConferenceOptions> options = services.AddOptions<ConferenceOptions>().ValidateOnStart();
        if (configure is not null) options.Configure(configure);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ConferenceOptions>, ConferenceOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ISfuControl, UnavailableSfuControl>();
        services.TryAddSingleton<ConferenceRoster>();
        services.TryAddSingleton<ConferenceRemovals>();
        services.TryAddSingleton<SubscriberOfferRelay>();
        // ICE servers and TURN credentials come from the Signaling section, shared with the two-party calls.
        services.TryAddSingleton<TurnCredentialMinter>();
        services.TryAddSingleton<IceServerDirectory>();
        // An SDP may grow sixfold in JSON escaping; leave room so an over-long one reaches the hub and gets a code.
        // AddHubOptions marks the hub's options as its own; without that SignalR uses the global 32 KB limit.
        services.AddSignalR().AddHubOptions<ConferenceHub>(_ => { });
        services.AddOptions<HubOptions<ConferenceHub>>().PostConfigure<IOptions<ConferenceOptions>>((hub, conference) =>
            hub.MaximumReceiveMessageSize = 6L * conference.Value.MaxSdpBytes + 4096 + RoomToken.MaxLength);
        return services;
    }

    public static IEndpointRouteBuilder MapRedConnectConferences(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHub<ConferenceHub>(ConferenceHub.Path, o => o.Transports = HttpTransportType.WebSockets);
        return endpoints;
    }
}
