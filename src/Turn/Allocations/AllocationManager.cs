using System.Collections.Concurrent;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using RedConnect.Turn.Transport;

namespace RedConnect.Turn.Allocations;

/// <summary>
/// Owns every allocation (modelled on pion/turn's allocation_manager): the 5-tuple index, the per-user and
/// total quotas (RFC 8656 §7.2: 486 Allocation Quota Reached), RFC 8656 §7.2 port reservations for
/// EVEN-PORT with the R bit, and the lifetime sweep (allocation §7, permission §9, channel §12).
/// </summary>
internal sealed class AllocationManager : IDisposable
{
    private readonly ConcurrentDictionary<FiveTuple, Allocation> _allocations = new();
    private readonly Dictionary<string, int> _perUser = new(StringComparer.Ordinal);
    private readonly Dictionary<ulong, Reservation> _reservations = [];
    private readonly object _gate = new();
    private readonly int _userQuota;
    private readonly int _totalQuota;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly RelayPoller[] _pollers;
    private int _total;
    private int _nextPoller;

    public AllocationManager(int userQuota, int totalQuota, TimeProvider time, RelayPoller[] pollers, ILogger log)
    {
        _userQuota = userQuota;
        _totalQuota = totalQuota;
        _time = time;
        _pollers = pollers;
        _log = log;
    }

    public int Count => _allocations.Count;

    public IEnumerable<Allocation> All => _allocations.Values;

    public bool TryGet(in FiveTuple fiveTuple, out Allocation allocation) =>
        _allocations.TryGetValue(fiveTuple, out allocation!);

    /// <summary>Counts one more allocation for <paramref name="username"/>; false when a quota is reached.</summary>
    public bool TryReserveQuota(string username)
    {
        lock (_gate)
        {
            _perUser.TryGetValue(username, out var mine);
            if ((_totalQuota > 0 && _total >= _totalQuota) || (_userQuota > 0 && mine >= _userQuota))
            {
                return false;
            }

            _perUser[username] = mine + 1;
            _total++;
            return true;
        }
    }

    public void ReleaseQuota(string username)
    {
        lock (_gate)
        {
            if (_perUser.TryGetValue(username, out var mine))
            {
                if (mine <= 1)
                {
                    _perUser.Remove(username);
                }
                else
                {
                    _perUser[username] = mine - 1;
                }

                _total--;
            }
        }
    }

    /// <summary>Publishes a new allocation; false if the 5-tuple already has one (a race between two Allocates).</summary>
    public bool TryAdd(Allocation allocation)
    {
        if (!_allocations.TryAdd(allocation.FiveTuple, allocation))
        {
            return false;
        }

        var poller = _pollers[(int)((uint)Interlocked.Increment(ref _nextPoller) % (uint)_pollers.Length)];
        if (allocation.Relay4 is { } relay4)
        {
            poller.Register(relay4);
        }

        if (allocation.Relay6 is { } relay6)
        {
            poller.Register(relay6);
        }

        return true;
    }

    /// <summary>Deletes an allocation (Refresh with LIFETIME 0, expiry, client gone): closes its relay sockets.</summary>
    public void Remove(Allocation allocation)
    {
        if (_allocations.TryRemove(new KeyValuePair<FiveTuple, Allocation>(allocation.FiveTuple, allocation)))
        {
            ReleaseQuota(allocation.Username);
            allocation.Dispose();
            _log.LogDebug("Allocation for {Client} deleted", allocation.FiveTuple.Client);
        }
    }

    /// <summary>Removes every allocation of a TCP/TLS connection that closed (RFC 8656 §7: its 5-tuple is gone).</summary>
    public void RemoveConnection(StreamConnection connection)
    {
        foreach (var allocation in _allocations.Values)
        {
            if (allocation.Stream == connection)
            {
                Remove(allocation);
            }
        }
    }

    /// <summary>Keeps a socket on port+1 for a later Allocate with RESERVATION-TOKEN (RFC 8656 §7.2, EVEN-PORT R bit).</summary>
    public ulong Reserve(Socket socket, long expiresAt)
    {
        var token = (ulong)Random.Shared.NextInt64() | 1;
        lock (_gate)
        {
            _reservations[token] = new Reservation(socket, expiresAt);
        }

        return token;
    }

    /// <summary>Takes the socket reserved under <paramref name="token"/>, if still held.</summary>
    public Socket? TakeReservation(ulong token)
    {
        lock (_gate)
        {
            return _reservations.Remove(token, out var reservation) ? reservation.Socket : null;
        }
    }

    /// <summary>One sweep: expired allocations go, and expired permissions and channels of the others.</summary>
    public void Sweep()
    {
        var now = _time.GetTimestamp();
        foreach (var allocation in _allocations.Values)
        {
            if (allocation.ExpiresAt <= now)
            {
                Remove(allocation);
            }
            else
            {
                allocation.RemoveExpired(now);
            }
        }

        lock (_gate)
        {
            foreach (var (token, reservation) in _reservations)
            {
                if (reservation.ExpiresAt <= now)
                {
                    _reservations.Remove(token);
                    reservation.Socket.Dispose();
                }
            }
        }
    }

    public void Dispose()
    {
        foreach (var allocation in _allocations.Values)
        {
            Remove(allocation);
        }

        lock (_gate)
        {
            foreach (var reservation in _reservations.Values)
            {
                reservation.Socket.Dispose();
            }

            _reservations.Clear();
        }
    }

    private readonly record struct Reservation(Socket Socket, long ExpiresAt);
}
