using Microsoft.Extensions.FileProviders;
using RedConnect.Portal.Accounts;

namespace RedConnect.Portal.Hosting;

/// <summary>
/// The HTML pages: static shells from wwwroot whose TypeScript (wwwroot/js/&lt;page&gt;.js) does the rest.
/// Pages behind the login redirect to /login when there is no session.
/// </summary>
public static class PageRoutes
{
    public static IEndpointRouteBuilder MapRedConnectPages(this IEndpointRouteBuilder endpoints)
    {
        Page(endpoints, "/", "index.html", loginRequired: false);
        Page(endpoints, "/register", "register.html", loginRequired: false);
        Page(endpoints, "/login", "login.html", loginRequired: false);
        Page(endpoints, "/appointments", "appointments.html", loginRequired: true);
        Page(endpoints, "/appointments/new", "appointment-form.html", loginRequired: true);
        Page(endpoints, "/appointments/{id:guid}", "appointment.html", loginRequired: true);
        Page(endpoints, "/appointments/{id:guid}/edit", "appointment-form.html", loginRequired: true);
        // The join page belongs to the call UI (wwwroot/j.html); the code travels in the fragment only.
        Page(endpoints, "/j", "j.html", loginRequired: false);
        Page(endpoints, "/join", "j.html", loginRequired: false);
        // The conference page; its room token travels in the fragment only (/conference#TOKEN).
        Page(endpoints, "/conference", "conference.html", loginRequired: false);
        // Browsers ask for /favicon.ico on pages without an icon link; answer with our icon instead of a 404.
        endpoints.MapGet("/favicon.ico", (IWebHostEnvironment environment) =>
            environment.WebRootFileProvider.GetFileInfo("favicon.svg") is { Exists: true } icon
                ? Results.Stream(icon.CreateReadStream(), "image/svg+xml")
                : Results.NotFound());
        return endpoints;
    }

    private static void Page(IEndpointRouteBuilder endpoints, string pattern, string file, bool loginRequired) =>
        endpoints.MapGet(pattern, (HttpContext context, IWebHostEnvironment environment) =>
        {
            if (loginRequired && PortalUser.From(context.User) is null) return Results.Redirect("/login");
            var info = environment.WebRootFileProvider.GetFileInfo(file);
            if (!info.Exists) return Results.NotFound();
            context.Response.Headers.CacheControl = "no-cache";
            return Results.Stream(info.CreateReadStream(), "text/html; charset=utf-8");
        });
}
