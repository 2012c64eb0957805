namespace RedConnect.Portal.Hosting;

/// <summary>
/// Headers on every response. The content security policy allows only our own scripts, styles and
/// connections (plus WebSockets to this host for SignalR) and no inline script; media may come from
/// blob: URLs (local camera, WebRTC streams). Camera, microphone and screen capture are allowed for this
/// origin only; the pages cannot be framed.
/// </summary>
public static class SecurityHeaders
{
    public static IApplicationBuilder UseRedConnectSecurityHeaders(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            var host = context.Request.Host.HasValue ? context.Request.Host.Value : null;
            var sockets = host is null ? "" : $" ws://{host} wss://{host}";
            headers.ContentSecurityPolicy =
                "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; " +
                $"connect-src 'self'{sockets}; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Permissions-Policy"] =
                "camera=(self), microphone=(self), display-capture=(self), fullscreen=(self), geolocation=(), payment=(), usb=()";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Cross-Origin-Resource-Policy"] = "same-origin";
            await next(context);
        });
}
