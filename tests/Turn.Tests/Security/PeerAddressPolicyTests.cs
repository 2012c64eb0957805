using System.Net;
using RedConnect.Turn.Options;
using RedConnect.Turn.Security;

namespace RedConnect.Turn.Tests.Security;

public sealed class PeerAddressPolicyTests
{
    private static readonly PeerAddressPolicy Default = new();

    // Every form an attacker could use to reach the server itself or the operator's networks.
    public static TheoryData<string> DeniedByDefault =>
    [
        // unspecified: CVE-2020-26262 (0.0.0.0 and [::] reach loopback)
        "0.0.0.0", "0.1.2.3", "::", "::ffff:0.0.0.0", "::0.0.0.0",
        // loopback, incl. IPv4-mapped (CVE-2026-27624), IPv4-compatible, SIIT, NAT64, 6to4 spellings
        "127.0.0.1", "127.255.255.254", "::1", "::ffff:127.0.0.1", "::ffff:7f00:1", "::127.0.0.1",
        "::ffff:0:127.0.0.1", "64:ff9b::7f00:1", "64:ff9b::127.0.0.1", "2002:7f00:1::", "2002:7f00:1::1",
        // RFC 1918 and mapped / translated forms
        "10.0.0.1", "10.255.255.255", "172.16.0.1", "172.31.255.255", "192.168.0.1", "192.168.255.255",
        "::ffff:10.0.0.1", "::ffff:172.16.5.4", "::ffff:192.168.1.1", "64:ff9b::a00:1", "2002:c0a8:101::1",
        // CGNAT, link-local incl. cloud metadata
        "100.64.0.1", "100.127.255.255", "169.254.0.1", "169.254.169.254", "::ffff:169.254.169.254",
        "64:ff9b::a9fe:a9fe", "fe80::1", "febf::1",
        // unique-local, site-local
        "fc00::1", "fd12:3456:789a::1", "fec0::1", "feff::1",
        // multicast and broadcast, reserved
        "224.0.0.1", "239.255.255.250", "::ffff:224.0.0.251", "ff02::1", "ff0e::fb", "255.255.255.255",
        "240.0.0.1", "::ffff:255.255.255.255",
        // documentation, benchmarking, IETF, discard, Teredo, ORCHID, deprecated 6to4 anycast
        "192.0.2.1", "198.51.100.7", "203.0.113.200", "2001:db8::1", "3fff::1", "198.18.0.1", "198.19.255.255",
        "192.0.0.8", "100::1", "2001::1", "2001:0:4136:e378:8000:63bf:3fff:fdd2", "2001:2::1", "2001:20::1",
        "192.88.99.1", "64:ff9b:1::1", "5f00::1",
    ];

    public static TheoryData<string> PublicAddresses =>
    [
        "8.8.8.8", "1.1.1.1", "93.184.216.34", "::ffff:8.8.8.8", "2606:4700:4700::1111", "2a00:1450:4001::200e",
        "64:ff9b::808:808", "2002:808:808::1", "100.63.255.255", "100.128.0.0", "172.15.255.255", "172.32.0.0",
        "192.167.255.255", "192.169.0.0", "11.0.0.0", "126.255.255.255", "128.0.0.0", "223.255.255.255",
    ];

    [Theory]
    [MemberData(nameof(DeniedByDefault))]
    public void Default_policy_refuses(string peer)
    {
        Assert.False(Default.IsAllowed(IPAddress.Parse(peer)));
    }

    [Theory]
    [MemberData(nameof(PublicAddresses))]
    public void Default_policy_allows_public_addresses(string peer)
    {
        Assert.True(Default.IsAllowed(IPAddress.Parse(peer)));
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.1.2.3")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    public void Allow_loopback_admits_loopback(string peer)
    {
        var policy = new PeerAddressPolicy(allowLoopbackPeers: true);
        Assert.True(policy.IsAllowed(IPAddress.Parse(peer)));
    }

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("::")]
    [InlineData("::ffff:0.0.0.0")]
    [InlineData("10.0.0.1")]
    [InlineData("169.254.169.254")]
    [InlineData("64:ff9b::7f00:1")] // loopback reached through a translator is not "loopback peers"
    [InlineData("2002:7f00:1::")]
    [InlineData("::127.0.0.1")]
    public void Allow_loopback_admits_nothing_else(string peer)
    {
        var policy = new PeerAddressPolicy(allowLoopbackPeers: true);
        Assert.False(policy.IsAllowed(IPAddress.Parse(peer)));
    }

