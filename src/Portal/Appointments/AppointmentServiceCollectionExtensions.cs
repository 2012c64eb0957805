using Microsoft.Extensions.DependencyInjection.Extensions;
using RedConnect.Portal.Security;
using RedConnect.Signaling.AccessCodes;

namespace RedConnect.Portal.Appointments;

public static class AppointmentServiceCollectionExtensions
{
    /// <summary>
    /// Appointments, the access-code store the signaling looks codes up in, and the code hasher keyed with
    /// <c>&lt;Data:Directory&gt;/access-code.key</c>. Call after <c>AddRedConnectSignaling</c>: if the signaling
    /// registered its own <see cref="AccessCodeValidity"/>, the detail view shows that one.
    /// </summary>
    public static IServiceCollection AddRedConnectAppointments(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<AppointmentStore>();
        services.AddSingleton<IAccessCodeStore, AccessCodeStore>();
        services.AddSingleton(sp => new AccessCodeHasher(sp.GetRequiredService<ServerKeys>().AccessCodeKey));
        services.TryAddSingleton(_ =>
        {
            var minutes = configuration.GetValue("Signaling:EarlyJoinMinutes", 30);
            return AccessCodeValidity.Default with { EarlyJoin = TimeSpan.FromMinutes(minutes) };
        });
        return services;
    }
}
