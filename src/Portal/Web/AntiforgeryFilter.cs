using Microsoft.AspNetCore.Antiforgery;

namespace RedConnect.Portal.Web;

/// <summary>
/// Guards every state-changing API request: a browser's cross-site request is refused outright
/// (<c>Sec-Fetch-Site</c>), and the request must carry the anti-forgery token (header
/// <see cref="HeaderName"/>, fetched by the page from <c>GET /api/antiforgery</c>) that matches its cookie.
/// </summary>
public sealed class AntiforgeryFilter(IAntiforgery antiforgery) : IEndpointFilter
{
    public const string HeaderName = "X-CSRF-TOKEN";
    public const string CookieName = "rc_af";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        if (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) || HttpMethods.IsOptions(context.Request.Method))
            return await next(invocation);

        var site = context.Request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0 && site is not ("same-origin" or "none"))
            return Problems.Status(context, StatusCodes.Status403Forbidden, "request.forgery");
        try
        {
            await antiforgery.ValidateRequestAsync(context);
        }
        catch (AntiforgeryValidationException)
        {
            return Problems.Status(context, StatusCodes.Status400BadRequest, "request.forgery");
        }
        return await next(invocation);
    }
}
