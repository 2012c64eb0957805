using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using RedConnect.Portal.Security;
using RedConnect.Portal.Web;

namespace RedConnect.Portal.Accounts;

public sealed class PreloginRequest
{
    public string? Practice { get; init; }
    public string? User { get; init; }
}

public sealed class LoginRequest
{
    public string? Practice { get; init; }
    public string? User { get; init; }
    public string? AuthKey { get; init; }
}

public sealed record PreloginResponse(string KdfSalt, int KdfIterations);

public sealed record SessionResponse(string PracticeShortName, string UserShortName, string PracticeName, bool IsAdmin,
    string WrappedPracticeKey, string WrappedPracticeKeyIv);

/// <summary>Registration (F1), prelogin + login + logout (F2, F3), the current session.</summary>
public static partial class AccountEndpoints
{
    public static RouteGroupBuilder MapAccountEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/register", RegisterAsync);
        api.MapPost("/auth/prelogin", PreloginAsync);
        api.MapPost("/auth/login", LoginAsync);
        api.MapPost("/auth/logout", (Delegate)LogoutAsync);
        api.MapGet("/auth/session", SessionAsync).RequireAuthorization();
        return api;
    }

    private static async Task<IResult> RegisterAsync(HttpContext context, AccountStore accounts, AuthKeyVerifier verifier,
        TimeProvider time, ILoggerFactory loggers)
    {
        var body = await JsonBody.ReadAsync<RegistrationRequest>(context);
        if (body.Problem is not null) return body.Problem;
        var errors = new FieldErrors(Messages.LanguageOf(context));
        var valid = RegistrationValidator.Validate(body.Value!, errors);
        if (valid is null) return Problems.Validation(errors);

        var user = new NewUser(valid.UserShortName, valid.KdfSalt, valid.KdfIterations, verifier.Create(valid.AuthKey),
            valid.WrappedPracticeKey, valid.WrappedPracticeKeyIv);
        var registered = await accounts.RegisterAsync(valid.Practice, user, time.GetUtcNow(), context.RequestAborted);
        if (registered is null)
        {
            errors.Add("practiceShortName", "practiceShortName.taken");
            return Problems.Validation(errors, StatusCodes.Status409Conflict);
        }
        LogRegistered(loggers.CreateLogger(typeof(AccountEndpoints)), registered.PracticeId);

        var session = new PortalUser(registered.PracticeId, registered.UserId);
        await session.SignInAsync(context);
        return TypedResults.Created((string?)null, new SessionResponse(valid.Practice.ShortName, valid.UserShortName, valid.Practice.Name,
            true, Convert.ToBase64String(valid.WrappedPracticeKey), Convert.ToBase64String(valid.WrappedPracticeKeyIv)));
    }

    private static async Task<IResult> PreloginAsync(HttpContext context, AccountStore accounts, PreloginSalts salts)
    {
        var body = await JsonBody.ReadAsync<PreloginRequest>(context);
        if (body.Problem is not null) return body.Problem;
        var practiceKey = ThrottleKey(body.Value!.Practice);
        var userKey = ThrottleKey(body.Value.User);
        var user = IsPlausible(practiceKey) && IsPlausible(userKey)
            ? await accounts.FindUserAsync(practiceKey, userKey, context.RequestAborted)
            : null;
        var response = user is null
            ? new PreloginResponse(Convert.ToBase64String(salts.FakeSalt(practiceKey, userKey)), KeyDerivationParameters.DefaultIterations)
            : new PreloginResponse(Convert.ToBase64String(user.KdfSalt), (int)user.KdfIterations);
        return TypedResults.Ok(response);
    }

    private static async Task<IResult> LoginAsync(HttpContext context, AccountStore accounts, AuthKeyVerifier verifier,
        LoginThrottle throttle, ILoggerFactory loggers)
    {
        var body = await JsonBody.ReadAsync<LoginRequest>(context);
        if (body.Problem is not null) return body.Problem;
        var logger = loggers.CreateLogger(typeof(AccountEndpoints));
        var practiceKey = ThrottleKey(body.Value!.Practice);
        var userKey = ThrottleKey(body.Value.User);
        var ip = context.Connection.RemoteIpAddress;
        var ct = context.RequestAborted;

        if (await throttle.RetryAfterAsync(practiceKey, userKey, ip, ct) is { } wait)
        {
            LogLockedOut(logger);
            var minutes = (int)Math.Ceiling(wait.TotalMinutes);
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Problems.Status(context, StatusCodes.Status429TooManyRequests, "login.locked", minutes);
        }

        var authKey = Base64.TryDecode(body.Value.AuthKey, KeyDerivationParameters.AuthKeyBytes) is { Length: KeyDerivationParameters.AuthKeyBytes } k
            ? k : new byte[KeyDerivationParameters.AuthKeyBytes];
        var user = IsPlausible(practiceKey) && IsPlausible(userKey) ? await accounts.FindUserAsync(practiceKey, userKey, ct) : null;
        bool ok;
        if (user is null) { verifier.VerifyAgainstNothing(authKey); ok = false; }
        else ok = verifier.Verify(user.AuthVerifier, authKey);

        if (!ok)
        {
            await throttle.RecordFailureAsync(practiceKey, userKey, ip, ct);
            LogFailed(logger);
            return Problems.Status(context, StatusCodes.Status401Unauthorized, "login.failed");
        }
        await throttle.RecordSuccessAsync(practiceKey, userKey, ct);
        var session = new PortalUser(Guid.Parse(user!.PracticeId), Guid.Parse(user.UserId));
        await session.SignInAsync(context);
        LogLoggedIn(logger, session.PracticeId, session.UserId);
        return TypedResults.Ok(ToResponse(user));
    }

    private static async Task<IResult> LogoutAsync(HttpContext context)
    {
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> SessionAsync(HttpContext context, AccountStore accounts)
    {
        if (PortalUser.From(context.User) is not { } current ||
            await accounts.FindUserAsync(current.PracticeId, current.UserId, context.RequestAborted) is not { } user)
            return Problems.Status(context, StatusCodes.Status401Unauthorized, "auth.required");
        return TypedResults.Ok(ToResponse(user));
    }

    private static SessionResponse ToResponse(UserCredentials user) => new(user.PracticeShortName, user.UserShortName, user.PracticeName,
        user.IsAdmin != 0, Convert.ToBase64String(user.WrappedPracticeKey), Convert.ToBase64String(user.WrappedPracticeKeyIv));

    /// <summary>The comparison key of a typed short name, bounded so hostile input cannot bloat the failure table.</summary>
    private static string ThrottleKey(string? input)
    {
        var key = ShortName.Key(input ?? "");
        return key.Length > ShortName.MaxLength + 8 ? key[..(ShortName.MaxLength + 8)] : key;
    }

    private static bool IsPlausible(string key) => key.Length is >= ShortName.MinLength and <= ShortName.MaxLength;

    [LoggerMessage(Level = LogLevel.Information, Message = "Practice {PracticeId} registered")]
    private static partial void LogRegistered(ILogger logger, Guid practiceId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Login of user {UserId} in practice {PracticeId}")]
    private static partial void LogLoggedIn(ILogger logger, Guid practiceId, Guid userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Login failed")]
    private static partial void LogFailed(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Login refused: locked out after repeated failures")]
    private static partial void LogLockedOut(ILogger logger);
}
