using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using RedConnect.Stun;
using RedConnect.Turn.Tests.Coturn;

namespace RedConnect.Turn.Tests.Engine;

/// <summary>
/// The relay must not become a way into the operator's networks (RFC 8656 §21.2.3, coturn CVE-2020-26262,
/// CVE-2026-27624), and hostile bytes must neither crash it nor make it relay anything.
/// </summary>
public sealed class SecurityTests
{
    public static TheoryData<string> DeniedPeers =>
    [
        "127.0.0.1", "127.255.255.254", "::1", "::ffff:127.0.0.1", "0.0.0.0", "::", "0.1.2.3", "10.0.0.1", "172.16.0.1",
        "192.168.1.1", "100.64.0.1", "169.254.169.254", "fe80::1", "fc00::1", "fd12:3456::1", "224.0.0.1", "239.255.255.250",
        "255.255.255.255", "ff02::1", "64:ff9b::7f00:1", "64:ff9b::a00:1", "::7f00:1", "2002:7f00:1::", "::ffff:10.0.0.1",
        "::ffff:169.254.169.254", "192.0.2.1", "2001:db8::1",
    ];

    [Theory]
    [MemberData(nameof(DeniedPeers))]
    public async Task Permission_and_channel_to_a_denied_peer_get_403(string address)
    {
        await using var server = await TestTurnServer.StartAsync(allowLoopbackPeers: false, o => o.RelayIPs = ["127.0.0.1"]);
        using var client = new TestTurnClient(server.Endpoint, CoturnServer.User, CoturnServer.Password);
        Assert.True((await client.AllocateAsync()).IsSuccess);
        var peer = StunAddress.FromIPAddress(IPAddress.Parse(address), 4000);

        var permission = await client.CreatePermissionAsync(peer);
        var channel = await client.ChannelBindAsync(0x4000, peer);

        // An IPv6 peer on an IPv4-only allocation is refused with 443 before the policy is even asked;
        // either way nothing is installed.
        var expected = peer.Family == StunAddressFamily.IPv6 ? StunErrorCode.PeerAddressFamilyMismatch : StunErrorCode.Forbidden;
        Assert.Equal(expected, permission.ErrorCode);
        Assert.Equal(expected, channel.ErrorCode);
        Assert.True(permission.IntegrityValid);
    }

