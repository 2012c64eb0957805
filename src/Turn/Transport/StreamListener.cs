using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using RedConnect.Turn.Allocations;
using RedConnect.Turn.Protocol;

namespace RedConnect.Turn.Transport;

/// <summary>
/// Accepts TCP connections on one server transport address, optionally wrapping them in TLS (SslStream with
/// the operator's PEM certificate), and serves each as a <see cref="StreamConnection"/>. When a connection
/// ends, the allocations made over it end too (RFC 8656 §7: the 5-tuple is gone).
/// </summary>
internal sealed class StreamListener : IAsyncDisposable
{
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(10);

    private readonly ListenerEndpoint _endpoint;
    private readonly TurnRequestHandler _handler;
    private readonly AllocationManager _allocations;
    private readonly X509Certificate2? _certificate;
    private readonly ILogger _log;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Socket _socket;
    private Task _acceptLoop = Task.CompletedTask;
    private int _connections;

    public StreamListener(ListenerEndpoint endpoint, TurnRequestHandler handler, AllocationManager allocations,
        X509Certificate2? certificate, ILogger log)
    {
        _endpoint = endpoint;
        _handler = handler;
        _allocations = allocations;
        _certificate = certificate;
        _log = log;
        _socket = new Socket(endpoint.Bound.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
    }

    /// <summary>Upper bound on concurrent connections per listener, so a connection flood cannot exhaust memory.</summary>
    public const int MaxConnections = 10_000;

    public void Start()
    {
        if (_endpoint.Bound.AddressFamily == AddressFamily.InterNetworkV6)
        {
            _socket.DualMode = false;
        }

        _socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _socket.Bind(_endpoint.Bound);
        _socket.Listen(1024);
        _acceptLoop = AcceptLoopAsync(_stopping.Token);
    }

    private async Task AcceptLoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _socket.AcceptAsync(ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex)
            {
                _log.LogDebug("Accept on {Endpoint} failed: {Error}", _endpoint.Bound, ex.SocketErrorCode);
                continue;
            }

            if (Interlocked.Increment(ref _connections) > MaxConnections)
            {
                Interlocked.Decrement(ref _connections);
                client.Dispose();
                continue;
            }

            _ = ServeAsync(client, ct);
        }
    }

    private async Task ServeAsync(Socket client, CancellationToken ct)
    {
        StreamConnection? connection = null;
        try
        {
            client.NoDelay = true;
            Stream stream = new NetworkStream(client, ownsSocket: false);
            if (_certificate is not null)
            {
                var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = tls;
                using var handshake = CancellationTokenSource.CreateLinkedTokenSource(ct);
                handshake.CancelAfter(HandshakeTimeout);
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                {
                    ServerCertificate = _certificate,
                    ClientCertificateRequired = false,
                }, handshake.Token);
            }

            connection = new StreamConnection(client, stream, _endpoint, _handler, _log);
            await connection.RunAsync(ct);
        }
        catch (Exception ex)
        {
            _log.LogDebug("Connection on {Endpoint} ended: {Reason}", _endpoint.Bound, ex.Message);
        }
        finally
        {
            if (connection is not null)
            {
                _allocations.RemoveConnection(connection);
                await connection.DisposeAsync();
            }
            else
            {
                client.Dispose();
            }

            Interlocked.Decrement(ref _connections);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _socket.Dispose();
        await _acceptLoop;
        _stopping.Dispose();
    }
}
