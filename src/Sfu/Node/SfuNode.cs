using System.Collections.Concurrent;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RedConnect.Sfu.Dtls;
using RedConnect.Sfu.Sdp;

namespace RedConnect.Sfu.Node;

/// <summary>
/// The SFU's media engine on one machine: one UDP port for every session (ARCHITECTURE.md: 7882), read by
/// one loop per core, demultiplexed per RFC 7983 into <see cref="WebRtcTransport"/>s, and one DTLS
/// certificate whose fingerprint every transport announces. Create transports with
/// <see cref="CreateTransport"/>; routing talks to them through <see cref="IMediaTransport"/>.
/// </summary>
public sealed class SfuNode : IAsyncDisposable
{
    // Linux: <asm-generic/socket.h>.

    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly ILogger _transportLogger;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, WebRtcTransport> _transports = new(StringComparer.Ordinal);
    private readonly NodeCounters _closedTotals = new();
    private readonly object _closedTotalsLock = new();
    private readonly List<ReceiveLoop> _loops = [];
    private ITimer? _timer;
    private DtlsCertificate? _certificate;
    private IReadOnlyList<SdpCandidate> _candidates = [];
    private int _started;
    private int _disposed;

    public SfuNode(SfuNodeOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger<SfuNode>();
        _transportLogger = _loggerFactory.CreateLogger<WebRtcTransport>();
        _time = timeProvider ?? TimeProvider.System;
    }

    public SfuNodeOptions Options { get; }

    /// <summary>The node's DTLS certificate (available after <see cref="StartAsync"/>).</summary>
    public DtlsCertificate Certificate => _certificate ?? throw new InvalidOperationException("The SFU node is not started.");

    /// <summary>The bound media port (the actual one when <see cref="SfuNodeOptions.Port"/> is 0).</summary>
    public int Port { get; private set; }

    /// <summary>The bound local endpoint.</summary>
    public IPEndPoint? LocalEndPoint { get; private set; }

    /// <summary>Host candidates every transport announces (RFC 8445 §5.1.1.1), one per announced address.</summary>
    public IReadOnlyList<SdpCandidate> LocalCandidates => _candidates;

    /// <summary>Open transports.</summary>
    public ICollection<WebRtcTransport> Transports => _transports.Values;

    /// <summary>Lifetime counters of the port and all its transports.</summary>
    public NodeStats Stats
    {
        get
        {
            var total = new NodeCounters();
            lock (_closedTotalsLock)
            {
                _closedTotals.AddTo(total);
            }

            DelayHistogram? delays = null;
            foreach (ReceiveLoop loop in _loops.ToArray())
            {
                loop.Counters.AddTo(total);
                if (loop.ForwardingDelay is { } loopDelays)
                {
                    delays ??= new DelayHistogram();
                    loopDelays.AddTo(delays);
                }
            }

            foreach (WebRtcTransport transport in _transports.Values)
            {
                TransportCounters.AddTo(transport.Stats, total);
            }

            return new NodeStats
            {
                PacketsReceived = total.PacketsReceived,
                BytesReceived = total.BytesReceived,
                PacketsSent = total.PacketsSent,
                BytesSent = total.BytesSent,
                MalformedStun = total.MalformedStun,
                MalformedDtls = total.MalformedDtls,
                MalformedRtp = total.MalformedRtp,
                MalformedRtcp = total.MalformedRtcp,
                SrtpAuthFailures = total.SrtpAuthFailures,
                SrtpReplays = total.SrtpReplays,
                UnauthenticatedStun = total.UnauthenticatedStun,
                UnknownSourceDatagrams = total.UnknownSourceDatagrams,
                Dropped = total.Dropped,
                ActiveTransports = _transports.Count,
                ForwardingDelay = delays?.Summarize(),
            };
        }
    }

    /// <summary>Starts a new window for <see cref="NodeStats.ForwardingDelay"/> (e.g. after a warm-up).</summary>
    public void ResetForwardingDelay()
    {
        foreach (ReceiveLoop loop in _loops.ToArray())
        {
            loop.ForwardingDelay?.Clear();
        }
    }

    internal MediaPortDemultiplexer Demultiplexer { get; } = new();

    /// <summary>
    /// Whether the receive loops use recvmmsg/sendmmsg: <see cref="SfuNodeOptions.BatchedIo"/> asked for it
    /// and the platform has it (Linux x64/arm64); otherwise the portable per-packet socket calls.
    /// </summary>
    public bool UsesBatchedIo => Options.BatchedIo && LinuxUdp.IsSupported;