    [Fact]
    public void Configured_allowed_range_overrides_the_default_deny()
    {
        var policy = new PeerAddressPolicy(allowed: [IpRange.Parse("10.1.0.0/16")]);

        Assert.True(policy.IsAllowed(IPAddress.Parse("10.1.2.3")));
        Assert.True(policy.IsAllowed(IPAddress.Parse("::ffff:10.1.2.3")));
        Assert.False(policy.IsAllowed(IPAddress.Parse("10.2.0.1")));
    }

    [Fact]
    public void Configured_allowed_range_overrides_a_configured_denied_range_as_in_coturn()
    {
        var policy = new PeerAddressPolicy(allowed: [IpRange.Parse("5.5.5.5")], denied: [IpRange.Parse("5.5.5.0/24")]);

        Assert.True(policy.IsAllowed(IPAddress.Parse("5.5.5.5")));
        Assert.False(policy.IsAllowed(IPAddress.Parse("5.5.5.6")));
    }

    [Fact]
    public void Allowing_everything_still_never_admits_unspecified_addresses()
    {
        var policy = new PeerAddressPolicy(allowed: [IpRange.Parse("0.0.0.0/0"), IpRange.Parse("::/0")]);

        Assert.False(policy.IsAllowed(IPAddress.Parse("0.0.0.0")));
        Assert.False(policy.IsAllowed(IPAddress.Parse("::")));
        Assert.False(policy.IsAllowed(IPAddress.Parse("::ffff:0.0.0.0")));
        Assert.True(policy.IsAllowed(IPAddress.Parse("127.0.0.1")));
    }

    [Fact]
    public void Configured_denied_ranges_add_to_the_default_deny_in_every_spelling()
    {
        var policy = new PeerAddressPolicy(denied: [IpRange.Parse("8.8.8.0-8.8.8.255")]);

        Assert.False(policy.IsAllowed(IPAddress.Parse("8.8.8.8")));
        Assert.False(policy.IsAllowed(IPAddress.Parse("::ffff:8.8.8.8")));
        Assert.False(policy.IsAllowed(IPAddress.Parse("64:ff9b::808:808")));
        Assert.False(policy.IsAllowed(IPAddress.Parse("2002:808:808::")));
        Assert.True(policy.IsAllowed(IPAddress.Parse("8.8.4.4")));
        Assert.False(policy.IsAllowed(IPAddress.Parse("10.0.0.1")));
    }

    [Fact]
    public void Multicast_is_allowed_only_when_no_multicast_peers_is_switched_off()
    {
        var policy = new PeerAddressPolicy(denyMulticast: false);

        Assert.True(policy.IsAllowed(IPAddress.Parse("239.1.2.3")));
        Assert.True(policy.IsAllowed(IPAddress.Parse("ff0e::1")));
        Assert.False(policy.IsAllowed(IPAddress.Parse("255.255.255.255")));
    }

    [Fact]
    public void FromOptions_applies_lists_and_switches()
    {
        var options = new TurnServerOptions
        {
            AllowedPeerRanges = ["192.168.10.0/24"],
            DeniedPeerRanges = ["9.9.9.9"],
            AllowLoopbackPeers = true,
        };

        var policy = PeerAddressPolicy.FromOptions(options);

        Assert.True(policy.IsAllowed(IPAddress.Parse("192.168.10.20")));
        Assert.False(policy.IsAllowed(IPAddress.Parse("192.168.11.20")));
        Assert.False(policy.IsAllowed(IPAddress.Parse("9.9.9.9")));
        Assert.True(policy.IsAllowed(IPAddress.Parse("127.0.0.1")));
    }

    [Fact]
    public void IsAllowed_does_not_allocate()
    {
        var v4 = IPAddress.Parse("8.8.8.8");
        var v6 = IPAddress.Parse("2002:808:808::1");
        Default.IsAllowed(v4);
        Default.IsAllowed(v6);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            Default.IsAllowed(v4);
            Default.IsAllowed(v6);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
