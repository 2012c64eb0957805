using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using RedConnect.Sfu.Dtls;
using RedConnect.Sfu.Ice;
using RedConnect.Sfu.Node;
using RedConnect.Sfu.Srtp;
using RedConnect.Sfu.Tests.Ice;
using RedConnect.Stun;

namespace RedConnect.Sfu.Tests.Node;

/// <summary>
/// A synthetic WebRTC client over a real UDP socket on 127.0.0.1, built from our own layers the way a
/// browser behaves towards an ICE-lite SFU: it sends connectivity checks (controlling, USE-CANDIDATE,
/// short-term integrity with the SFU's ice-pwd), runs the DTLS client, then SRTP with the client keys.
/// A pump thread reads the socket and demultiplexes like the node does (RFC 7983).
/// </summary>
internal sealed class TestPeer : IAsyncDisposable
{
    private static readonly Lazy<DtlsCertificate> SharedClientCertificate = new(() => DtlsCertificate.Generate());

    private readonly EndPoint _server;
    private readonly string _serverUfrag;
    private readonly string _serverPwd;
    private readonly DtlsFingerprint _serverFingerprint;
    private readonly DtlsSessionOptions? _dtlsOptions;
    private readonly Channel<byte[]> _stunResponses = Channel.CreateUnbounded<byte[]>();
    private readonly object _srtpLock = new();
    private Socket _socket;
    private Thread _pump;
    private DtlsSession? _dtls;
    private SrtpContext? _srtpIn;
    private SrtpContext? _srtpOut;
    private volatile bool _disposed;

    public TestPeer(WebRtcTransport transport, int serverPort, DtlsSessionOptions? dtlsOptions = null, DtlsCertificate? certificate = null)
    {
        _server = new IPEndPoint(IPAddress.Loopback, serverPort);
        _serverUfrag = transport.LocalIceUfrag;
        _serverPwd = transport.LocalIcePwd;
        _serverFingerprint = transport.LocalFingerprint;
        _dtlsOptions = dtlsOptions;
        Certificate = certificate ?? SharedClientCertificate.Value;
        (_socket, _pump) = OpenSocket();
    }

    public IceCredentials Credentials { get; } = IceCredentials.Generate();

    public DtlsCertificate Certificate { get; }

    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    public Channel<byte[]> Rtp { get; } = Channel.CreateUnbounded<byte[]>();

    public Channel<byte[]> Rtcp { get; } = Channel.CreateUnbounded<byte[]>();

    public DtlsHandshakeOutcome? Handshake { get; private set; }

    /// <summary>The DTLS session (for close_notify checks); null before <see cref="ConnectAsync"/>.</summary>
    public DtlsSession? Dtls => _dtls;

    /// <summary>ICE (nominating check), then DTLS, then SRTP contexts. Throws if any step fails.</summary>
    public async Task ConnectAsync(TimeSpan? timeout = null)
    {
        TimeSpan limit = timeout ?? TimeSpan.FromSeconds(10);
        byte[] response = await CheckAsync(useCandidate: true, limit);
        Assert.True(StunMessageReader.TryParse(response, out StunMessageReader reader));
        Assert.Equal(StunClass.SuccessResponse, reader.Class);

        _dtls = DtlsSession.CreateClient(Certificate, [_serverFingerprint], datagram => Send(datagram), _dtlsOptions);
        Handshake = await _dtls.HandshakeAsync().WaitAsync(limit);
        Assert.True(Handshake.Succeeded, Handshake.FailureReason);
        DtlsSrtpResult result = Handshake.Result!;
        Assert.True(SrtpProfiles.TryFromDtlsProtectionProfile((int)result.Profile, out SrtpProfile profile));
        SrtpKeyingMaterial keys = SrtpKeyingMaterial.Split(result.KeyingMaterial, profile, isServer: false);
        lock (_srtpLock)
        {
            _srtpIn = keys.CreateReceiveContext();
            _srtpOut = keys.CreateSendContext();
        }
    }

