using Microsoft.AspNetCore.Antiforgery;
using RedConnect.Portal.Accounts;
using RedConnect.Portal.Appointments;

namespace RedConnect.Portal.Web;

public sealed record AntiforgeryTokenResponse(string Token, string HeaderName);

public static class ApiEndpoints
{
    /// <summary>The portal's JSON API under <c>/api</c>; every state-changing call passes <see cref="AntiforgeryFilter"/>.</summary>
    public static IEndpointRouteBuilder MapRedConnectApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api").AddEndpointFilter<AntiforgeryFilter>();
        api.MapGet("/antiforgery", (HttpContext context, IAntiforgery antiforgery) =>
        {
            var tokens = antiforgery.GetAndStoreTokens(context);
            context.Response.Headers.CacheControl = "no-store";
            return TypedResults.Ok(new AntiforgeryTokenResponse(tokens.RequestToken!, AntiforgeryFilter.HeaderName));
        });
        api.MapAccountEndpoints();
        api.MapAppointmentEndpoints();
        return endpoints;
    }
}
