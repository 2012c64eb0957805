using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using RedConnect.Signaling.Options;

namespace RedConnect.Signaling.RateLimiting;

/// <summary>
/// Bounds how many codes anyone can try. Only failures count (a malformed or unknown code); a limited client is
/// refused before its code is looked up, so a refused attempt tests nothing.
/// <para>
/// Defaults: 10 failures per address (IPv4, or IPv6 /64) per minute, then that address is refused for
/// 15 minutes; and at most 1000 failures per hour from all addresses together, after which every join is
/// refused until the hour's count falls below the limit.
/// </para>
/// <para>
/// Why guessing is hopeless: a code has 60 bits (2^60 ≈ 1.15·10^18 values). Take a large deployment with
/// 2·10^7 codes in the database (100 000 practices × 100 appointments × 2 codes, counting expired ones).
/// One guess hits with p = 2·10^7 / 1.15·10^18 ≈ 1.7·10^-11, so a hit needs ≈ 5.8·10^10 guesses on average.
/// The global limit admits at most 1000 failed guesses per hour ≈ 8.8·10^6 per year, whatever the number of
/// attacking addresses: ≈ 6 600 years on average. One address alone gets ≤ 10 guesses per 16 minutes
/// (≈ 3.3·10^5 per year): ≈ 175 000 years. The price is availability: a botnet that burns the global budget
/// makes joins fail with "rate_limited" for everyone until the hour passes (in-flight joins may overshoot
/// the limit by the number of concurrent lookups).
/// </para>
/// </summary>
public sealed class JoinAttemptLimiter
{
    private sealed class AddressState
    {
        public readonly Queue<DateTimeOffset> Failures = new();
        public DateTimeOffset BlockedUntil = DateTimeOffset.MinValue;
    }

    private const int PruneThreshold = 10_000;

    private readonly TimeProvider _time;
    private readonly IOptionsMonitor<SignalingOptions> _options;
    private readonly Lock _gate = new();
    private readonly Dictionary<IPAddress, AddressState> _addresses = new();
    private readonly Queue<DateTimeOffset> _globalFailures = new();

    public JoinAttemptLimiter(TimeProvider time, IOptionsMonitor<SignalingOptions> options)
    {
        _time = time;
        _options = options;
    }

    /// <summary>Whether a join from <paramref name="address"/> may look its code up now.</summary>
    public bool IsAllowed(IPAddress? address)
    {
        var limits = _options.CurrentValue.RateLimit;
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            Expire(_globalFailures, now - TimeSpan.FromMinutes(limits.GlobalWindowMinutes));
            if (_globalFailures.Count >= limits.GlobalFailures) return false;
            return !_addresses.TryGetValue(KeyOf(address), out var state) || state.BlockedUntil <= now;
        }
    }

    /// <summary>Counts a malformed or unknown code from <paramref name="address"/>.</summary>
    public void RecordFailure(IPAddress? address)
    {
        var limits = _options.CurrentValue.RateLimit;
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            _globalFailures.Enqueue(now);
            var key = KeyOf(address);
            if (!_addresses.TryGetValue(key, out var state))
            {
                if (_addresses.Count >= PruneThreshold) Prune(now, limits);
                _addresses[key] = state = new AddressState();
            }
            Expire(state.Failures, now - TimeSpan.FromSeconds(limits.PerAddressWindowSeconds));
            state.Failures.Enqueue(now);
            if (state.Failures.Count >= limits.PerAddressFailures)
            {
                state.BlockedUntil = now + TimeSpan.FromMinutes(limits.PerAddressBlockMinutes);
                state.Failures.Clear();
            }
        }
    }

    private void Prune(DateTimeOffset now, JoinRateLimitOptions limits)
    {
        var windowStart = now - TimeSpan.FromSeconds(limits.PerAddressWindowSeconds);
        foreach (var (key, state) in _addresses.ToList())
        {
            Expire(state.Failures, windowStart);
            if (state.Failures.Count == 0 && state.BlockedUntil <= now) _addresses.Remove(key);
        }
    }

    private static void Expire(Queue<DateTimeOffset> failures, DateTimeOffset windowStart)
    {
        while (failures.Count > 0 && failures.Peek() <= windowStart) failures.Dequeue();
    }

    /// <summary>IPv4 addresses count alone; IPv6 clients by their /64, which one subscriber usually owns whole.</summary>
    private static IPAddress KeyOf(IPAddress? address)
    {
        if (address is null) return IPAddress.None;
        if (address.IsIPv4MappedToIPv6) return address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address;
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes);
    }
}
