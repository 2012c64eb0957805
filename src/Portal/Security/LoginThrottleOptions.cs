using Microsoft.Extensions.Options;

namespace RedConnect.Portal.Security;

/// <summary>
/// Lock-out after failed logins (F2). Per practice + user: <see cref="UserMaxFailures"/> failures lock the
/// account name for <see cref="UserLockoutMinutes"/>, doubling with each further lock-out up to
/// <see cref="UserMaxLockoutMinutes"/>. Per client IP: <see cref="IpMaxFailures"/> failures within
/// <see cref="IpWindowMinutes"/> block that address until the window ends.
/// </summary>
public sealed class LoginThrottleOptions
{
    public const string Section = "Login";

    public int UserMaxFailures { get; set; } = 5;
    public int UserLockoutMinutes { get; set; } = 15;
    public int UserMaxLockoutMinutes { get; set; } = 24 * 60;
    public int IpMaxFailures { get; set; } = 20;
    public int IpWindowMinutes { get; set; } = 15;
}

internal sealed class LoginThrottleOptionsValidator : IValidateOptions<LoginThrottleOptions>
{
    public ValidateOptionsResult Validate(string? name, LoginThrottleOptions o)
    {
        var failures = new List<string>();
        if (o.UserMaxFailures is < 1 or > 100) failures.Add($"Login:UserMaxFailures must be between 1 and 100 (is {o.UserMaxFailures}).");
        if (o.UserLockoutMinutes is < 1 or > 1440) failures.Add($"Login:UserLockoutMinutes must be between 1 and 1440 (is {o.UserLockoutMinutes}).");
        if (o.UserMaxLockoutMinutes < o.UserLockoutMinutes || o.UserMaxLockoutMinutes > 7 * 1440)
            failures.Add($"Login:UserMaxLockoutMinutes must be between Login:UserLockoutMinutes and 10080 (is {o.UserMaxLockoutMinutes}).");
        if (o.IpMaxFailures is < 1 or > 10_000) failures.Add($"Login:IpMaxFailures must be between 1 and 10000 (is {o.IpMaxFailures}).");
        if (o.IpWindowMinutes is < 1 or > 1440) failures.Add($"Login:IpWindowMinutes must be between 1 and 1440 (is {o.IpWindowMinutes}).");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
