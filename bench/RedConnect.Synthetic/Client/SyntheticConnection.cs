using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using RedConnect.Sfu.Dtls;
using RedConnect.Sfu.Ice;
using RedConnect.Sfu.Srtp;
using RedConnect.Stun;
using RedConnect.Synthetic.Publishing;

namespace RedConnect.Synthetic.Client;

/// <summary>
/// One WebRTC peer connection of a synthetic participant to the SFU, over one UDP socket: ICE as the
/// controlling agent (<see cref="IceConnectivityCheck"/>), then a DTLS client handshake (RFC 5763 §5:
/// we answer or offer so that the SFU is the DTLS server), then SRTP with the exported keys (RFC 5764
/// §4.2, we are the client). Datagrams are told apart by their first byte (RFC 7983 §7): 0–3 STUN,
/// 20–63 DTLS, 128–191 RTP or RTCP, RTCP when the second byte is 192–223 (RFC 5761 §4).
/// A dedicated thread receives, so arrival times are taken right after the socket call.
/// </summary>
public sealed class SyntheticConnection : IRtpPacketSink, IDisposable
{
    private static readonly TimeSpan CheckInterval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan ConsentInterval = TimeSpan.FromSeconds(2);

    private readonly Socket _socket;
    private readonly DtlsCertificate _certificate;
    private readonly object _sendLock = new();
    private readonly TaskCompletionSource _iceSucceeded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _closed = new();
    private IPEndPoint? _remote;
    private SocketAddress? _remoteAddress;
    private IceConnectivityCheck? _ice;
    private DtlsSession? _dtls;
    private SrtpContext? _sendContext;
    private SrtpContext? _receiveContext;
    private Thread? _receiveThread;
    private long _leanCount;
    private long _datagramsReceived, _srtpFailures, _rtpReceived, _rtcpReceived, _packetsSent, _sendFailures;

    public SyntheticConnection(DtlsCertificate? certificate = null, IPAddress? localAddress = null, int socketBufferSize = 4 * 1024 * 1024)
    {
        _certificate = certificate ?? DtlsCertificate.Generate();
        LocalIce = IceCredentials.Generate();
        IPAddress bind = localAddress ?? IPAddress.Loopback;
        _socket = new Socket(bind.AddressFamily, SocketType.Dgram, ProtocolType.Udp)
        {
            ReceiveBufferSize = socketBufferSize,
            SendBufferSize = socketBufferSize,
        };
        _socket.Bind(new IPEndPoint(bind, 0));
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
    }

    public IceCredentials LocalIce { get; }

    /// <summary>
    /// Load mode: read with recvmmsg batches (Linux) and hand SRTP packets up without decrypting them — the
    /// RTP header is in the clear (RFC 3711 §3.1), enough to count sequence gaps — authenticating and
    /// decrypting only every <see cref="VerifyEvery"/>th one so a broken SFU still shows as SRTP failures.
    /// </summary>
    public bool LeanReceive { get; init; }

    /// <summary>With <see cref="LeanReceive"/>: one in this many RTP packets is unprotected (a power of two).</summary>
    public int VerifyEvery { get; init; } = 64;

    /// <summary>
    /// With <see cref="LeanReceive"/>: when set, the receive thread never sleeps inside the kernel. It reads
    /// with MSG_DONTWAIT until the socket is drained and then sleeps this long, like a media client that
    /// empties its socket on a playout tick. A receiver blocked in recvmmsg makes every datagram the SFU
    /// sends over loopback wake a thread on the other core (an inter-processor interrupt, charged to the
    /// SFU's send call), a cost an SFU sending to a network card never pays; the throughput bench uses this
    /// so that the SFU's CPU figure is the SFU's. The socket buffer (4 MiB) holds far more than one tick.
    /// </summary>
    public TimeSpan? PollInterval { get; init; }

    public LocalTransportParameters Local => new(LocalIce, _certificate.Fingerprint);

    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Gets the media after SRTP unprotect; set it before <see cref="ConnectAsync"/>.</summary>
    public IRtpReceiver? Receiver { get; set; }

    public bool IsConnected => Volatile.Read(ref _receiveContext) is not null && !_closed.IsCancellationRequested;

    public SrtpProfile? Profile { get; private set; }

    public string? DtlsProtocolVersion { get; private set; }

    /// <summary>Time from the first check to SRTP keys.</summary>
    public TimeSpan ConnectTime { get; private set; }

    public long DatagramsReceived => Interlocked.Read(ref _datagramsReceived);

    public long RtpReceived => Interlocked.Read(ref _rtpReceived);

    public long RtcpReceived => Interlocked.Read(ref _rtcpReceived);

    /// <summary>SRTP/SRTCP packets that failed authentication, replay checks or parsing.</summary>
    public long SrtpFailures => Interlocked.Read(ref _srtpFailures);

