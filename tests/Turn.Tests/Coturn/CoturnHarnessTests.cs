namespace RedConnect.Turn.Tests.Coturn;

/// <summary>
/// Proves the harness against the reference: coturn's own client relays through a real coturn
/// turnserver to turnutils_peer, and our parser reads what it reports. The engine's tests point the
/// same harness at rc-turn.
/// </summary>
public sealed class CoturnHarnessTests
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Uclient_relays_every_message_through_coturn_over_udp_with_static_user()
    {
        await using var server = await CoturnServer.StartAsync();
        var peerPort = TestPorts.GetFree();
        await using var peer = await CoturnTools.StartPeerAsync(peerPort);

        var result = await RunUclientAsync(server.Port, peerPort, ["-u", CoturnServer.User, "-w", CoturnServer.Password]);

        var report = UclientReport.TryParse(result.AllOutput);
        Assert.False(result.TimedOut, result.AllOutput);
        Assert.True(report is not null, result.AllOutput);
        Assert.Equal(2 * 40, report.Sent); // -m 2 allocations × -n 40 messages
        Assert.Equal(report.Sent, report.Received);
        Assert.Equal(0, report.Lost);
        Assert.True(report.MessagesPerSecond > 0);
    }

    [Fact]
    public async Task Uclient_relays_every_message_through_coturn_over_tcp_with_shared_secret()
    {
        await using var server = await CoturnServer.StartAsync(useAuthSecret: true);
        var peerPort = TestPorts.GetFree();
        await using var peer = await CoturnTools.StartPeerAsync(peerPort);

        // -W: uclient mints a use-auth-secret username/password itself, as our signaling will.
        var result = await RunUclientAsync(server.Port, peerPort, ["-t", "-u", "carol", "-W", CoturnServer.Secret]);

        var report = UclientReport.TryParse(result.AllOutput);
        Assert.True(report is not null, result.AllOutput);
        Assert.Equal(80, report.Received);
        Assert.Equal(0, report.Lost);
    }

    [Fact]
    public async Task Uclient_with_a_wrong_password_relays_nothing()
    {
        await using var server = await CoturnServer.StartAsync();
        var peerPort = TestPorts.GetFree();
        await using var peer = await CoturnTools.StartPeerAsync(peerPort);

        var result = await RunUclientAsync(server.Port, peerPort, ["-u", CoturnServer.User, "-w", "wrong"]);

        var report = UclientReport.TryParse(result.AllOutput);
        Assert.True(report is null || report.Received == 0, result.AllOutput);
    }

    private static Task<ToolResult> RunUclientAsync(int serverPort, int peerPort, string[] credentials) =>
        CoturnTools.RunAsync("turnutils_uclient",
            [.. credentials, "-p", $"{serverPort}", "-e", "127.0.0.1", "-r", $"{peerPort}",
             "-m", "2", "-n", "40", "-l", "172", "-z", "5", "-c", "127.0.0.1"],
            RunTimeout);
}
