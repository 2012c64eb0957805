using System.Diagnostics;
using Org.BouncyCastle.Tls;

namespace RedConnect.Sfu.Dtls;

/// <summary>Life cycle of one DTLS association.</summary>
public enum DtlsSessionState
{
    New,
    Handshaking,
    Connected,
    Failed,
    Closed,
}

/// <summary>
/// One DTLS-SRTP association on the shared media port. BouncyCastle's DTLS is blocking, so each session
/// runs on its own background thread: first the handshake, then a receive loop that must keep running
/// because (RFC 6347 §4.2.4) a peer whose copy of our final flight was lost retransmits its own, and only
/// a reading server answers it again; the loop also sees close_notify. WebRTC media never travels as
/// DTLS application data (SRTP is separate, RFC 5764 §4.2), and the SFU has no SCTP, so application data
/// is counted and dropped.
/// </summary>
public sealed class DtlsSession : IDisposable
{
    private readonly TlsPeer _peer;
    private readonly bool _isServer;
    private readonly int _handshakeTimeoutMillis;
    private readonly TaskCompletionSource<DtlsHandshakeOutcome> _outcome =
        new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _gate = new();
    private Thread? _thread;
    private DtlsTransport? _dtls;
    private volatile DtlsSessionState _state = DtlsSessionState.New;
    private long _applicationDataReceived;
    private string? _closeReason;

    private DtlsSession(TlsPeer peer, bool isServer, DemuxedDatagramTransport transport, int handshakeTimeoutMillis)
    {
        _peer = peer;
        _isServer = isServer;
        Transport = transport;
        _handshakeTimeoutMillis = handshakeTimeoutMillis;
    }

    /// <summary>Raised once when an established session ends (close_notify, fatal alert, or <see cref="Close"/>).</summary>
    public event Action<DtlsSession, string>? Closed;

    /// <summary>The transport the node's demultiplexer feeds; <see cref="TryEnqueueDatagram"/> is the short way.</summary>
    public DemuxedDatagramTransport Transport { get; }

    public DtlsSessionState State => _state;

    public bool IsServer => _isServer;

    /// <summary>DTLS application data records received and dropped (none expected: no SCTP in the SFU).</summary>
    public long ApplicationDataReceived => Interlocked.Read(ref _applicationDataReceived);

    /// <summary>Why the session closed, once it has.</summary>
    public string? CloseReason => _closeReason;

    /// <summary>A session in which we are the DTLS server (a=setup:passive in our answer, RFC 5763 §5).</summary>
    public static DtlsSession CreateServer(
        DtlsCertificate certificate,
        IReadOnlyList<DtlsFingerprint> expectedClientFingerprints,
        DemuxedDatagramTransport.SendDatagram send,
        DtlsSessionOptions? options = null)
    {
        options ??= new DtlsSessionOptions();
        var server = new DtlsSrtpServer(certificate, expectedClientFingerprints, options.Profiles, options.HandshakeTimeoutMillis);
        return new DtlsSession(server, true, new DemuxedDatagramTransport(send, options.QueueCapacity, options.Mtu), options.HandshakeTimeoutMillis);
    }

    /// <summary>A session in which we are the DTLS client (our synthetic participants).</summary>
    public static DtlsSession CreateClient(
        DtlsCertificate certificate,
        IReadOnlyList<DtlsFingerprint> expectedServerFingerprints,
        DemuxedDatagramTransport.SendDatagram send,
        DtlsSessionOptions? options = null)
    {
        options ??= new DtlsSessionOptions();
        var client = new DtlsSrtpClient(certificate, expectedServerFingerprints, options.Profiles, options.HandshakeTimeoutMillis, options.ClientAdvertisesDtls13);
        return new DtlsSession(client, false, new DemuxedDatagramTransport(send, options.QueueCapacity, options.Mtu), options.HandshakeTimeoutMillis);
    }

    /// <summary>Hands a DTLS datagram from the wire to this session (never blocks; drops when the queue is full).</summary>
    public bool TryEnqueueDatagram(ReadOnlySpan<byte> datagram) => Transport.TryEnqueue(datagram);

    /// <summary>
    /// Starts the handshake on a background thread (once) and completes with keys or a failure reason.
    /// A watchdog closes the transport if BouncyCastle has not finished shortly after the handshake timeout.
    /// </summary>
    public Task<DtlsHandshakeOutcome> HandshakeAsync()
    {
        lock (_gate)
        {
            if (_thread is null)
            {
                _state = DtlsSessionState.Handshaking;
                _thread = new Thread(Run) { IsBackground = true, Name = _isServer ? "dtls-server" : "dtls-client" };
                _thread.Start();
                _ = WatchdogAsync();
            }
        }

        return _outcome.Task;
    }