    public long PacketsSent => Interlocked.Read(ref _packetsSent);

    public long SendFailures => Interlocked.Read(ref _sendFailures);

    /// <summary>
    /// Runs ICE, DTLS and SRTP set-up against the SFU's transport; throws <see cref="TimeoutException"/>
    /// when ICE gets no answer or DTLS fails within <paramref name="timeout"/>.
    /// </summary>
    public async Task ConnectAsync(RemoteTransportDescription remote, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        if (_remote is not null) throw new InvalidOperationException("Already connecting.");
        TimeSpan limit = timeout ?? TimeSpan.FromSeconds(10);
        long start = Stopwatch.GetTimestamp();
        _remote = remote.Candidate;
        _remoteAddress = remote.Candidate.Serialize();
        _ice = new IceConnectivityCheck(LocalIce.UsernameFragment, remote.IceUfrag, remote.IcePwd);
        _dtls = DtlsSession.CreateClient(_certificate, remote.Fingerprints, datagram => SendDatagram(datagram));
        _receiveThread = new Thread(LeanReceive && Sfu.Node.LinuxUdp.IsSupported ? BatchedReceiveLoop : ReceiveLoop) { IsBackground = true, Name = "synthetic-rx" };
        _receiveThread.Start();

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closed.Token);
        linked.CancelAfter(limit);
        byte[] request = new byte[256];
        while (!_iceSucceeded.Task.IsCompleted)
        {
            int length = _ice.WriteRequest(request);
            SendDatagram(request.AsSpan(0, length));
            try
            {
                await Task.WhenAny(_iceSucceeded.Task, Task.Delay(CheckInterval, linked.Token)).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            if (linked.IsCancellationRequested && !_iceSucceeded.Task.IsCompleted)
            {
                cancellationToken.ThrowIfCancellationRequested();
                throw new TimeoutException($"ICE: no authenticated Binding response from {_remote} within {limit.TotalSeconds:0.#} s.");
            }
        }

        DtlsHandshakeOutcome outcome = await _dtls.HandshakeAsync().WaitAsync(linked.Token).ConfigureAwait(false);
        if (!outcome.Succeeded)
            throw new TimeoutException($"DTLS handshake failed: {outcome.FailureReason}");
        DtlsSrtpResult keys = outcome.Result!;
        if (!SrtpProfiles.TryFromDtlsProtectionProfile((int)keys.Profile, out SrtpProfile profile))
            throw new InvalidOperationException($"Unsupported SRTP profile {keys.Profile}.");
        var material = SrtpKeyingMaterial.Split(keys.KeyingMaterial, profile, isServer: false);
        Profile = profile;
        DtlsProtocolVersion = keys.ProtocolVersion;
        lock (_sendLock) _sendContext = material.CreateSendContext();
        Volatile.Write(ref _receiveContext, material.CreateReceiveContext());
        ConnectTime = Stopwatch.GetElapsedTime(start);
        _ = KeepConsentAsync();
    }

    /// <inheritdoc />
    public bool SendRtp(Span<byte> buffer, int length) => Protect(buffer, length, rtcp: false);

    /// <summary>Protects (SRTCP, RFC 3711 §3.4) and sends one compound RTCP packet; the buffer needs room for the trailer.</summary>
    public bool SendRtcp(Span<byte> buffer, int length) => Protect(buffer, length, rtcp: true);

    public void Dispose()
    {
        if (_closed.IsCancellationRequested) return;
        _closed.Cancel();
        _dtls?.Close();
        _socket.Dispose();
        _receiveThread?.Join(TimeSpan.FromSeconds(2));
        _ice?.Dispose();
        lock (_sendLock) _sendContext?.Dispose();
        _receiveContext?.Dispose();
    }

    private bool Protect(Span<byte> buffer, int length, bool rtcp)
    {
        lock (_sendLock)
        {
            if (_sendContext is null || _closed.IsCancellationRequested)
            {
                _sendFailures++;
                return false;
            }

            SrtpResult result = rtcp
                ? _sendContext.ProtectRtcp(buffer, length, out int protectedLength)
                : _sendContext.ProtectRtp(buffer, length, out protectedLength);
            if (result != SrtpResult.Ok)
            {
                _sendFailures++;
                return false;
            }

            return SendDatagram(buffer.Slice(0, protectedLength));
        }
    }

    private bool SendDatagram(ReadOnlySpan<byte> datagram)
    {
        try
        {
            _socket.SendTo(datagram, SocketFlags.None, _remote!);
            Interlocked.Increment(ref _packetsSent);
            return true;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            Interlocked.Increment(ref _sendFailures);
            return false;
        }
    }