    /// <summary>Sends one connectivity check and waits for the answer with its transaction id.</summary>
    public async Task<byte[]> CheckAsync(bool useCandidate, TimeSpan? timeout = null, string? password = null)
    {
        BindingRequest request = BindingRequest.For(Credentials.UsernameFragment, _serverUfrag, password ?? _serverPwd, useCandidate);
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(5));
        byte[] encoded = request.Encode();
        while (true)
        {
            // Checks are retransmitted (RFC 8489 §6.2.1) until answered: UDP on a busy box may drop one.
            Send(encoded);
            using var retransmit = CancellationTokenSource.CreateLinkedTokenSource(cts.Token);
            retransmit.CancelAfter(TimeSpan.FromMilliseconds(250));
            try
            {
                while (true)
                {
                    byte[] response = await _stunResponses.Reader.ReadAsync(retransmit.Token);
                    if (response.AsSpan(8, 12).SequenceEqual(request.TransactionId))
                    {
                        return response;
                    }
                }
            }
            catch (OperationCanceledException) when (!cts.IsCancellationRequested)
            {
            }
        }
    }

    /// <summary>Protects and sends one RTP packet; returns the SRTP bytes sent (for replay tests).</summary>
    public byte[] SendRtp(ReadOnlySpan<byte> rtp) => Protect(rtp, rtcp: false);

    public byte[] SendRtcp(ReadOnlySpan<byte> rtcp) => Protect(rtcp, rtcp: true);

    /// <summary>Protects without sending, so a test can tamper with the SRTP bytes first.</summary>
    public byte[] ProtectRtp(ReadOnlySpan<byte> rtp) => Protect(rtp, rtcp: false, send: false);

    public void Send(ReadOnlySpan<byte> datagram)
    {
        try
        {
            _socket.SendTo(datagram, SocketFlags.None, _server);
        }
        catch (ObjectDisposedException)
        {
            // Moved to a new socket or disposed while DTLS was retransmitting.
        }
    }

    /// <summary>
    /// The client changes network: a new socket (new local port), the same ICE credentials and DTLS/SRTP
    /// state, and a nominating check from the new address (RFC 8445 §8.1.1, consent continues).
    /// </summary>
    public async Task MoveToNewPortAsync()
    {
        Socket old = _socket;
        Thread oldPump = _pump;
        (_socket, _pump) = OpenSocket();
        old.Dispose();
        oldPump.Join(TimeSpan.FromSeconds(2));
        await CheckAsync(useCandidate: true);
    }

    public static async Task<T> ReadAsync<T>(Channel<T> channel, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(5));
        return await channel.Reader.ReadAsync(cts.Token);
    }

    public ValueTask DisposeAsync()
    {
        _disposed = true;
        _dtls?.Dispose();
        _socket.Dispose();
        _pump.Join(TimeSpan.FromSeconds(2));
        lock (_srtpLock)
        {
            _srtpIn?.Dispose();
            _srtpOut?.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    private byte[] Protect(ReadOnlySpan<byte> packet, bool rtcp, bool send = true)
    {
        var buffer = new byte[packet.Length + 64];
        packet.CopyTo(buffer);
        int length;
        lock (_srtpLock)
        {
            Assert.NotNull(_srtpOut);
            SrtpResult result = rtcp
                ? _srtpOut.ProtectRtcp(buffer, packet.Length, out length)
                : _srtpOut.ProtectRtp(buffer, packet.Length, out length);
            Assert.Equal(SrtpResult.Ok, result);
        }

        byte[] wire = buffer.AsSpan(0, length).ToArray();
        if (send)
        {
            Send(wire);
        }

        return wire;
    }

    private (Socket Socket, Thread Pump) OpenSocket()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var pump = new Thread(() => Pump(socket)) { IsBackground = true, Name = "test-peer" };
        pump.Start();
        return (socket, pump);
    }

    private void Pump(Socket socket)
    {
        var buffer = new byte[4096];
        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
        while (!_disposed)
        {
            int received;
            try
            {
                received = socket.ReceiveFrom(buffer, ref from);
            }
            catch (SocketException) when (!_disposed && socket.SafeHandle is { IsClosed: false })
            {
                continue;
            }
            catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
            {
                return;
            }

            Span<byte> datagram = buffer.AsSpan(0, received);
            if (received == 0)
            {
                continue;
            }

            byte first = datagram[0];
            if (first <= 3)
            {
                _stunResponses.Writer.TryWrite(datagram.ToArray());
            }
            else if (first is >= 20 and <= 63)
            {
                _dtls?.TryEnqueueDatagram(datagram);
            }
            else if (first is >= 128 and <= 191)
            {
                bool rtcp = received > 1 && datagram[1] is >= 192 and <= 223;
                lock (_srtpLock)
                {
                    if (_srtpIn is null)
                    {
                        continue;
                    }

                    int length;
                    SrtpResult result = rtcp ? _srtpIn.UnprotectRtcp(datagram, out length) : _srtpIn.UnprotectRtp(datagram, out length);
                    if (result == SrtpResult.Ok)
                    {
                        (rtcp ? Rtcp : Rtp).Writer.TryWrite(datagram[..length].ToArray());
                    }
                }
            }
        }
    }
}
