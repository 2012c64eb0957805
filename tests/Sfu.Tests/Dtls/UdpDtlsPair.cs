using System.Net;
using System.Net.Sockets;
using RedConnect.Sfu.Dtls;

namespace RedConnect.Sfu.Tests.Dtls;

/// <summary>
/// A DTLS client and server over two real UDP sockets on 127.0.0.1, each with a pump thread that reads
/// its socket and feeds the session's transport, the way the SFU node's demultiplexer will.
/// Loss is injected on receipt, seeded, in both directions.
/// </summary>
internal sealed class UdpDtlsPair : IDisposable
{
    private readonly Socket _serverSocket;
    private readonly Socket _clientSocket;
    private readonly Thread _serverPump;
    private readonly Thread _clientPump;
    private readonly double _lossRate;
    private readonly Random _lossRandom;
    private readonly object _lossGate = new();
    private volatile bool _stopped;
    private int _dropped;

    public UdpDtlsPair(
        DtlsCertificate serverCertificate,
        DtlsCertificate clientCertificate,
        IReadOnlyList<DtlsFingerprint>? serverExpects = null,
        IReadOnlyList<DtlsFingerprint>? clientExpects = null,
        DtlsSessionOptions? serverOptions = null,
        DtlsSessionOptions? clientOptions = null,
        double lossRate = 0,
        int seed = 1)
    {
        _lossRate = lossRate;
        _lossRandom = new Random(seed);
        _serverSocket = Bind();
        _clientSocket = Bind();
        EndPoint serverAddress = _serverSocket.LocalEndPoint!;
        EndPoint clientAddress = _clientSocket.LocalEndPoint!;

        Server = DtlsSession.CreateServer(
            serverCertificate,
            serverExpects ?? [clientCertificate.Fingerprint],
            datagram => _serverSocket.SendTo(datagram, SocketFlags.None, clientAddress),
            serverOptions);
        Client = DtlsSession.CreateClient(
            clientCertificate,
            clientExpects ?? [serverCertificate.Fingerprint],
            datagram => _clientSocket.SendTo(datagram, SocketFlags.None, serverAddress),
            clientOptions);

        _serverPump = StartPump(_serverSocket, Server);
        _clientPump = StartPump(_clientSocket, Client);
    }

    public DtlsSession Server { get; }

    public DtlsSession Client { get; }

    public EndPoint ServerAddress => _serverSocket.LocalEndPoint!;

    /// <summary>Datagrams the loss injector dropped.</summary>
    public int Dropped => Volatile.Read(ref _dropped);

    public async Task<(DtlsHandshakeOutcome Server, DtlsHandshakeOutcome Client)> HandshakeAsync(TimeSpan limit)
    {
        Task<DtlsHandshakeOutcome> server = Server.HandshakeAsync();
        Task<DtlsHandshakeOutcome> client = Client.HandshakeAsync();
        await Task.WhenAll(server, client).WaitAsync(limit);
        return (await server, await client);
    }

    public void Dispose()
    {
        _stopped = true;
        Client.Dispose();
        Server.Dispose();
        _serverSocket.Dispose();
        _clientSocket.Dispose();
        _serverPump.Join(2000);
        _clientPump.Join(2000);
    }

    private static Socket Bind()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    private Thread StartPump(Socket socket, DtlsSession session)
    {
        var thread = new Thread(() =>
        {
            byte[] buffer = new byte[2048];
            EndPoint from = new IPEndPoint(IPAddress.Any, 0);
            while (!_stopped)
            {
                int received;
                try
                {
                    received = socket.ReceiveFrom(buffer, ref from);
                }
                catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
                {
                    return;
                }

                if (ShouldDrop())
                {
                    Interlocked.Increment(ref _dropped);
                    continue;
                }

                // RFC 7983 demultiplexing, as the node does it.
                if (DtlsPacket.IsDtls(buffer.AsSpan(0, received)))
                {
                    session.TryEnqueueDatagram(buffer.AsSpan(0, received));
                }
            }
        })
        { IsBackground = true, Name = "udp-pump" };
        thread.Start();
        return thread;
    }

    private bool ShouldDrop()
    {
        if (_lossRate <= 0)
        {
            return false;
        }

        lock (_lossGate)
        {
            return _lossRandom.NextDouble() < _lossRate;
        }
    }
}
