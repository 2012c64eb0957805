using System.Net;
using System.Net.Sockets;
using System.Text;
using RedConnect.Sfu.Dtls;
using RedConnect.Sfu.Ice;
using RedConnect.Sfu.Node;
using RedConnect.Sfu.Srtp;
using RedConnect.Stun;

namespace RedConnect.Benchmarks.Node;

/// <summary>
/// A minimal WebRTC client for load: one UDP socket on 127.0.0.1, a nominating ICE check, the DTLS client,
/// then SRTP contexts with the client keys. After <see cref="ConnectAsync"/> the caller owns the socket.
/// </summary>
internal sealed class SyntheticClient : IDisposable
{
    private readonly IPEndPoint _server;
    private DtlsSession? _dtls;

    public SyntheticClient(int serverPort)
    {
        _server = new IPEndPoint(IPAddress.Loopback, serverPort);
        Socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Socket.ReceiveBufferSize = 4 * 1024 * 1024;
    }

    public Socket Socket { get; } = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

    public IceCredentials Credentials { get; } = IceCredentials.Generate();

    public DtlsCertificate Certificate { get; } = DtlsCertificate.Generate();

    public SrtpContext? SendContext { get; private set; }

    public SrtpContext? ReceiveContext { get; private set; }

    public IPEndPoint ServerEndPoint => _server;

    public async Task ConnectAsync(WebRtcTransport transport)
    {
        transport.SetRemoteParameters(Credentials.UsernameFragment, Credentials.Password, [Certificate.Fingerprint]);
        var buffer = new byte[2048];
        var transaction = new byte[12];
        StunMessageWriter.NewTransactionId(transaction);
        var writer = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.Request, transaction);
        writer.AddText(StunAttributeType.Username, $"{transport.LocalIceUfrag}:{Credentials.UsernameFragment}");
        writer.AddUInt32(StunAttributeType.Priority, 0x6E7F1EFF);
        writer.AddUInt64(StunAttributeType.IceControlling, 42);
        writer.AddFlag(StunAttributeType.UseCandidate);
        writer.AddMessageIntegrity(Encoding.UTF8.GetBytes(transport.LocalIcePwd));
        writer.AddFingerprint();
        Socket.SendTo(buffer.AsSpan(0, writer.Length), SocketFlags.None, _server);
        Socket.ReceiveTimeout = 5000;
        Socket.Receive(buffer);   // the success response

        using var stop = new CancellationTokenSource();
        _dtls = DtlsSession.CreateClient(Certificate, [transport.LocalFingerprint], d => Socket.SendTo(d, SocketFlags.None, _server));
        var pump = new Thread(() =>
        {
            var datagram = new byte[2048];
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    int n = Socket.Receive(datagram);
                    if (n > 0 && datagram[0] is >= 20 and <= 63)
                    {
                        _dtls.TryEnqueueDatagram(datagram.AsSpan(0, n));
                    }
                }
                catch (SocketException)
                {
                    // receive timeout: look at the stop flag again
                }
            }
        }) { IsBackground = true };
        Socket.ReceiveTimeout = 100;
        pump.Start();
        DtlsHandshakeOutcome outcome = await _dtls.HandshakeAsync().WaitAsync(TimeSpan.FromSeconds(10));
        stop.Cancel();
        pump.Join();
        Socket.ReceiveTimeout = 0;
        if (outcome.Result is not { } result || !SrtpProfiles.TryFromDtlsProtectionProfile((int)result.Profile, out SrtpProfile profile))
        {
            throw new InvalidOperationException("DTLS failed: " + outcome.FailureReason);
        }

        SrtpKeyingMaterial keys = SrtpKeyingMaterial.Split(result.KeyingMaterial, profile, isServer: false);
        SendContext = keys.CreateSendContext();
        ReceiveContext = keys.CreateReceiveContext();
    }

    public void Dispose()
    {
        _dtls?.Dispose();
        Socket.Dispose();
        SendContext?.Dispose();
        ReceiveContext?.Dispose();
    }
}
