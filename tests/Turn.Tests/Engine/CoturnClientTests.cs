using RedConnect.Turn.Tests.Coturn;

namespace RedConnect.Turn.Tests.Engine;

/// <summary>
/// coturn's own clients (Debian's turnutils_uclient, turnutils_peer, turnutils_stunclient) against our
/// engine: every message uclient sends through the relay to the echo peer comes back (zero loss).
/// </summary>
public sealed class CoturnClientTests
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Uclient_relays_every_message_over_udp_with_a_static_user()
    {
        await using var server = await TestTurnServer.StartAsync(allowLoopbackPeers: true);
        await AssertZeroLossAsync(server.Port, ["-u", CoturnServer.User, "-w", CoturnServer.Password]);
    }

    [Fact]
    public async Task Uclient_relays_every_message_over_udp_with_a_shared_secret()
    {
        await using var server = await TestTurnServer.StartAsync(allowLoopbackPeers: true, useAuthSecret: true);
        await AssertZeroLossAsync(server.Port, ["-u", "carol", "-W", CoturnServer.Secret]);
    }

    [Fact]
    public async Task Uclient_relays_every_message_over_udp_with_send_indications()
    {
        await using var server = await TestTurnServer.StartAsync(allowLoopbackPeers: true);
        await AssertZeroLossAsync(server.Port, ["-s", "-u", CoturnServer.User, "-w", CoturnServer.Password]);
    }

    [Fact]
    public async Task Uclient_relays_every_message_over_tcp_with_a_static_user()
    {
        await using var server = await TestTurnServer.StartAsync(allowLoopbackPeers: true);
        await AssertZeroLossAsync(server.Port, ["-t", "-u", CoturnServer.User, "-w", CoturnServer.Password]);
    }

    [Fact]
    public async Task Uclient_relays_every_message_over_tcp_with_a_shared_secret_and_padding()
    {
        await using var server = await TestTurnServer.StartAsync(allowLoopbackPeers: true, useAuthSecret: true);
        await AssertZeroLossAsync(server.Port, ["-t", "-D", "-u", "carol", "-W", CoturnServer.Secret]);
    }

    [Fact]
    public async Task Uclient_relays_every_message_over_tls()
    {
        using var cert = TestCertificate.Create();
        await using var server = await TestTurnServer.StartAsync(allowLoopbackPeers: true, o =>
        {
            o.NoTls = false;
            o.CertificatePath = cert.CertificatePath;
            o.PrivateKeyPath = cert.KeyPath;
            o.TlsListeningPort = TestPorts.GetFree(extra: 1);
            o.AltTlsListeningPort = o.TlsListeningPort + 1;
        });
        await AssertZeroLossAsync(server.Options.TlsListeningPort, ["-t", "-S", "-u", CoturnServer.User, "-w", CoturnServer.Password]);
    }

    [Fact]
    public async Task Uclient_with_a_wrong_password_relays_nothing()
    {
        await using var server = await TestTurnServer.StartAsync(allowLoopbackPeers: true);
        var peerPort = TestPorts.GetFree();
        await using var peer = await CoturnTools.StartPeerAsync(peerPort);

        var result = await RunUclientAsync(server.Port, peerPort, ["-u", CoturnServer.User, "-w", "wrong"]);

        var report = UclientReport.TryParse(result.AllOutput);
        Assert.True(report is null || report.Received == 0, result.AllOutput);
        Assert.Equal(0, server.Server.AllocationCount);
    }

    [Fact]
    public async Task Stunclient_gets_its_mapped_address_on_the_listening_port()
    {
        await using var server = await TestTurnServer.StartAsync(allowLoopbackPeers: false);

        var result = await CoturnTools.RunAsync("turnutils_stunclient", ["-p", $"{server.Port}", "127.0.0.1"], RunTimeout);

        Assert.False(result.TimedOut, result.AllOutput);
        Assert.Contains("UDP reflexive addr: 127.0.0.1:", result.AllOutput);
    }

    [Fact]
    public async Task Stunclient_sees_rfc5780_other_address_and_response_origin_on_the_alternate_port()
    {
        await using var server = await TestTurnServer.StartAsync(allowLoopbackPeers: false);

        var result = await CoturnTools.RunAsync("turnutils_stunclient", ["-f", "-p", $"{server.AltPort}", "127.0.0.1"], RunTimeout);

        Assert.False(result.TimedOut, result.AllOutput);
        Assert.Contains("UDP reflexive addr: 127.0.0.1:", result.AllOutput);
        Assert.Contains($"Other addr: : 127.0.0.1:{server.Port}", result.AllOutput);
        Assert.Contains($"Response origin: : 127.0.0.1:{server.AltPort}", result.AllOutput);
    }

    private static async Task AssertZeroLossAsync(int serverPort, string[] clientArgs)
    {
        var peerPort = TestPorts.GetFree();
        await using var peer = await CoturnTools.StartPeerAsync(peerPort);

        var result = await RunUclientAsync(serverPort, peerPort, clientArgs);

        var report = UclientReport.TryParse(result.AllOutput);
        Assert.False(result.TimedOut, result.AllOutput);
        Assert.True(report is not null, result.AllOutput);
        Assert.Equal(2 * 40, report.Sent); // -m 2 allocations × -n 40 messages
        Assert.Equal(report.Sent, report.Received);
    }

    private static Task<ToolResult> RunUclientAsync(int serverPort, int peerPort, string[] clientArgs) =>
        CoturnTools.RunAsync("turnutils_uclient",
            [.. clientArgs, "-p", $"{serverPort}", "-e", "127.0.0.1", "-r", $"{peerPort}",
             "-m", "2", "-n", "40", "-l", "172", "-z", "5", "-c", "127.0.0.1"],
            RunTimeout);
}
