using RedConnect.Stun;
using RedConnect.Turn.Interop;
using RedConnect.Turn.Transport;

namespace RedConnect.Turn.Allocations;

/// <summary>
/// An allocation (RFC 8656 §2, §5): the relayed transport address(es) of one client 5-tuple, with its
/// permissions, channel bindings and lifetime. Per-packet lookups (channel by number, channel by peer,
/// permission by IP) read copy-on-write arrays without locking and without allocating; changes happen
/// under the allocation's lock, at request rate.
/// </summary>
internal sealed class Allocation : IDisposable
{
    /// <summary>More permissions or channels than this per allocation are refused with 508: a client
    /// that needs more is not a call, and the cap keeps per-packet scans short.</summary>
    public const int MaxPermissions = 64;

    /// <summary>See <see cref="MaxPermissions"/>.</summary>
    public const int MaxChannels = 64;

    private Permission[] _permissions = [];
    private ChannelBinding[] _channels = [];
    private long _expiresAt;
    private int _disposed;

    public Allocation(FiveTuple fiveTuple, ListenerEndpoint listener, ReadOnlySpan<byte> clientSockAddr,
        StreamConnection? stream, string username, byte[] usernameBytes, byte[] key, RelaySocket? relay4, RelaySocket? relay6)
    {
        FiveTuple = fiveTuple;
        Listener = listener;
        ClientSockAddr = new byte[LinuxSockets.SockAddrSize];
        clientSockAddr.CopyTo(ClientSockAddr);
        ClientSockAddrLength = clientSockAddr.Length;
        Stream = stream;
        Username = username;
        UsernameBytes = usernameBytes;
        Key = key;
        IntegrityKey = new StunIntegrityKey(key);
        Relay4 = relay4;
        Relay6 = relay6;
    }

    public FiveTuple FiveTuple { get; }

    /// <summary>The server transport address (listener) the client uses; replies and relayed data leave from it.</summary>
    public ListenerEndpoint Listener { get; }

    /// <summary>The client's socket address (UDP clients), for sendmmsg from the listener socket.</summary>
    public byte[] ClientSockAddr { get; }

    public int ClientSockAddrLength { get; }

    /// <summary>The TCP/TLS connection for stream clients; null for UDP.</summary>
    public StreamConnection? Stream { get; }

    public string Username { get; }

    public byte[] UsernameBytes { get; }

    /// <summary>The long-term key (RFC 8489 §9.2.2) the client authenticated with.</summary>
    public byte[] Key { get; }

    /// <summary>Prepared HMAC for this allocation's requests and responses. Use under <see cref="Gate"/>.</summary>
    public StunIntegrityKey IntegrityKey { get; }

    public object Gate { get; } = new();

    public RelaySocket? Relay4 { get; }

    public RelaySocket? Relay6 { get; }

    /// <summary>Transaction id of the Allocate that created this allocation, and the success response sent
    /// for it: a retransmitted Allocate gets the same answer (RFC 8656 §7.2).</summary>
    public byte[] AllocateTransactionId { get; set; } = [];

    public byte[] AllocateResponse { get; set; } = [];

    public TokenBucket? ClientToPeerBucket { get; init; }

    public TokenBucket? PeerToClientBucket { get; init; }

    public long ExpiresAt
    {
        get => Volatile.Read(ref _expiresAt);
        set => Volatile.Write(ref _expiresAt, value);
    }

    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>The relay socket for peers of <paramref name="family"/>, or null (→ 443, RFC 8656 §10.2).</summary>
    public RelaySocket? RelayFor(StunAddressFamily family) => family == StunAddressFamily.IPv6 ? Relay6 : Relay4;

    /// <summary>Whether a permission for the peer's IP exists (RFC 8656 §9; the port does not matter).</summary>
    public bool HasPermission(StunAddress peer)
    {
        var ip = WithoutPort(peer);
        foreach (var permission in Volatile.Read(ref _permissions))
        {
            if (permission.PeerIp == ip)
            {
                return true;
            }
        }

        return false;
    }

    public ChannelBinding? FindChannel(ushort number)
    {
        foreach (var channel in Volatile.Read(ref _channels))
        {
            if (channel.Number == number)
            {
                return channel;
            }
        }

        return null;
    }

    public ChannelBinding? FindChannel(StunAddress peer)
    {
        foreach (var channel in Volatile.Read(ref _channels))
        {
            if (channel.Peer == peer)
            {
                return channel;
            }
        }

        return null;
    }

    public int PermissionCount => Volatile.Read(ref _permissions).Length;

    public int ChannelCount => Volatile.Read(ref _channels).Length;

    /// <summary>Installs or refreshes a permission (RFC 8656 §9.2). Call under <see cref="Gate"/>; false when the cap is reached.</summary>
    public bool InstallPermission(StunAddress peer, long expiresAt)
    {
        var ip = WithoutPort(peer);
        var current = _permissions;
        foreach (var permission in current)
        {
            if (permission.PeerIp == ip)
            {
                permission.ExpiresAt = expiresAt;
                return true;
            }
        }

        if (current.Length >= MaxPermissions)
        {
            return false;
        }

        Volatile.Write(ref _permissions, [.. current, new Permission(ip, expiresAt)]);
        return true;
    }

    /// <summary>Whether one more permission for <paramref name="peer"/> fits (call under <see cref="Gate"/>).</summary>
    public bool CanInstallPermission(StunAddress peer) =>
        _permissions.Length < MaxPermissions || HasPermission(peer);

    /// <summary>Binds or refreshes a channel (RFC 8656 §12.2). Call under <see cref="Gate"/> after checking the rules.</summary>
    public void BindChannel(ushort number, StunAddress peer, long expiresAt)
    {
        var existing = FindChannel(number);
        if (existing is not null)
        {
            existing.ExpiresAt = expiresAt;
            return;
        }

        Volatile.Write(ref _channels, [.. _channels, new ChannelBinding(number, peer, expiresAt)]);
    }

    /// <summary>Drops permissions and channels whose lifetime ended (RFC 8656 §9, §12). Returns how many went.</summary>
    public int RemoveExpired(long now)
    {
        lock (Gate)
        {
            var removed = 0;
            if (Array.Exists(_permissions, p => p.ExpiresAt <= now))
            {
                var kept = Array.FindAll(_permissions, p => p.ExpiresAt > now);
                removed += _permissions.Length - kept.Length;
                Volatile.Write(ref _permissions, kept);
            }

            if (Array.Exists(_channels, c => c.ExpiresAt <= now))
            {
                var kept = Array.FindAll(_channels, c => c.ExpiresAt > now);
                removed += _channels.Length - kept.Length;
                Volatile.Write(ref _channels, kept);
            }

            return removed;
        }
    }

    /// <summary>The IP part of <paramref name="address"/> with port 0: the key of a permission.</summary>
    public static StunAddress WithoutPort(StunAddress address)
    {
        if (address.Port == 0)
        {
            return address;
        }

        Span<byte> bytes = stackalloc byte[16];
        return new StunAddress(bytes[..address.CopyAddressTo(bytes)], 0);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Relay4?.Dispose();
        Relay6?.Dispose();
        lock (Gate)
        {
            IntegrityKey.Dispose();
        }
    }
}
