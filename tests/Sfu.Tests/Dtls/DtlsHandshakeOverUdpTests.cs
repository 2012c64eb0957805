using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using RedConnect.Sfu.Dtls;
using Xunit.Abstractions;

namespace RedConnect.Sfu.Tests.Dtls;

public sealed class DtlsHandshakeOverUdpTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);
    private static readonly DtlsCertificate ServerCertificate = DtlsCertificate.Generate();
    private static readonly DtlsCertificate ClientCertificate = DtlsCertificate.Generate();

    [Fact]
    public async Task Client_and_server_export_equal_keys_and_prefer_gcm_when_both_offer_it()
    {
        using var pair = new UdpDtlsPair(ServerCertificate, ClientCertificate);

        var (server, client) = await pair.HandshakeAsync(Limit);

        Assert.True(server.Succeeded, server.FailureReason);
        Assert.True(client.Succeeded, client.FailureReason);
        Assert.Equal(SrtpProtectionProfile.AeadAes128Gcm, server.Result!.Profile);
        Assert.Equal(SrtpProtectionProfile.AeadAes128Gcm, client.Result!.Profile);
        Assert.Equal(56, server.Result.KeyingMaterial.Length);
        Assert.Equal(client.Result.KeyingMaterial, server.Result.KeyingMaterial);
        Assert.True(server.Result.IsServer);
        Assert.False(client.Result.IsServer);
        Assert.NotEqual(server.Result.ClientWriteKey.ToArray(), server.Result.ServerWriteKey.ToArray());
        Assert.Equal(DtlsSessionState.Connected, pair.Server.State);
        Assert.Equal("DTLS 1.2", server.Result.ProtocolVersion);
        output.WriteLine($"loopback handshake: server {server.Elapsed.TotalMilliseconds:F0} ms, client {client.Elapsed.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public async Task Client_offering_only_aes_cm_gets_aes_cm_with_sixty_bytes_of_keying_material()
    {
        var clientOptions = new DtlsSessionOptions { Profiles = [SrtpProtectionProfile.Aes128CmHmacSha1_80] };
        using var pair = new UdpDtlsPair(ServerCertificate, ClientCertificate, clientOptions: clientOptions);

        var (server, client) = await pair.HandshakeAsync(Limit);

        Assert.True(server.Succeeded, server.FailureReason);
        Assert.Equal(SrtpProtectionProfile.Aes128CmHmacSha1_80, server.Result!.Profile);
        Assert.Equal(SrtpProtectionProfile.Aes128CmHmacSha1_80, client.Result!.Profile);
        Assert.Equal(60, server.Result.KeyingMaterial.Length);
        Assert.Equal(client.Result.KeyingMaterial, server.Result.KeyingMaterial);
        Assert.Equal(14, server.Result.ServerWriteSalt.Length);
    }

    [Fact]
    public async Task Client_offering_no_profile_we_support_is_refused()
    {
        var clientOptions = new DtlsSessionOptions { Profiles = [SrtpProtectionProfile.Aes128CmHmacSha1_32] };
        using var pair = new UdpDtlsPair(ServerCertificate, ClientCertificate, clientOptions: clientOptions);

        var (server, client) = await pair.HandshakeAsync(Limit);

        Assert.False(server.Succeeded);
        Assert.False(client.Succeeded);
        Assert.Contains("SRTP protection profile", server.FailureReason);
    }

    [Fact]
    public async Task Server_rejects_a_client_certificate_that_does_not_match_the_sdp_fingerprint()
    {
        DtlsCertificate other = DtlsCertificate.Generate();
        using var pair = new UdpDtlsPair(ServerCertificate, ClientCertificate, serverExpects: [other.Fingerprint]);

        var (server, client) = await pair.HandshakeAsync(Limit);

        Assert.False(server.Succeeded);
        Assert.Contains("bad_certificate", server.FailureReason);
        Assert.False(client.Succeeded);
        Assert.Contains("bad_certificate", client.FailureReason);
        Assert.Equal(DtlsSessionState.Failed, pair.Server.State);
    }

    [Fact]
    public async Task Client_rejects_a_server_certificate_that_does_not_match_the_sdp_fingerprint()
    {
        DtlsCertificate other = DtlsCertificate.Generate();
        using var pair = new UdpDtlsPair(ServerCertificate, ClientCertificate, clientExpects: [other.Fingerprint]);

        var (server, client) = await pair.HandshakeAsync(Limit);

        Assert.False(client.Succeeded);
        Assert.Contains("bad_certificate", client.FailureReason);
        Assert.False(server.Succeeded);
    }

    [Fact]
    public async Task Sha512_fingerprint_from_the_sdp_is_accepted()
    {
        using var pair = new UdpDtlsPair(
            ServerCertificate,
            ClientCertificate,
            serverExpects: [ClientCertificate.FingerprintWith("sha-512")]);

        var (server, client) = await pair.HandshakeAsync(Limit);

        Assert.True(server.Succeeded, server.FailureReason);
        Assert.True(client.Succeeded, client.FailureReason);
    }

    [Fact]
    public async Task Handshake_completes_with_ten_percent_packet_loss_in_both_directions()
    {
        var timings = new List<double>();
        int dropped = 0;
        for (int seed = 1; seed <= 5; seed++)
        {
            using var pair = new UdpDtlsPair(ServerCertificate, ClientCertificate, lossRate: 0.10, seed: seed);

            var (server, client) = await pair.HandshakeAsync(Limit);

            Assert.True(server.Succeeded, $"seed {seed}: {server.FailureReason}");
            Assert.True(client.Succeeded, $"seed {seed}: {client.FailureReason}");
            Assert.Equal(client.Result!.KeyingMaterial, server.Result!.KeyingMaterial);
            timings.Add(Math.Max(server.Elapsed.TotalMilliseconds, client.Elapsed.TotalMilliseconds));
            dropped += pair.Dropped;
        }

        output.WriteLine($"10 % loss: handshakes {string.Join(", ", timings.Select(t => $"{t:F0} ms"))}; {dropped} datagrams dropped");
    }

    [Fact]
    public async Task Garbage_datagrams_alone_end_in_a_clean_handshake_failure()
    {
        var options = new DtlsSessionOptions { HandshakeTimeoutMillis = 1500 };
        using var serverSocket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        using DtlsSession server = DtlsSession.CreateServer(ServerCertificate, [ClientCertificate.Fingerprint], _ => { }, options);
        Task<DtlsHandshakeOutcome> handshake = server.HandshakeAsync();

        var random = new Random(7);
        byte[] datagram = new byte[300];
        for (int i = 0; i < 200; i++)
        {
            random.NextBytes(datagram);
            datagram[0] = (byte)random.Next(20, 64);
            if (i % 3 == 0)
            {
                // A plausible record header (handshake, DTLS 1.2, epoch 0) over a random body.
                datagram[0] = 22; // ContentType.handshake
                datagram[1] = 0xFE;
                datagram[2] = 0xFD;
                datagram[3] = 0;
                datagram[4] = 0;
            }

            server.TryEnqueueDatagram(datagram.AsSpan(0, random.Next(1, datagram.Length)));
        }

        DtlsHandshakeOutcome outcome = await handshake.WaitAsync(Limit);

        Assert.False(outcome.Succeeded);
        Assert.False(string.IsNullOrEmpty(outcome.FailureReason));
        Assert.NotEqual(DtlsSessionState.Connected, server.State);
    }

    [Fact]
    public async Task Garbage_interleaved_with_a_real_client_does_not_crash_the_server()
    {
        using var pair = new UdpDtlsPair(ServerCertificate, ClientCertificate);
        using var attacker = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var random = new Random(11);
        Task<DtlsHandshakeOutcome> server = pair.Server.HandshakeAsync();
        Task<DtlsHandshakeOutcome> client = pair.Client.HandshakeAsync();
        byte[] garbage = new byte[200];
        var flood = Task.Run(() =>
        {
            for (int i = 0; i < 100 && !server.IsCompleted; i++)
            {
                random.NextBytes(garbage);
                garbage[0] = (byte)random.Next(20, 64);
                attacker.SendTo(garbage, pair.ServerAddress);
                Thread.Sleep(1);
            }
        });

        await Task.WhenAll(server, client, flood).WaitAsync(Limit);
        DtlsHandshakeOutcome serverOutcome = await server;
        DtlsHandshakeOutcome clientOutcome = await client;

        // Either outcome is acceptable from hostile input; what matters is a clean, reported result.
        Assert.True(serverOutcome.Succeeded || !string.IsNullOrEmpty(serverOutcome.FailureReason));
        if (serverOutcome.Succeeded)
        {
            Assert.Equal(clientOutcome.Result!.KeyingMaterial, serverOutcome.Result!.KeyingMaterial);
        }

        output.WriteLine($"with garbage: server {(serverOutcome.Succeeded ? "connected" : serverOutcome.FailureReason)}");
    }

    [Fact]
    public async Task Close_notify_from_the_client_closes_the_server_session()
    {
        using var pair = new UdpDtlsPair(ServerCertificate, ClientCertificate);
        var closed = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        pair.Server.Closed += (_, reason) => closed.TrySetResult(reason);
        var (server, _) = await pair.HandshakeAsync(Limit);
        Assert.True(server.Succeeded, server.FailureReason);

        pair.Client.Close();

        string reason = await closed.Task.WaitAsync(Limit);
        Assert.Equal("close_notify received", reason);
        Assert.Equal(DtlsSessionState.Closed, pair.Server.State);
    }

    [Fact]
    public async Task Client_hello_listing_dtls_1_3_first_is_answered_with_dtls_1_2()
    {
        // Chromium lists DTLS 1.3 first in supported_versions; our server must settle on 1.2.
        var clientOptions = new DtlsSessionOptions { ClientAdvertisesDtls13 = true };
        using var pair = new UdpDtlsPair(ServerCertificate, ClientCertificate, clientOptions: clientOptions);

        var (server, client) = await pair.HandshakeAsync(Limit);

        Assert.True(server.Succeeded, server.FailureReason);
        Assert.True(client.Succeeded, client.FailureReason);
        Assert.Equal("DTLS 1.2", server.Result!.ProtocolVersion);
        Assert.Equal("DTLS 1.2", client.Result!.ProtocolVersion);
    }

    [Fact]
    public async Task Server_without_a_client_gives_up_after_the_handshake_timeout()
    {
        var options = new DtlsSessionOptions { HandshakeTimeoutMillis = 800 };
        using DtlsSession server = DtlsSession.CreateServer(ServerCertificate, [ClientCertificate.Fingerprint], _ => { }, options);
        var clock = Stopwatch.StartNew();

        DtlsHandshakeOutcome outcome = await server.HandshakeAsync().WaitAsync(Limit);

        Assert.False(outcome.Succeeded);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(5));
        Assert.Equal(DtlsSessionState.Failed, server.State);
    }
}
