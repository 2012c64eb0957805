using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

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
        // Filled in by the signaling work (hub, presence, rate limits).
        return services;
    }

    public static IEndpointRouteBuilder MapRedConnectSignaling(this IEndpointRouteBuilder endpoints)
    {
        return endpoints;
    }
}