    /// <summary>Sends close_notify when connected (RFC 5246 §7.2.1) and stops the session's thread.</summary>
    public void Close() => Shutdown("closed locally", sendCloseNotify: true);

    public void Dispose() => Close();

    private async Task WatchdogAsync()
    {
        Task finished = await Task.WhenAny(_outcome.Task, Task.Delay(_handshakeTimeoutMillis + 2000)).ConfigureAwait(false);
        if (finished != _outcome.Task)
        {
            // BouncyCastle's own timeout normally fires first; this only guards a stuck transport.
            Transport.Close();
        }
    }

    private void Run()
    {
        var clock = Stopwatch.StartNew();
        DtlsTransport dtls;
        try
        {
            dtls = _isServer
                ? new DtlsServerProtocol().Accept((TlsServer)_peer, Transport)
                : new DtlsClientProtocol().Connect((TlsClient)_peer, Transport);
        }
        catch (Exception exception)
        {
            _state = DtlsSessionState.Failed;
            Transport.Close();
            _outcome.TrySetResult(DtlsHandshakeOutcome.Failure(Describe(exception), clock.Elapsed));
            return;
        }

        DtlsSrtpResult? result = ((IDtlsSrtpPeer)_peer).Result;
        if (result is null)
        {
            _state = DtlsSessionState.Failed;
            Transport.Close();
            _outcome.TrySetResult(DtlsHandshakeOutcome.Failure("handshake completed without SRTP keys", clock.Elapsed));
            return;
        }

        lock (_gate)
        {
            _dtls = dtls;
            if (_state == DtlsSessionState.Handshaking)
            {
                _state = DtlsSessionState.Connected;
            }
        }

        _outcome.TrySetResult(DtlsHandshakeOutcome.Success(result, clock.Elapsed));
        ReceiveUntilClosed(dtls);
    }

    private void ReceiveUntilClosed(DtlsTransport dtls)
    {
        byte[] buffer = new byte[dtls.GetReceiveLimit()];
        string reason = "transport closed";
        try
        {
            while (!Transport.IsClosed && _state == DtlsSessionState.Connected)
            {
                int received = dtls.Receive(buffer, 0, buffer.Length, 1000);
                if (received > 0)
                {
                    Interlocked.Increment(ref _applicationDataReceived);
                }
            }
        }
        catch (TlsFatalAlertReceived alert)
        {
            reason = $"fatal alert received: {AlertDescription.GetText(alert.AlertDescription)}";
        }
        catch (Exception exception) when (exception is IOException or TlsFatalAlert or ObjectDisposedException)
        {
            reason = Describe(exception);
        }

        // BouncyCastle closes the underlying transport when close_notify arrives, which ends the loop.
        if (((IDtlsSrtpPeer)_peer).CloseNotifyReceived)
        {
            reason = "close_notify received";
        }

        Shutdown(reason, sendCloseNotify: false);
    }

    private void Shutdown(string reason, bool sendCloseNotify)
    {
        DtlsTransport? dtls;
        bool wasConnected;
        lock (_gate)
        {
            if (_state is DtlsSessionState.Closed)
            {
                return;
            }

            wasConnected = _state == DtlsSessionState.Connected;
            _state = _state == DtlsSessionState.Failed ? DtlsSessionState.Failed : DtlsSessionState.Closed;
            if (_state == DtlsSessionState.Closed)
            {
                _closeReason = reason;
            }

            dtls = _dtls;
        }

        if (sendCloseNotify && dtls is not null)
        {
            try
            {
                dtls.Close();
            }
            catch (IOException)
            {
                // The peer may be gone already; closing is best effort.
            }
        }

        Transport.Close();
        _outcome.TrySetResult(DtlsHandshakeOutcome.Failure(reason, TimeSpan.Zero));
        if (wasConnected)
        {
            Closed?.Invoke(this, reason);
        }
    }

    private string Describe(Exception exception)
    {
        string? alert = ((IDtlsSrtpPeer)_peer).LastAlert;
        string message = exception switch
        {
            TlsTimeoutException => "handshake timed out",
            TlsFatalAlertReceived received => $"peer sent {AlertDescription.GetText(received.AlertDescription)}",
            TlsFatalAlert fatal => $"{AlertDescription.GetText(fatal.AlertDescription)}: {fatal.Message}",
            _ when Transport.IsClosed => "transport closed",
            _ => exception.GetType().Name + ": " + exception.Message,
        };
        return alert is null || message.Contains(alert, StringComparison.Ordinal) ? message : $"{message} ({alert})";
    }
}
