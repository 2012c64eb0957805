using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace RedConnect.Portal.Accounts;

/// <summary>Who is logged in, as carried by the session cookie: the user and the practice (the tenant).</summary>
public sealed record PortalUser(Guid PracticeId, Guid UserId)
{
    private const string PracticeClaim = "rc:practice";

    public static PortalUser? From(ClaimsPrincipal principal) =>
        principal.Identity?.IsAuthenticated == true &&
        Guid.TryParse(principal.FindFirstValue(PracticeClaim), out var practiceId) &&
        Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var userId)
            ? new PortalUser(practiceId, userId)
            : null;

    public Task SignInAsync(HttpContext context)
    {
        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, UserId.ToString("D")),
            new Claim(PracticeClaim, PracticeId.ToString("D")),
        ], CookieAuthenticationDefaults.AuthenticationScheme);
        return context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity),
            new AuthenticationProperties { IsPersistent = false, AllowRefresh = true });
    }
}