    [Theory]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("64:ff9b::7f00:1")]
    [InlineData("fe80::1")]
    [InlineData("::")]
    public async Task Ipv6_forms_of_denied_peers_get_403_on_an_ipv6_allocation(string address)
    {
        await using var server = await TestTurnServer.StartAsync(allowLoopbackPeers: false, o =>
        {
            o.ListeningIPs = ["::1"];
            o.RelayIPs = ["::1"];
        });
        using var client = new TestTurnClientV6(server.Options.ListeningPort);
        var peer = StunAddress.FromIPAddress(IPAddress.Parse(address), 4000);

        var allocate = await client.Inner.AllocateAsync((ref StunMessageWriter w) =>
            w.AddAddressFamily(StunAttributeType.RequestedAddressFamily, StunAddressFamily.IPv6));
        Assert.True(allocate.IsSuccess);

        Assert.Equal(StunErrorCode.Forbidden, (await client.Inner.CreatePermissionAsync(peer)).ErrorCode);
        Assert.Equal(StunErrorCode.Forbidden, (await client.Inner.ChannelBindAsync(0x4000, peer)).ErrorCode);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::ffff:127.0.0.1")]
    public async Task Send_indication_to_a_denied_loopback_peer_never_arrives(string form)
    {
        await using var server = await TestTurnServer.StartAsync(allowLoopbackPeers: false);
        using var client = new TestTurnClient(server.Endpoint, CoturnServer.User, CoturnServer.Password);
        using var peer = new TestPeer();
        await client.AllocateAsync();
        var target = StunAddress.FromIPAddress(IPAddress.Parse(form), peer.Address.Port);

        await client.CreatePermissionAsync(target);
        await client.ChannelBindAsync(0x4000, target);
        await client.SendIndicationAsync(target, "leak?"u8.ToArray());
        await client.SendChannelDataAsync(0x4000, "leak?"u8.ToArray());

        Assert.Null(await peer.ReceiveAsync(TimeSpan.FromMilliseconds(500)));
    }

    [Fact]
    public async Task A_million_random_and_mutated_datagrams_relay_nothing_and_leave_the_server_answering()
    {
        await using var server = await TestTurnServer.StartAsync(allowLoopbackPeers: true);
        using var peer = new TestPeer();
        var templates = Templates(peer.Address);
        using var attacker = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        attacker.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var target = server.Endpoint;
        var random = new Random(8656);
        var buffer = new byte[1500];
        GC.Collect();
        var before = GC.GetTotalMemory(forceFullCollection: true);

        var sent = 0;
        var clock = Stopwatch.StartNew();
        while (sent < 1_000_000 && clock.Elapsed < TimeSpan.FromSeconds(180))
        {
            int length;
            if ((sent & 1) == 0)
            {
                length = random.Next(0, 200);
                random.NextBytes(buffer.AsSpan(0, length));
                if ((sent & 6) == 0 && length >= 8)
                {
                    // Random bodies behind a valid STUN header shape, so they reach the attribute parser.
                    buffer[0] = 0;
                    buffer[1] = (byte)random.Next(0, 16);
                    System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), (ushort)((length - 20) & ~3 & 0xFFFF));
                    System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(4), StunMessage.MagicCookie);
                }
            }
            else
            {
                var template = templates[random.Next(templates.Length)];
                length = template.Length;
                template.CopyTo(buffer, 0);
                for (var flips = random.Next(1, 4); flips > 0; flips--)
                {
                    buffer[random.Next(length)] ^= (byte)(1 << random.Next(8));
                }
            }

            attacker.SendTo(buffer.AsSpan(0, length), SocketFlags.None, target);
            sent++;
            if ((sent & 0x3FF) == 0)
            {
                await Task.Yield(); // let the server keep up instead of overflowing its socket buffer
            }
        }

        Assert.True(sent == 1_000_000, $"only {sent} of 10^6 datagrams within the 180 s budget");
        using var client = new TestTurnClient(server.Endpoint, CoturnServer.User, CoturnServer.Password);
        Assert.True((await client.AllocateAsync()).IsSuccess);
        Assert.Null(await peer.ReceiveAsync(TimeSpan.FromMilliseconds(500)));
        GC.Collect();
        var after = GC.GetTotalMemory(forceFullCollection: true);
        Assert.True(after - before < 32 << 20, $"managed heap grew by {(after - before) >> 20} MB");
    }

    [Fact]
    public async Task Random_tcp_streams_are_closed_and_leave_the_server_answering()
    {
        await using var server = await TestTurnServer.StartAsync(allowLoopbackPeers: true);
        using var peer = new TestPeer();
        var random = new Random(5766);
        var templates = Templates(peer.Address);
        var clock = Stopwatch.StartNew();
        var connections = 0;
        while (connections < 300 && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await tcp.ConnectAsync(server.Endpoint);
            var stream = new byte[random.Next(1, 4000)];
            random.NextBytes(stream);
            if ((connections & 1) == 1)
            {
                // A plausible first frame, then garbage.
                var template = templates[random.Next(templates.Length)];
                template.AsSpan(0, Math.Min(template.Length, stream.Length)).CopyTo(stream);
            }

            try
            {
                await tcp.SendAsync(stream);
            }
            catch (SocketException)
            {
                // the server may already have closed a garbage stream
            }

            connections++;
        }

        using var client = new TestTurnClient(server.Endpoint, CoturnServer.User, CoturnServer.Password);
        Assert.True((await client.AllocateAsync()).IsSuccess);
        Assert.Null(await peer.ReceiveAsync(TimeSpan.FromMilliseconds(500)));
    }

    /// <summary>Well-formed messages an attacker might mutate: unsigned Allocate, CreatePermission,
    /// ChannelBind, Send indication to the peer, ChannelData, Binding.</summary>
    private static byte[][] Templates(StunAddress peer)
    {
        var list = new List<byte[]>();
        foreach (var method in new[] { StunMethod.Allocate, StunMethod.CreatePermission, StunMethod.ChannelBind, StunMethod.Refresh, StunMethod.Binding })
        {
            var buffer = new byte[512];
            var writer = new StunMessageWriter(buffer, method, StunClass.Request, TestTurnClient.NewTransactionId());
            writer.AddRequestedTransport(17);
            writer.AddChannelNumber(0x4000);
            writer.AddXorAddress(StunAttributeType.XorPeerAddress, peer);
            writer.AddText(StunAttributeType.Username, CoturnServer.User);
            writer.AddText(StunAttributeType.Realm, CoturnServer.Realm);
            writer.AddText(StunAttributeType.Nonce, "rc0000000000000000ffffffffffffffff");
            writer.AddMessageIntegrity(new byte[16]);
            writer.AddFingerprint();
            list.Add(writer.Written.ToArray());
        }

        var send = new byte[512];
        var indication = new StunMessageWriter(send, StunMethod.Send, StunClass.Indication, TestTurnClient.NewTransactionId());
        indication.AddXorAddress(StunAttributeType.XorPeerAddress, peer);
        indication.AddAttribute(StunAttributeType.Data, "payload"u8);
        list.Add(indication.Written.ToArray());
        list.Add([0x40, 0x00, 0x00, 0x04, 1, 2, 3, 4]);
        return [.. list];
    }
}

/// <summary>The test client over IPv6 loopback.</summary>
public sealed class TestTurnClientV6 : IDisposable
{
    public TestTurnClientV6(int port)
    {
        Inner = new TestTurnClient(new IPEndPoint(IPAddress.IPv6Loopback, port), CoturnServer.User, CoturnServer.Password, v6: true);
    }

    public TestTurnClient Inner { get; }

    public void Dispose() => Inner.Dispose();
}
