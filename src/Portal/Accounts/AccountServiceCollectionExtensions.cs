using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using RedConnect.Portal.Security;
using RedConnect.Portal.Web;

namespace RedConnect.Portal.Accounts;

public static class AccountServiceCollectionExtensions
{
    /// <summary>Accounts, the cookie session, anti-forgery, and the login lock-out.</summary>
    public static IServiceCollection AddRedConnectAccounts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        services.AddOptions<LoginThrottleOptions>().Bind(configuration.GetSection(LoginThrottleOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LoginThrottleOptions>, LoginThrottleOptionsValidator>();

        services.AddSingleton<AccountStore>();
        services.AddSingleton<AuthKeyVerifier>();
        services.AddSingleton<PreloginSalts>();
        services.AddSingleton<LoginFailureStore>();
        services.AddSingleton<LoginThrottle>();

        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie();
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>>((cookie, auth) =>
            {
                cookie.Cookie.Name = "rc_session";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Strict;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.SlidingExpiration = true;
                cookie.ExpireTimeSpan = TimeSpan.FromHours(auth.Value.SessionHours);
                // An API caller gets a status code, not a redirect to a login form.
                cookie.Events.OnRedirectToLogin = context => Deny(context.HttpContext, StatusCodes.Status401Unauthorized);
                cookie.Events.OnRedirectToAccessDenied = context => Deny(context.HttpContext, StatusCodes.Status403Forbidden);
            });
        services.AddAuthorization();
        services.AddAntiforgery(options =>
        {
            options.HeaderName = AntiforgeryFilter.HeaderName;
            options.Cookie.Name = AntiforgeryFilter.CookieName;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.SuppressXFrameOptionsHeader = true; // SecurityHeaders sends DENY on every response
        });
        return services;
    }

    private static Task Deny(HttpContext context, int status)
    {
        var result = Problems.Status(context, status, "auth.required");
        return result.ExecuteAsync(context);
    }
}
