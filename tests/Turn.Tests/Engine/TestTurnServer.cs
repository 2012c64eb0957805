using System.Net;
using RedConnect.Turn.Options;
using RedConnect.Turn.Server;
using RedConnect.Turn.Tests.Coturn;

namespace RedConnect.Turn.Tests.Engine;

/// <summary>
/// Our engine in-process on 127.0.0.1 with free ports, configured like <see cref="CoturnServer"/> (realm,
/// static user or shared secret, fingerprint) so the same coturn clients run against both. Loopback peers
/// are allowed only when a test says so.
/// </summary>
public sealed class TestTurnServer : IAsyncDisposable
{
    private TestTurnServer(TurnServer server, TurnServerOptions options)
    {
        Server = server;
        Options = options;
    }

    public TurnServer Server { get; }

    public TurnServerOptions Options { get; }

    public int Port => Options.ListeningPort;

    public int AltPort => Options.AltListeningPort;

    public IPEndPoint Endpoint => new(IPAddress.Loopback, Port);

    public static TurnServerOptions DefaultOptions(bool allowLoopbackPeers, bool useAuthSecret = false)
    {
        var port = TestPorts.GetFree(extra: 1);
        var relay = TestPorts.GetFree(extra: 199);
        var options = new TurnServerOptions
        {
            ListeningIPs = ["127.0.0.1"],
            RelayIPs = ["127.0.0.1"],
            ListeningPort = port,
            AltListeningPort = port + 1,
            MinPort = relay,
            MaxPort = relay + 199,
            Realm = CoturnServer.Realm,
            LongTermCredentials = true,
            Fingerprint = true,
            AllowLoopbackPeers = allowLoopbackPeers,
            NoTls = true,
            NoDtls = true,
        };
        if (useAuthSecret)
        {
            options.UseAuthSecret = true;
            options.StaticAuthSecrets = [CoturnServer.Secret];
        }

        options.StaticUsers[CoturnServer.User] = CoturnServer.Password;
        return options;
    }

    public static async Task<TestTurnServer> StartAsync(bool allowLoopbackPeers, Action<TurnServerOptions>? configure = null,
        TimeProvider? time = null, bool useAuthSecret = false)
    {
        var options = DefaultOptions(allowLoopbackPeers, useAuthSecret);
        configure?.Invoke(options);
        var errors = TurnServerOptionsValidator.Validate(options);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        var server = new TurnServer(options, null, time);
        await server.StartAsync(CancellationToken.None);
        return new TestTurnServer(server, options);
    }

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();
}
