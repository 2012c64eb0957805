using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RedConnect.Turn.Allocations;
using RedConnect.Turn.Auth;
using RedConnect.Turn.Interop;
using RedConnect.Turn.Options;
using RedConnect.Turn.Protocol;
using RedConnect.Turn.Security;
using RedConnect.Turn.Transport;

namespace RedConnect.Turn.Server;

/// <summary>
/// The TURN server engine (RFC 8656): UDP, TCP and TLS listeners on the listening and alternate ports of
/// every listening address, relay pollers (one per core), the allocation manager and the lifetime sweep.
/// Linux only: the relay path uses recvmmsg/sendmmsg/epoll (see <see cref="LinuxSockets"/>).
/// </summary>
public sealed class TurnServer : ITurnServer
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(1);

    private readonly TurnServerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly List<UdpListener> _udp = [];
    private readonly List<StreamListener> _streams = [];
    private readonly List<ListenerEndpoint> _endpoints = [];
    private RelayPoller[] _pollers = [];
    private AllocationManager? _allocations;
    private ITimer? _sweep;
    private X509Certificate2? _certificate;
    private int _started;

    /// <summary>Creates a server for validated <paramref name="options"/> (see <see cref="TurnServerOptionsValidator"/>).</summary>
    public TurnServer(TurnServerOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _log = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("RedConnect.Turn");
    }

    /// <summary>Number of live allocations (diagnostics and tests).</summary>
    public int AllocationCount => _allocations?.Count ?? 0;

    /// <inheritdoc/>
    public Task StartAsync(CancellationToken ct)
    {
        if (!LinuxSockets.IsSupported)
        {
            throw new PlatformNotSupportedException("The RedConnect TURN engine needs Linux (recvmmsg/sendmmsg/epoll).");
        }

        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("The TURN server is already started.");
        }

        ct.ThrowIfCancellationRequested();
        try
        {
            Build();
        }
        catch
        {
            Stop();
            throw;
        }

        return Task.CompletedTask;
    }

    private void Build()
    {
        var cores = Math.Max(1, Environment.ProcessorCount);
        _pollers = new RelayPoller[cores];
        for (var i = 0; i < cores; i++)
        {
            _pollers[i] = new RelayPoller(i, _time, _log);
        }

        _allocations = new AllocationManager(_options.UserQuota, _options.TotalQuota, _time, _pollers, _log);
        var handler = new TurnRequestHandler(_options, new TurnAuthenticator(_options, _time), _allocations,
            PeerAddressPolicy.FromOptions(_options), new RelayAddressPlan(_options),
            new RelaySocketFactory(_options.MinPort, _options.MaxPort), _time, _log);

        if (_options.TlsEnabled())
        {
            _certificate = X509Certificate2.CreateFromPemFile(_options.CertificatePath!, _options.PrivateKeyPath);
        }

        foreach (var address in _options.GetListeningAddresses())
        {
            if (!_options.NoUdp)
            {
                var (main, alt) = Pair(ClientTransport.Udp, address, _options.ListeningPort, _options.AltListeningPort);
                StartUdp(main, cores, handler);
                if (alt is not null)
                {
                    StartUdp(alt, 1, handler);
                }
            }

            if (!_options.NoTcp)
            {
                var (main, alt) = Pair(ClientTransport.Tcp, address, _options.ListeningPort, _options.AltListeningPort);
                StartStream(main, handler, null);
                if (alt is not null)
                {
                    StartStream(alt, handler, null);
                }
            }

            if (_certificate is not null)
            {
                var (main, alt) = Pair(ClientTransport.Tls, address, _options.TlsListeningPort, _options.AltTlsListeningPort);
                StartStream(main, handler, _certificate);
                if (alt is not null)
                {
                    StartStream(alt, handler, _certificate);
                }
            }
        }

        foreach (var poller in _pollers)
        {
            poller.Start();
        }

        _sweep = _time.CreateTimer(_ => Sweep(), null, SweepInterval, SweepInterval);
        _log.LogInformation("TURN engine listening on {Count} endpoint(s), {Pollers} relay poller(s)", _endpoints.Count, cores);
    }

    /// <summary>Main and alternate endpoint; the alternate port exists unless RFC 5780 is switched off.</summary>
    private (ListenerEndpoint Main, ListenerEndpoint? Alt) Pair(ClientTransport transport, IPAddress address, int port, int altPort)
    {
        var main = new ListenerEndpoint(transport, new IPEndPoint(address, port), isAlternate: false);
        _endpoints.Add(main);
        if (_options.NoRfc5780)
        {
            return (main, null);
        }

        var alt = new ListenerEndpoint(transport, new IPEndPoint(address, altPort), isAlternate: true) { Partner = main };
        main.Partner = alt;
        _endpoints.Add(alt);
        return (main, alt);
    }

    private void StartUdp(ListenerEndpoint endpoint, int sockets, TurnRequestHandler handler)
    {
        var listener = new UdpListener(endpoint, handler, _log);
        _udp.Add(listener);
        listener.Start(sockets);
    }

    private void StartStream(ListenerEndpoint endpoint, TurnRequestHandler handler, X509Certificate2? certificate)
    {
        var listener = new StreamListener(endpoint, handler, _allocations!, certificate, _log);
        _streams.Add(listener);
        listener.Start();
    }

    private void Sweep()
    {
        try
        {
            _allocations?.Sweep();
        }
        catch (Exception ex)
        {
            _log.LogError(ex, "Lifetime sweep failed");
        }
    }

    /// <inheritdoc/>
    public async Task StopAsync(CancellationToken ct)
    {
        foreach (var stream in _streams)
        {
            await stream.DisposeAsync();
        }

        _streams.Clear();
        Stop();
    }

    private void Stop()
    {
        _sweep?.Dispose();
        _sweep = null;
        foreach (var udp in _udp)
        {
            udp.Dispose();
        }

        _udp.Clear();
        _allocations?.Dispose();
        foreach (var poller in _pollers)
        {
            poller.Dispose();
        }

        _pollers = [];
        _certificate?.Dispose();
        _certificate = null;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None);
}