    /// <summary>
    /// Validates the options, creates or takes the certificate, binds the port with one socket per receive
    /// loop and starts the loops and the timer that enforces connect and consent timeouts.
    /// </summary>
    /// <exception cref="InvalidOperationException">Invalid options (every problem listed) or started twice.</exception>
    /// <exception cref="SocketException">The port is taken.</exception>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        IReadOnlyList<string> errors = Options.Validate();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("Invalid SFU options: " + string.Join(" ", errors));
        }

        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("The SFU node is already started.");
        }

        _certificate = Options.Certificate ?? DtlsCertificate.Generate(_time);
        List<Socket> sockets = BindSockets();
        LocalEndPoint = (IPEndPoint)sockets[0].LocalEndPoint!;
        Port = LocalEndPoint.Port;
        _candidates = CreateCandidates(Port);
        int batchSize = UsesBatchedIo ? Options.IoBatchSize : 0;
        for (int i = 0; i < sockets.Count; i++)
        {
            var loop = new ReceiveLoop(this, sockets[i], i, Demultiplexer, _logger, batchSize);
            _loops.Add(loop);
            loop.Start();
        }

        TimeSpan shortest = Options.ConsentTimeout < Options.IceConnectTimeout ? Options.ConsentTimeout : Options.IceConnectTimeout;
        TimeSpan period = TimeSpan.FromTicks(Math.Clamp(shortest.Ticks / 4, TimeSpan.TicksPerMillisecond * 10, TimeSpan.TicksPerSecond));
        _timer = _time.CreateTimer(static state => ((SfuNode)state!).CheckTimers(), this, period, period);
        NodeLog.Listening(_logger, LocalEndPoint.ToString(), _loops.Count, batchSize > 0 ? $"recvmmsg/sendmmsg × {batchSize}" : "per packet", string.Join(", ", _candidates.Select(c => $"{c.Address}:{c.Port}")));
        return Task.CompletedTask;
    }

    /// <summary>
    /// A new transport with fresh ICE credentials, reachable as soon as it is returned. Put its
    /// <see cref="WebRtcTransport.LocalParameters"/> in the SDP and call
    /// <see cref="WebRtcTransport.SetRemoteParameters"/> with the peer's.
    /// </summary>
    /// <exception cref="InvalidOperationException">Not started, disposed, or <see cref="SfuNodeOptions.MaxTransports"/> reached.</exception>
    public WebRtcTransport CreateTransport(IMediaTransportListener listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        if (Volatile.Read(ref _started) == 0 || Volatile.Read(ref _disposed) != 0)
        {
            throw new InvalidOperationException("The SFU node is not running.");
        }

        if (_transports.Count >= Options.MaxTransports)
        {
            throw new InvalidOperationException($"The SFU node has reached its limit of {Options.MaxTransports} transports.");
        }

        while (true)
        {
            string id = "t-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
            var transport = new WebRtcTransport(this, listener, id, _transportLogger, _time);
            // A ufrag collision (48 random bits) is astronomically unlikely; try again rather than misroute.
            if (!Demultiplexer.TryAddUfrag(transport.LocalIceUfrag, transport))
            {
                continue;
            }

            _transports[id] = transport;
            NodeLog.TransportCreated(_logger, id);
            return transport;
        }
    }

    /// <summary>Finds an open transport by <see cref="WebRtcTransport.Id"/>.</summary>
    public bool TryGetTransport(string id, out WebRtcTransport? transport) => _transports.TryGetValue(id, out transport);

    /// <summary>Closes every transport (reason <see cref="TransportCloseReason.Closed"/>), then the port.</summary>
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return ValueTask.CompletedTask;
        }

        _timer?.Dispose();
        foreach (WebRtcTransport transport in _transports.Values)
        {
            transport.Close(TransportCloseReason.Closed);
        }

        foreach (ReceiveLoop loop in _loops)
        {
            loop.Stop();
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>The receive loop a test or benchmark injects datagrams through.</summary>
    internal ReceiveLoop GetReceiveLoop(int index) => _loops[index];

    internal void OnTransportClosed(WebRtcTransport transport)
    {
        if (_transports.TryRemove(new KeyValuePair<string, WebRtcTransport>(transport.Id, transport)))
        {
            lock (_closedTotalsLock)
            {
                TransportCounters.AddTo(transport.Stats, _closedTotals);
            }
        }
    }

    private void CheckTimers()
    {
        foreach (WebRtcTransport transport in _transports.Values)
        {
            try
            {
                transport.CheckTimers();
            }
            catch (Exception exception)
            {
                NodeLog.DispatchError(_logger, exception);
            }
        }
    }

    private List<Socket> BindSockets()
    {
        // Several sockets on one port need SO_REUSEPORT (Linux spreads flows across them by 4-tuple hash).
        bool reusePort = Options.ReceiveLoops > 1 && OperatingSystem.IsLinux();
        int loops = reusePort ? Options.ReceiveLoops : 1;
        var endPoint = new IPEndPoint(Options.ListenAddress, Options.Port);
        for (int attempt = 0; ; attempt++)
        {
            if (reusePort && Options.Port == 0)
            {
                // An ephemeral bind with SO_REUSEPORT may be handed a port another reuse-port socket of this
                // user holds (Linux ignores compatible sockets in that search), so pick the port without it.
                using Socket probe = CreateSocket(reusePort: false);
                probe.Bind(endPoint);
                endPoint = new IPEndPoint(Options.ListenAddress, ((IPEndPoint)probe.LocalEndPoint!).Port);
            }

            var sockets = new List<Socket>(loops);
            try
            {
                for (int i = 0; i < loops; i++)
                {
                    Socket socket = CreateSocket(reusePort);
                    sockets.Add(socket);
                    socket.Bind(endPoint);
                    endPoint = (IPEndPoint)socket.LocalEndPoint!;
                }

                return sockets;
            }
            catch (SocketException) when (Options.Port == 0 && attempt < 5)
            {
                // Someone took the probed port in between: try another.
                sockets.ForEach(s => s.Dispose());
                endPoint = new IPEndPoint(Options.ListenAddress, 0);
            }
            catch
            {
                sockets.ForEach(s => s.Dispose());
                throw;
            }
        }
    }

    private Socket CreateSocket(bool reusePort)
    {
        var socket = new Socket(Options.ListenAddress.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (Options.ListenAddress.Equals(IPAddress.IPv6Any))
            {
                socket.DualMode = true;
            }

            if (reusePort)
            {
                socket.SetRawSocketOption(LinuxUdp.SolSocket, LinuxUdp.SoReusePort, BitConverter.GetBytes(1));
            }

            if (Options.MeasureForwardingDelay && UsesBatchedIo)
            {
                // Every datagram then carries its kernel arrival time (SCM_TIMESTAMPNS) to recvmmsg.
                socket.SetRawSocketOption(LinuxUdp.SolSocket, LinuxUdp.SoTimestampNs, BitConverter.GetBytes(1));
            }

            socket.ReceiveBufferSize = Options.SocketReceiveBufferSize;
            socket.SendBufferSize = Options.SocketSendBufferSize;
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private List<SdpCandidate> CreateCandidates(int port)
    {
        List<IPAddress> addresses = [.. Options.AnnouncedAddresses];
        if (addresses.Count == 0)
        {
            bool wildcard = Options.ListenAddress.Equals(IPAddress.Any) || Options.ListenAddress.Equals(IPAddress.IPv6Any);
            addresses = wildcard ? LocalUnicastAddresses(Options.ListenAddress.Equals(IPAddress.IPv6Any)) : [Options.ListenAddress];
        }

        var candidates = new List<SdpCandidate>(addresses.Count);
        for (int i = 0; i < addresses.Count; i++)
        {
            // RFC 8445 §5.1.2.1: distinct local preferences, the first announced address preferred.
            candidates.Add(SdpCandidate.Host((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                addresses[i].ToString(), port, localPreference: 65535 - i));
        }

        return candidates;
    }

    private static List<IPAddress> LocalUnicastAddresses(bool includeIPv6)
    {
        var result = new List<IPAddress>();
        foreach (NetworkInterface nic in NetworkInterface.GetAllNetworkInterfaces())
        {
            if (nic.OperationalStatus != OperationalStatus.Up || nic.NetworkInterfaceType == NetworkInterfaceType.Loopback)
            {
                continue;
            }

            foreach (UnicastIPAddressInformation unicast in nic.GetIPProperties().UnicastAddresses)
            {
                IPAddress address = unicast.Address;
                if (address.AddressFamily == AddressFamily.InterNetwork
                    || (includeIPv6 && address.AddressFamily == AddressFamily.InterNetworkV6 && !address.IsIPv6LinkLocal))
                {
                    result.Add(address);
                }
            }
        }

        return result.Count > 0 ? result : [IPAddress.Loopback];
    }
}
