using System.Net;
using RedConnect.Turn.Options;

namespace RedConnect.Turn.Security;

/// <summary>
/// Decides whether a TURN client may install a permission or channel towards a peer address
/// (RFC 8656 §9 and §21.2.3: a relay must not become a way into the operator's own networks).
/// <para>
/// Order of decisions, per candidate address:
/// 1. Unspecified addresses (0.0.0.0/8, ::) are always refused: on Linux a datagram to them reaches
///    the host itself — coturn's CVE-2020-26262 was exactly "0.0.0.0 and [::] bypass the loopback deny".
/// 2. A configured allowed range admits the candidate (coturn: allowed-peer-ip beats denied-peer-ip).
/// 3. <see cref="TurnServerOptions.AllowLoopbackPeers"/> admits 127.0.0.0/8 and ::1, only when spelled directly
///    (or IPv4-mapped), never when merely embedded in a NAT64/6to4 address.
/// 4. A configured denied range or the built-in <see cref="DefaultDeniedRanges"/> refuses it.
/// </para>
/// <para>
/// Candidates are the address itself, normalised so that IPv4-mapped ::ffff:a.b.c.d is a.b.c.d, plus every
/// IPv4 address embedded by a translation or tunnelling scheme: IPv4-compatible ::a.b.c.d (RFC 4291 §2.5.5.1),
/// SIIT ::ffff:0:a.b.c.d (RFC 2765), NAT64 64:ff9b::a.b.c.d (RFC 6052) and 6to4 2002:AABB:CCDD:: (RFC 3056).
/// The peer is allowed only when no candidate is refused. CVE-2026-27624 (IPv4-mapped loopback) and the
/// CVE-2020-26262 family are covered by the tests of this class.
/// </para>
/// Thread-safe and allocation-free after construction.
/// </summary>
public sealed class PeerAddressPolicy
{
    private static readonly IpRange ThisNetwork = IpRange.Parse("0.0.0.0/8");
    private static readonly UInt128 Ipv6Unspecified = UInt128.Zero;
    private static readonly IpRange Loopback4 = IpRange.Parse("127.0.0.0/8");
    private static readonly UInt128 Loopback6 = UInt128.One;

    private static readonly IpRange Compatible = IpRange.Parse("::/96");
    private static readonly IpRange Siit = IpRange.Parse("::ffff:0:0:0/96");
    private static readonly IpRange Nat64 = IpRange.Parse("64:ff9b::/96");
    private static readonly IpRange SixToFour = IpRange.Parse("2002::/16");

    /// <summary>Multicast and broadcast blocks, denied while <see cref="TurnServerOptions.NoMulticastPeers"/> is on.</summary>
    public static IReadOnlyList<IpRange> MulticastRanges { get; } =
    [
        IpRange.Parse("224.0.0.0/4"),   // RFC 5771 IPv4 multicast
        IpRange.Parse("ff00::/8"),      // RFC 4291 §2.7 IPv6 multicast
    ];

    /// <summary>
    /// Ranges no relay should reach unless the operator allows them explicitly: the IANA special-purpose
    /// registries' "not globally reachable" blocks, plus loopback, private, link-local and CGNAT.
    /// Teredo (2001::/32) is denied too: it embeds an obfuscated IPv4 server and client, is obsolete in
    /// practice, and a browser peer never needs it.
    /// </summary>
    public static IReadOnlyList<IpRange> DefaultDeniedRanges { get; } =
    [
        // IPv4 (RFC 6890 and the IANA IPv4 special-purpose registry)
        IpRange.Parse("0.0.0.0/8"),          // "this network"; 0.0.0.0 reaches the host itself
        IpRange.Parse("10.0.0.0/8"),         // RFC 1918
        IpRange.Parse("100.64.0.0/10"),      // RFC 6598 carrier-grade NAT
        IpRange.Parse("127.0.0.0/8"),        // loopback
        IpRange.Parse("169.254.0.0/16"),     // RFC 3927 link-local, incl. 169.254.169.254 cloud metadata
        IpRange.Parse("172.16.0.0/12"),      // RFC 1918
        IpRange.Parse("192.0.0.0/24"),       // RFC 6890 IETF protocol assignments
        IpRange.Parse("192.0.2.0/24"),       // RFC 5737 TEST-NET-1
        IpRange.Parse("192.88.99.0/24"),     // RFC 7526 deprecated 6to4 relay anycast
        IpRange.Parse("192.168.0.0/16"),     // RFC 1918
        IpRange.Parse("198.18.0.0/15"),      // RFC 2544 benchmarking
        IpRange.Parse("198.51.100.0/24"),    // RFC 5737 TEST-NET-2
        IpRange.Parse("203.0.113.0/24"),     // RFC 5737 TEST-NET-3
        IpRange.Parse("240.0.0.0/4"),        // RFC 1112 reserved, incl. 255.255.255.255 broadcast

        // IPv6 (IANA IPv6 special-purpose registry)
        IpRange.Parse("::/128"),             // unspecified
        IpRange.Parse("::1/128"),            // loopback
        IpRange.Parse("::/96"),              // RFC 4291 §2.5.5.1 deprecated IPv4-compatible
        IpRange.Parse("::ffff:0:0:0/96"),    // RFC 2765 SIIT IPv4-translated
        IpRange.Parse("64:ff9b:1::/48"),     // RFC 8215 local-use NAT64
        IpRange.Parse("100::/64"),           // RFC 6666 discard-only
        IpRange.Parse("2001::/32"),          // RFC 4380 Teredo
        IpRange.Parse("2001:2::/48"),        // RFC 5180 benchmarking
        IpRange.Parse("2001:10::/28"),       // RFC 4843 ORCHID (deprecated)
        IpRange.Parse("2001:20::/28"),       // RFC 7343 ORCHIDv2
        IpRange.Parse("2001:db8::/32"),      // RFC 3849 documentation
        IpRange.Parse("3fff::/20"),          // RFC 9637 documentation
        IpRange.Parse("5f00::/16"),          // RFC 9602 SRv6 SIDs
        IpRange.Parse("fc00::/7"),           // RFC 4193 unique-local
        IpRange.Parse("fe80::/10"),          // RFC 4291 link-local
        IpRange.Parse("fec0::/10"),          // RFC 3879 deprecated site-local
    ];

