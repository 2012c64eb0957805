using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Options;
using RedConnect.Portal.Data;

namespace RedConnect.Portal.Security;

/// <summary>
/// Decides whether a login attempt may proceed and counts failures (see <see cref="LoginThrottleOptions"/>).
/// The per-user state is in the database so a restart does not reset it; the per-IP state is in memory
/// because client addresses are personal data we do not keep on disk, and the window is short.
/// Unknown accounts are counted exactly like real ones, so a lock-out tells nothing about existence.
/// </summary>
public sealed class LoginThrottle(LoginFailureStore store, TimeProvider time, IOptions<LoginThrottleOptions> options)
{
    private readonly LoginThrottleOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, IpWindow> _ipWindows = new(StringComparer.Ordinal);

    private sealed record IpWindow(DateTimeOffset Start, int Failures);

    /// <summary>How long the attempt must wait, or null when it may proceed.</summary>
    public async Task<TimeSpan?> RetryAfterAsync(string practiceKey, string userKey, IPAddress? ip, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        TimeSpan? wait = null;
        if (ip is not null && _ipWindows.TryGetValue(IpKey(ip), out var window))
        {
            var end = window.Start + TimeSpan.FromMinutes(_options.IpWindowMinutes);
            if (now < end && window.Failures >= _options.IpMaxFailures) wait = end - now;
        }
        var record = await store.GetAsync(practiceKey, userKey, cancellationToken);
        if (record is not null)
        {
            var until = SqlDialect.Instant(record.LockedUntilUtc);
            if (until > now && (wait is null || until - now > wait)) wait = until - now;
        }
        return wait;
    }

    public async Task RecordFailureAsync(string practiceKey, string userKey, IPAddress? ip, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (ip is not null) CountIpFailure(IpKey(ip), now);

        var failureWindow = TimeSpan.FromMinutes(_options.UserLockoutMinutes);
        await store.UpdateAsync(practiceKey, userKey, current =>
        {
            var last = current is null ? DateTimeOffset.MinValue : SqlDialect.Instant(current.LastFailureUtc);
            // Lock-outs escalate only while failures keep coming; a quiet day starts over.
            var lockouts = current is null || now - last > TimeSpan.FromDays(1) ? 0 : current.Lockouts;
            var failures = (current is null || now - last > failureWindow ? 0 : current.Failures) + 1;
            var lockedUntil = current?.LockedUntilUtc ?? 0;
            if (failures >= _options.UserMaxFailures)
            {
                var minutes = Math.Min(_options.UserLockoutMinutes * Math.Pow(2, Math.Min(lockouts, 16)), _options.UserMaxLockoutMinutes);
                lockedUntil = SqlDialect.Ticks(now + TimeSpan.FromMinutes(minutes));
                lockouts++;
                failures = 0;
            }
            return new LoginFailureRecord
            {
                Failures = failures, Lockouts = lockouts, LockedUntilUtc = lockedUntil, LastFailureUtc = SqlDialect.Ticks(now),
            };
        }, SqlDialect.Ticks(now - TimeSpan.FromDays(1)), cancellationToken);
    }

    public Task RecordSuccessAsync(string practiceKey, string userKey, CancellationToken cancellationToken) =>
        store.ClearAsync(practiceKey, userKey, cancellationToken);

    private void CountIpFailure(string key, DateTimeOffset now)
    {
        var length = TimeSpan.FromMinutes(_options.IpWindowMinutes);
        _ipWindows.AddOrUpdate(key,
            _ => new IpWindow(now, 1),
            (_, w) => now - w.Start >= length ? new IpWindow(now, 1) : w with { Failures = w.Failures + 1 });
        if (_ipWindows.Count > 10_000)
            foreach (var (k, w) in _ipWindows)
                if (now - w.Start >= length) _ipWindows.TryRemove(k, out _);
    }

    // IPv6 clients usually own a whole /64: count per /64 so rotating addresses inside it does not help.
    private static string IpKey(IPAddress ip)
    {
        if (ip.IsIPv4MappedToIPv6) ip = ip.MapToIPv4();
        if (ip.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6) return ip.ToString();
        var bytes = ip.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
