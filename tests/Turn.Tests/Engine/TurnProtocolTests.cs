using Microsoft.Extensions.Time.Testing;
using RedConnect.Stun;
using RedConnect.Turn.Auth;
using RedConnect.Turn.Tests.Coturn;

namespace RedConnect.Turn.Tests.Engine;

/// <summary>RFC 8656 behaviour as a client observes it, with our own small client over UDP on loopback.</summary>
public sealed class TurnProtocolTests
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(400);

    private static TestTurnClient Client(TestTurnServer server, string? user = null, string? password = null) =>
        new(server.Endpoint, user ?? CoturnServer.User, password ?? CoturnServer.Password);

    [Fact]
    public async Task Allocate_without_credentials_gets_401_with_realm_and_nonce()
    {
        await using var server = await TestTurnServer.StartAsync(allowLoopbackPeers: false);
        using var client = Client(server);

        var response = await client.RequestAsync(StunMethod.Allocate, (ref StunMessageWriter w) => w.AddRequestedTransport(17), sign: false);

        Assert.Equal(StunErrorCode.Unauthenticated, response.ErrorCode);
        Assert.Equal(CoturnServer.Realm, response.Text(StunAttributeType.Realm));
        Assert.False(string.IsNullOrEmpty(response.Text(StunAttributeType.Nonce)));
        Assert.NotNull(response.Get(StunAttributeType.Software));
        Assert.NotNull(response.Get(StunAttributeType.Fingerprint));
    }

    [Fact]
    public async Task Allocate_with_a_wrong_password_gets_401_and_no_allocation()
    {
        await using var server = await TestTurnServer.StartAsync(allowLoopbackPeers: false);
        using var client = Client(server, password: "wrong");

        var response = await client.AllocateAsync();

        Assert.Equal(StunErrorCode.Unauthenticated, response.ErrorCode);
        Assert.Equal(0, server.Server.AllocationCount);
    }

    [Fact]
    public async Task Allocate_succeeds_signed_with_relayed_mapped_address_and_lifetime()
    {
        await using var server = await TestTurnServer.StartAsync(allowLoopbackPeers: false);
        using var client = Client(server);

        var response = await client.AllocateAsync((ref StunMessageWriter w) => w.AddUInt32(StunAttributeType.Lifetime, 100_000));

        Assert.True(response.IsSuccess);
        Assert.True(response.IntegrityValid);
        Assert.InRange(client.Relayed.Port, server.Options.MinPort, server.Options.MaxPort);
        Assert.Equal(client.LocalEndPoint.Port, response.XorAddress(StunAttributeType.XorMappedAddress).Port);
        Assert.Equal((uint)server.Options.MaxAllocateLifetimeSeconds, response.UInt32(StunAttributeType.Lifetime));
    }

    [Fact]
    public async Task Expired_shared_secret_username_gets_401_and_a_current_one_succeeds()
    {
        await using var server = await TestTurnServer.StartAsync(allowLoopbackPeers: false, useAuthSecret: true);
        var (expiredUser, expiredPassword) = TurnRestCredentials.Mint(CoturnServer.Secret, DateTimeOffset.UtcNow.AddMinutes(-1), "bob");
        var (user, password) = TurnRestCredentials.Mint(CoturnServer.Secret, DateTimeOffset.UtcNow.AddMinutes(10), "bob");
        using var expired = Client(server, expiredUser, expiredPassword);
        using var current = Client(server, user, password);

        Assert.Equal(StunErrorCode.Unauthenticated, (await expired.AllocateAsync()).ErrorCode);
        Assert.True((await current.AllocateAsync()).IsSuccess);
    }

    [Fact]
    public async Task Replayed_request_with_a_stale_nonce_gets_438_with_a_new_nonce()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await TestTurnServer.StartAsync(allowLoopbackPeers: false, o => o.StaleNonceSeconds = 60, time);
        using var client = Client(server);
        Assert.True((await client.AllocateAsync()).IsSuccess);
        var oldNonce = client.Nonce;

        time.Advance(TimeSpan.FromSeconds(61));
        var stale = await client.RefreshAsync(600);

        Assert.Equal(StunErrorCode.StaleNonce, stale.ErrorCode);
        Assert.NotEqual(oldNonce, stale.Text(StunAttributeType.Nonce));
        client.Learn(stale);
        Assert.True((await client.RefreshAsync(600)).IsSuccess);
    }

    [Fact]
    public async Task Forged_nonce_gets_438()
    {
        await using var server = await TestTurnServer.StartAsync(allowLoopbackPeers: false);
        using var client = Client(server);
        client.Nonce = "rc0000000000000000ffffffffffffffff";

        var response = await client.AllocateAsync();

        Assert.Equal(StunErrorCode.StaleNonce, response.ErrorCode);
    }

    [Fact]
    public async Task Retransmitted_allocate_gets_the_same_success_and_a_new_one_gets_437()
    {
        await using var server = await TestTurnServer.StartAsync(allowLoopbackPeers: false);
        using var client = Client(server);
        await client.AllocateAsync();
        var tid = TestTurnClient.NewTransactionId();

        var first = await client.RequestAsync(StunMethod.Allocate, (ref StunMessageWriter w) => w.AddRequestedTransport(17), transactionId: tid);
        var retransmission = await client.RequestAsync(StunMethod.Allocate, (ref StunMessageWriter w) => w.AddRequestedTransport(17), transactionId: tid);

        // The first Allocate of this test already created the allocation: this one is a mismatch, and so is its retransmission.
        Assert.Equal(StunErrorCode.AllocationMismatch, first.ErrorCode);
        Assert.Equal(StunErrorCode.AllocationMismatch, retransmission.ErrorCode);
    }

    [Fact]
    public async Task Retransmitted_allocate_with_the_same_transaction_id_gets_the_same_relayed_address()
    {
        await using var server = await TestTurnServer.StartAsync(allowLoopbackPeers: false);
        using var client = Client(server);
        var challenge = await client.RequestAsync(StunMethod.Allocate, (ref StunMessageWriter w) => w.AddRequestedTransport(17), sign: false);
        client.Learn(challenge);
        var tid = TestTurnClient.NewTransactionId();

        var first = await client.RequestAsync(StunMethod.Allocate, (ref StunMessageWriter w) => w.AddRequestedTransport(17), transactionId: tid);
        var again = await client.RequestAsync(StunMethod.Allocate, (ref StunMessageWriter w) => w.AddRequestedTransport(17), transactionId: tid);

        Assert.True(first.IsSuccess);
        Assert.Equal(first.Raw, again.Raw);
        Assert.Equal(1, server.Server.AllocationCount);
    }

    [Fact]
    public async Task Requests_without_an_allocation_get_437()
    {
        await using var server = await TestTurnServer.StartAsync(allowLoopbackPeers: true);
        using var client = Client(server);
        using var peer = new TestPeer();
        var challenge = await client.RequestAsync(StunMethod.Refresh, sign: false);
        client.Learn(challenge);

        Assert.Equal(StunErrorCode.AllocationMismatch, (await client.RefreshAsync(600)).ErrorCode);
        Assert.Equal(StunErrorCode.AllocationMismatch, (await client.CreatePermissionAsync(peer.Address)).ErrorCode);
        Assert.Equal(StunErrorCode.AllocationMismatch, (await client.ChannelBindAsync(0x4000, peer.Address)).ErrorCode);
    }

    [Fact]
    public async Task Unknown_comprehension_required_attribute_gets_420_listing_it()
    {
        await using var server = await TestTurnServer.StartAsync(allowLoopbackPeers: false);
        using var client = Client(server);

        var response = await client.RequestAsync(StunMethod.Allocate, (ref StunMessageWriter w) =>
        {
            w.AddRequestedTransport(17);
            w.AddAttribute(0x7ABC, [1, 2, 3, 4]);
        }, sign: false);

        Assert.Equal(StunErrorCode.UnknownAttribute, response.ErrorCode);
        Assert.Equal(new byte[] { 0x7A, 0xBC }, response.Get(StunAttributeType.UnknownAttributes));
    }

    [Fact]
    public async Task Allocate_for_tcp_relay_gets_442_and_an_unknown_family_gets_440()
    {
        await using var server = await TestTurnServer.StartAsync(allowLoopbackPeers: false);
        using var client = Client(server);
        await client.AllocateAsync((ref StunMessageWriter w) => w.AddEvenPort(false)); // learn the nonce (and allocate)
        using var other = Client(server);
        var challenge = await other.RequestAsync(StunMethod.Allocate, (ref StunMessageWriter w) => w.AddRequestedTransport(6), sign: false);
        other.Learn(challenge);

        var tcp = await other.RequestAsync(StunMethod.Allocate, (ref StunMessageWriter w) => w.AddRequestedTransport(6));
        var ipv6 = await other.RequestAsync(StunMethod.Allocate, (ref StunMessageWriter w) =>
        {
            w.AddRequestedTransport(17);
            w.AddAddressFamily(StunAttributeType.RequestedAddressFamily, StunAddressFamily.IPv6);
        });

        Assert.Equal(StunErrorCode.UnsupportedTransportProtocol, tcp.ErrorCode);
        Assert.True(tcp.IntegrityValid);
        Assert.Equal(StunErrorCode.AddressFamilyNotSupported, ipv6.ErrorCode); // relay-ip has no IPv6 address
    }

    [Fact]
    public async Task Dual_allocation_without_an_ipv6_relay_succeeds_for_ipv4_with_address_error_code()
    {
        await using var server = await TestTurnServer.StartAsync(allowLoopbackPeers: false);
        using var client = Client(server);

        var response = await client.AllocateAsync((ref StunMessageWriter w) =>
            w.AddAddressFamily(StunAttributeType.AdditionalAddressFamily, StunAddressFamily.IPv6));

        Assert.True(response.IsSuccess);
        Assert.Equal(StunAddressFamily.IPv4, client.Relayed.Family);
        var error = response.Get(StunAttributeType.AddressErrorCode);
        Assert.NotNull(error);
        Assert.Equal((byte)StunAddressFamily.IPv6, error[0]);
        Assert.Equal(440, error[2] * 100 + error[3]);
    }

    [Fact]
    public async Task Even_port_with_reservation_gives_an_even_port_and_a_token_for_the_next_one()
    {
        await using var server = await TestTurnServer.StartAsync(allowLoopbackPeers: false);
        using var first = Client(server);
        using var second = Client(server);

        var response = await first.AllocateAsync((ref StunMessageWriter w) => w.AddEvenPort(true));
        var token = response.Get(StunAttributeType.ReservationToken);
        var reserved = await second.AllocateAsync((ref StunMessageWriter w) => w.AddAttribute(StunAttributeType.ReservationToken, token!));

        Assert.True(response.IsSuccess);
        Assert.Equal(0, first.Relayed.Port % 2);
        Assert.NotNull(token);
        Assert.True(reserved.IsSuccess);
        Assert.Equal(first.Relayed.Port + 1, second.Relayed.Port);
    }

    [Fact]
    public async Task User_quota_gives_486_to_the_second_allocation_of_one_user()
    {
        await using var server = await TestTurnServer.StartAsync(allowLoopbackPeers: false, o => o.UserQuota = 1);
        using var first = Client(server);
        using var second = Client(server);

        Assert.True((await first.AllocateAsync()).IsSuccess);
        var refused = await second.AllocateAsync();

        Assert.Equal(StunErrorCode.AllocationQuotaReached, refused.ErrorCode);
        Assert.True((await first.RefreshAsync(0)).IsSuccess);
        Assert.True((await second.AllocateAsync()).IsSuccess); // the quota is released with the allocation
    }

    [Fact]
    public async Task Total_quota_gives_486()
    {
        await using var server = await TestTurnServer.StartAsync(allowLoopbackPeers: false, o => o.TotalQuota = 1);
        using var first = Client(server);
        using var second = Client(server);

        Assert.True((await first.AllocateAsync()).IsSuccess);
        Assert.Equal(StunErrorCode.AllocationQuotaReached, (await second.AllocateAsync()).ErrorCode);
    }

    [Fact]
    public async Task Exhausted_relay_ports_give_508()
    {
        await using var server = await TestTurnServer.StartAsync(allowLoopbackPeers: false, o => o.MaxPort = o.MinPort);
        using var first = Client(server);
        using var second = Client(server);

        Assert.True((await first.AllocateAsync()).IsSuccess);
        Assert.Equal(StunErrorCode.InsufficientCapacity, (await second.AllocateAsync()).ErrorCode);
    }

    [Fact]
    public async Task Refresh_caps_the_lifetime_and_zero_deletes_the_allocation()
    {
        await using var server = await TestTurnServer.StartAsync(allowLoopbackPeers: false);
        using var client = Client(server);
        await client.AllocateAsync();

        var capped = await client.RefreshAsync(1_000_000);
        var deleted = await client.RefreshAsync(0);

        Assert.Equal((uint)server.Options.MaxAllocateLifetimeSeconds, capped.UInt32(StunAttributeType.Lifetime));
        Assert.True(deleted.IsSuccess);
        Assert.Equal(0u, deleted.UInt32(StunAttributeType.Lifetime));
        Assert.Equal(0, server.Server.AllocationCount);
    }

    [Fact]
    public async Task Allocation_expires_after_its_lifetime()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await TestTurnServer.StartAsync(allowLoopbackPeers: false, o => o.StaleNonceSeconds = 3600, time);
        using var client = Client(server);
        await client.AllocateAsync();

        time.Advance(TimeSpan.FromSeconds(server.Options.DefaultLifetimeSeconds - 10));
        Assert.Equal(1, server.Server.AllocationCount);
        time.Advance(TimeSpan.FromSeconds(11));

        Assert.Equal(0, server.Server.AllocationCount);
        Assert.Equal(StunErrorCode.AllocationMismatch, (await client.RefreshAsync(600)).ErrorCode);
    }

    [Fact]
    public async Task Permission_admits_peer_data_as_data_indications_until_it_expires_after_300_seconds()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await TestTurnServer.StartAsync(allowLoopbackPeers: true, null, time);
        using var client = Client(server);
        using var peer = new TestPeer();
        await client.AllocateAsync((ref StunMessageWriter w) => w.AddUInt32(StunAttributeType.Lifetime, 3600));
        Assert.True((await client.CreatePermissionAsync(peer.Address)).IsSuccess);

        await peer.SendToAsync("before"u8.ToArray(), client.Relayed);
        var indication = await client.ReceiveAsync(TimeSpan.FromSeconds(3));
        time.Advance(TimeSpan.FromSeconds(301));
        await peer.SendToAsync("after"u8.ToArray(), client.Relayed);

        Assert.NotNull(indication);
        Assert.True(StunMessageReader.TryParse(indication, out var data));
        Assert.Equal(StunMethod.Data, data.Method);
        Assert.True(data.TryGetXorAddress(StunAttributeType.XorPeerAddress, out var from));
        Assert.Equal(peer.Address, from);
        Assert.True(data.TryGetValue(StunAttributeType.Data, out var payload));
        Assert.Equal("before"u8.ToArray(), payload.ToArray());
        Assert.Null(await client.ReceiveAsync(Quiet));
    }

    [Fact]
    public async Task Send_indication_reaches_the_peer_only_with_a_permission()
    {
        await using var server = await TestTurnServer.StartAsync(allowLoopbackPeers: true);
        using var client = Client(server);
        using var peer = new TestPeer();
        await client.AllocateAsync();

        await client.SendIndicationAsync(peer.Address, "no permission"u8.ToArray());
        var dropped = await peer.ReceiveAsync(Quiet);
        await client.CreatePermissionAsync(peer.Address);
        await client.SendIndicationAsync(peer.Address, "hello"u8.ToArray());
        var delivered = await peer.ReceiveAsync(TimeSpan.FromSeconds(3));

        Assert.Null(dropped);
        Assert.NotNull(delivered);
        Assert.Equal("hello"u8.ToArray(), delivered.Value.Data);
        Assert.Equal(client.Relayed.Port, delivered.Value.From.Port);
    }

    [Fact]
    public async Task Channel_data_is_relayed_both_ways()
    {
        await using var server = await TestTurnServer.StartAsync(allowLoopbackPeers: true);
        using var client = Client(server);
        using var peer = new TestPeer();
        await client.AllocateAsync();
        Assert.True((await client.ChannelBindAsync(0x4001, peer.Address)).IsSuccess);

        await client.SendChannelDataAsync(0x4001, "ping"u8.ToArray());
        var atPeer = await peer.ReceiveAsync(TimeSpan.FromSeconds(3));
        await peer.SendToAsync("pong!"u8.ToArray(), client.Relayed);
        var atClient = await client.ReceiveAsync(TimeSpan.FromSeconds(3));

        Assert.Equal("ping"u8.ToArray(), atPeer?.Data);
        Assert.Equal(new byte[] { 0x40, 0x01, 0, 5, (byte)'p', (byte)'o', (byte)'n', (byte)'g', (byte)'!' }, atClient);
    }

    [Fact]
    public async Task Channel_bind_rules_are_enforced()
    {
        await using var server = await TestTurnServer.StartAsync(allowLoopbackPeers: true);
        using var client = Client(server);
        using var peerA = new TestPeer();
        using var peerB = new TestPeer();
        await client.AllocateAsync();

        Assert.Equal(StunErrorCode.BadRequest, (await client.ChannelBindAsync(0x3FFF, peerA.Address)).ErrorCode);
        Assert.Equal(StunErrorCode.BadRequest, (await client.ChannelBindAsync(0x8000, peerA.Address)).ErrorCode);
        Assert.True((await client.ChannelBindAsync(0x4000, peerA.Address)).IsSuccess);
        Assert.True((await client.ChannelBindAsync(0x4000, peerA.Address)).IsSuccess); // refresh
        Assert.Equal(StunErrorCode.BadRequest, (await client.ChannelBindAsync(0x4000, peerB.Address)).ErrorCode);
        Assert.Equal(StunErrorCode.BadRequest, (await client.ChannelBindAsync(0x4002, peerA.Address)).ErrorCode);
        Assert.True((await client.ChannelBindAsync(0x4002, peerB.Address)).IsSuccess);
    }

    [Fact]
    public async Task Channel_expires_after_600_seconds_without_refresh()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await TestTurnServer.StartAsync(allowLoopbackPeers: true, null, time);
        using var client = Client(server);
        using var peer = new TestPeer();
        await client.AllocateAsync((ref StunMessageWriter w) => w.AddUInt32(StunAttributeType.Lifetime, 3600));
        await client.ChannelBindAsync(0x4000, peer.Address);

        time.Advance(TimeSpan.FromSeconds(601));
        await client.SendChannelDataAsync(0x4000, "late"u8.ToArray());

        Assert.Null(await peer.ReceiveAsync(Quiet));
    }

    [Fact]
    public async Task Bandwidth_cap_drops_the_excess()
    {
        await using var server = await TestTurnServer.StartAsync(allowLoopbackPeers: true, o => o.MaxBps = 2000);
        using var client = Client(server);
        using var peer = new TestPeer();
        await client.AllocateAsync();
        await client.ChannelBindAsync(0x4000, peer.Address);

        for (var i = 0; i < 50; i++)
        {
            await client.SendChannelDataAsync(0x4000, new byte[200]);
        }

        var bytes = 0;
        while (await peer.ReceiveAsync(Quiet) is { } received)
        {
            bytes += received.Data.Length;
        }

        Assert.InRange(bytes, 200, 2400); // one second's budget (plus refill while sending), not 10 000 bytes
    }

    [Fact]
    public async Task Binding_gets_the_mapped_address_without_credentials()
    {
        await using var server = await TestTurnServer.StartAsync(allowLoopbackPeers: false);
        using var client = Client(server);

        var response = await client.RequestAsync(StunMethod.Binding, sign: false);

        Assert.True(response.IsSuccess);
        Assert.Equal(client.LocalEndPoint.Port, response.XorAddress(StunAttributeType.XorMappedAddress).Port);
    }

    [Fact]
    public async Task Requests_of_another_user_on_an_allocation_get_441()
    {
        await using var server = await TestTurnServer.StartAsync(allowLoopbackPeers: true, o => o.StaticUsers["mallory"] = "m-pass");
        using var client = Client(server);
        await client.AllocateAsync();

        client.Username = "mallory";
        client.Password = "m-pass";
        client.Learn(new TurnResponse(StunClass.ErrorResponse, StunMethod.Allocate, 0, [], [], false));
        var response = await client.RefreshAsync(600);

        Assert.Equal(StunErrorCode.WrongCredentials, response.ErrorCode);
    }
}