    private readonly IpRange[] _allowed;
    private readonly IpRange[] _denied;
    private readonly bool _allowLoopback;

    public PeerAddressPolicy(
        IEnumerable<IpRange>? allowed = null,
        IEnumerable<IpRange>? denied = null,
        bool allowLoopbackPeers = false,
        bool denyMulticast = true)
    {
        _allowed = allowed?.ToArray() ?? [];
        var deniedList = new List<IpRange>(DefaultDeniedRanges);
        if (denyMulticast)
        {
            deniedList.AddRange(MulticastRanges);
        }

        if (denied is not null)
        {
            deniedList.AddRange(denied);
        }

        _denied = [.. deniedList];
        _allowLoopback = allowLoopbackPeers;
    }

    /// <summary>
    /// Builds the policy from options. Unparsable range strings are skipped here; the
    /// <see cref="TurnServerOptionsValidator"/> reports them at start-up.
    /// </summary>
    public static PeerAddressPolicy FromOptions(TurnServerOptions options)
    {
        return new PeerAddressPolicy(
            ParseAll(options.AllowedPeerRanges),
            ParseAll(options.DeniedPeerRanges),
            options.AllowLoopbackPeers,
            options.NoMulticastPeers);
    }

    /// <summary>Configured allowed ranges (for the start-up summary).</summary>
    public IReadOnlyList<IpRange> AllowedRanges => _allowed;

    /// <summary>All denied ranges: built-in, multicast when on, and configured.</summary>
    public IReadOnlyList<IpRange> DeniedRanges => _denied;

    public bool AllowsLoopback => _allowLoopback;

    /// <summary>True when relaying to <paramref name="peer"/> is permitted. Allocation-free.</summary>
    public bool IsAllowed(IPAddress peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        return IsAllowed(IpRange.ToUInt128(peer));
    }

    /// <summary>Same as <see cref="IsAllowed(IPAddress)"/> for an address already in the shared 128-bit space.</summary>
    public bool IsAllowed(UInt128 peer)
    {
        if (!IsCandidateAllowed(peer, direct: true))
        {
            return false;
        }

        // Every IPv4 address a translator or tunnel would extract must pass too.
        // ::1 lies inside ::/96 but is IPv6 loopback, not an IPv4-compatible 0.0.0.1.
        if ((peer != Loopback6 && Compatible.Contains(peer)) || Siit.Contains(peer) || Nat64.Contains(peer))
        {
            return IsCandidateAllowed(IpRange.MappedPrefix | (uint)peer, direct: false);
        }

        if (SixToFour.Contains(peer))
        {
            var embedded = (uint)(peer >> 80);
            return IsCandidateAllowed(IpRange.MappedPrefix | embedded, direct: false);
        }

        return true;
    }

    private bool IsCandidateAllowed(UInt128 candidate, bool direct)
    {
        if (candidate == Ipv6Unspecified || ThisNetwork.Contains(candidate))
        {
            return false;
        }

        if (AnyContains(_allowed, candidate))
        {
            return true;
        }

        if (direct && _allowLoopback && (candidate == Loopback6 || Loopback4.Contains(candidate)))
        {
            return true;
        }

        return !AnyContains(_denied, candidate);
    }

    private static bool AnyContains(IpRange[] ranges, UInt128 value)
    {
        foreach (var range in ranges)
        {
            if (range.Contains(value))
            {
                return true;
            }
        }

        return false;
    }

    private static List<IpRange> ParseAll(List<string> texts)
    {
        var result = new List<IpRange>(texts.Count);
        foreach (var text in texts)
        {
            if (IpRange.TryParse(text, out var range))
            {
                result.Add(range);
            }
        }

        return result;
    }
}