    private async Task KeepConsentAsync()
    {
        byte[] request = new byte[256];
        try
        {
            while (!_closed.IsCancellationRequested)
            {
                await Task.Delay(ConsentInterval, _closed.Token).ConfigureAwait(false);
                int length;
                lock (_sendLock) length = _ice!.WriteRequest(request);
                SendDatagram(request.AsSpan(0, length));
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void ReceiveLoop()
    {
        byte[] buffer = new byte[2048];
        var from = new SocketAddress(_socket.AddressFamily);
        while (!_closed.IsCancellationRequested)
        {
            int length;
            try
            {
                length = _socket.ReceiveFrom(buffer, SocketFlags.None, from);
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.MessageSize)
            {
                continue; // ICMP port unreachable from an earlier send, or an oversized datagram
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }

            long arrival = Stopwatch.GetTimestamp();
            if (length == 0 || !from.Equals(_remoteAddress)) continue;
            Interlocked.Increment(ref _datagramsReceived);
            Span<byte> datagram = buffer.AsSpan(0, length);
            byte first = datagram[0];
            if (first <= 3)
            {
                if (_ice!.IsSuccessResponse(datagram)) _iceSucceeded.TrySetResult();
            }
            else if (first is >= 20 and <= 63)
            {
                _dtls?.TryEnqueueDatagram(datagram);
            }
            else if (first is >= 128 and <= 191)
            {
                HandleSrtp(datagram, arrival);
            }
        }
    }

    private unsafe void BatchedReceiveLoop()
    {
        using var batch = new Sfu.Node.DatagramBatch(64, 2048);
        var from = new SocketAddress(_socket.AddressFamily);
        _socket.ReceiveTimeout = 250;
        TimeSpan? poll = PollInterval;
        int flags = poll is null ? Sfu.Node.LinuxUdp.MsgWaitForOne : Sfu.Node.LinuxUdp.MsgDontWait;
        int used = batch.Capacity;
        bool drained = false;
        while (!_closed.IsCancellationRequested)
        {
            if (drained && poll is { } interval)
            {
                Thread.Sleep(interval); // the socket was empty: wait for the next tick
            }

            batch.ResetForReceive(used);
            used = 0;
            int received;
            bool added = false;
            try
            {
                _socket.SafeHandle.DangerousAddRef(ref added);
                received = Sfu.Node.LinuxUdp.RecvMMsg((int)_socket.SafeHandle.DangerousGetHandle(), batch.Headers, (uint)batch.Capacity, flags, null);
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            finally
            {
                if (added) _socket.SafeHandle.DangerousRelease();
            }

            drained = received < batch.Capacity;
            if (received <= 0) continue; // timeout (we look at _closed), EINTR, EAGAIN, or an ICMP error
            used = received;
            long arrival = Stopwatch.GetTimestamp();
            for (int i = 0; i < received; i++)
            {
                if (batch.IsTruncated(i) || !batch.TryCopySource(i, from) || !from.Equals(_remoteAddress)) continue;
                Span<byte> datagram = batch.Received(i);
                if (datagram.IsEmpty) continue;
                Interlocked.Increment(ref _datagramsReceived);
                byte first = datagram[0];
                if (first <= 3)
                {
                    if (_ice!.IsSuccessResponse(datagram)) _iceSucceeded.TrySetResult();
                }
                else if (first is >= 20 and <= 63)
                {
                    _dtls?.TryEnqueueDatagram(datagram);
                }
                else if (first is >= 128 and <= 191)
                {
                    HandleSrtp(datagram, arrival);
                }
            }
        }
    }

    private void HandleSrtp(Span<byte> datagram, long arrival)
    {
        SrtpContext? context = Volatile.Read(ref _receiveContext);
        if (context is null || datagram.Length < 2) return;
        bool rtcp = datagram[1] is >= 192 and <= 223;
        if (LeanReceive && !rtcp && (++_leanCount & (VerifyEvery - 1)) != 0)
        {
            // Unverified: only the clear-text header is used (sequence number for gap counting).
            Interlocked.Increment(ref _rtpReceived);
            Receiver?.OnRtp(datagram, arrival);
            return;
        }

        if (rtcp)
        {
            if (context.UnprotectRtcp(datagram, out int length) != SrtpResult.Ok)
            {
                Interlocked.Increment(ref _srtpFailures);
                return;
            }

            Interlocked.Increment(ref _rtcpReceived);
            Receiver?.OnRtcp(datagram.Slice(0, length));
        }
        else
        {
            if (context.UnprotectRtp(datagram, out int length) != SrtpResult.Ok)
            {
                Interlocked.Increment(ref _srtpFailures);
                return;
            }

            Interlocked.Increment(ref _rtpReceived);
            Receiver?.OnRtp(datagram.Slice(0, length), arrival);
        }
    }
}
