using System.Net;
using System.Text;
using Microsoft.Extensions.Options;
using RedConnect.Portal.Data;
using RedConnect.Portal.Security;
using RedConnect.Sfu.Node;
using RedConnect.Sfu.Node.Control;
using RedConnect.Sfu.Routing;
using RedConnect.Signaling.Conference;

namespace RedConnect.Portal.Hosting;

/// <summary>
/// Settings of the portal's SFU connection (section <c>Sfu</c>). All-in-one (default): the SFU runs inside the
/// portal on one UDP port. With <see cref="ControlUrl"/> the portal drives a separate rc-sfu over its signed
/// HTTP control API instead (then <see cref="RoomTokenSecret"/> must equal that node's).
/// </summary>
public sealed class PortalSfuOptions
{
    public const string SectionName = "Sfu";

    /// <summary>Run the SFU in this process (ignored when <see cref="ControlUrl"/> is set).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Address of the UDP media socket; the machine's addresses are announced unless <see cref="AnnouncedAddresses"/> says otherwise.</summary>
    public string ListenAddress { get; set; } = "0.0.0.0";

    /// <summary>The one UDP media port (ARCHITECTURE.md: 7882); 0 = ephemeral.</summary>
    public int Port { get; set; } = 7882;

    /// <summary>Addresses put in the SFU's ICE candidates (the public address behind NAT); empty = the machine's own.</summary>
    public List<string> AnnouncedAddresses { get; set; } = [];

    /// <summary>Receive loops on the media port; 0 = one per core.</summary>
    public int ReceiveLoops { get; set; }

    /// <summary>Seconds without an ICE check after which a peer's consent is gone and its connection closes (RFC 7675: 30).</summary>
    public int ConsentTimeoutSeconds { get; set; } = 30;

    /// <summary>Seconds a connection may take to finish ICE and DTLS once its offer or answer is known.</summary>
    public int ConnectTimeoutSeconds { get; set; } = 15;

    /// <summary>Key of the room tokens (UTF-8, ≥ 16 bytes). Empty: generated once into <c>&lt;Data:Directory&gt;/sfu-room-token.key</c>.</summary>
    public string? RoomTokenSecret { get; set; }

    /// <summary>Largest room a token may open (KBV group therapy: eight participants and a therapist).</summary>
    public int MaxParticipantsPerRoom { get; set; } = 9;

    /// <summary>Base URL of a remote rc-sfu control API (e.g. http://10.0.0.5:7883); empty = in-process or none.</summary>
    public string? ControlUrl { get; set; }

    /// <summary>Shared secret signing control requests to the remote rc-sfu (UTF-8, ≥ 32 bytes).</summary>
    public string? NodeSecret { get; set; }

    public bool IsRemote => !string.IsNullOrWhiteSpace(ControlUrl);

    /// <summary>Every problem, one sentence each; empty when usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (IsRemote)
        {
            if (!Uri.TryCreate(ControlUrl, UriKind.Absolute, out Uri? url) || url.Scheme is not ("http" or "https"))
                errors.Add($"Sfu:ControlUrl must be an absolute http(s) URL, not '{ControlUrl}'.");
            if (Encoding.UTF8.GetByteCount(NodeSecret ?? string.Empty) < 32)
                errors.Add("Sfu:NodeSecret must be at least 32 bytes when Sfu:ControlUrl is set (the rc-sfu's RC_SFU__NodeSecret).");
            if (string.IsNullOrEmpty(RoomTokenSecret))
                errors.Add("Sfu:RoomTokenSecret must be set to the rc-sfu's RC_SFU__RoomTokenSecret when Sfu:ControlUrl is set.");
        }
        else if (Enabled)
        {
            if (!IPAddress.TryParse(ListenAddress, out _)) errors.Add($"Sfu:ListenAddress must be an IP address, not '{ListenAddress}'.");
            if (Port is < 0 or > 65535) errors.Add($"Sfu:Port must be 0–65535 (0 = ephemeral), not {Port}.");
            foreach (string address in AnnouncedAddresses)
            {
                if (!IPAddress.TryParse(address, out _)) errors.Add($"Sfu:AnnouncedAddresses contains '{address}', which is not an IP address.");
            }

            if (ReceiveLoops is < 0 or > 256) errors.Add($"Sfu:ReceiveLoops must be 0–256 (0 = one per core), not {ReceiveLoops}.");
            if (ConsentTimeoutSeconds is < 5 or > 300) errors.Add($"Sfu:ConsentTimeoutSeconds must be 5–300 (RFC 7675 suggests 30), not {ConsentTimeoutSeconds}.");
            if (ConnectTimeoutSeconds is < 2 or > 120) errors.Add($"Sfu:ConnectTimeoutSeconds must be 2–120, not {ConnectTimeoutSeconds}.");
        }

        if (!string.IsNullOrEmpty(RoomTokenSecret) && Encoding.UTF8.GetByteCount(RoomTokenSecret) < RoomToken.MinimumSecretLength)
            errors.Add($"Sfu:RoomTokenSecret must be at least {RoomToken.MinimumSecretLength} bytes.");
        if (MaxParticipantsPerRoom is < 2 or > RoomToken.MaxParticipantsLimit)
            errors.Add($"Sfu:MaxParticipantsPerRoom must be 2–{RoomToken.MaxParticipantsLimit}, not {MaxParticipantsPerRoom}.");
        return errors;
    }
}

/// <summary>
/// All-in-one mode (ARCHITECTURE.md): the portal hosts the SFU — an <see cref="SfuNode"/> on one UDP port and the
/// in-process <see cref="SfuControl"/> — and the conference signaling drives it. Or, with <c>Sfu:ControlUrl</c>, a
/// remote rc-sfu through <see cref="HttpSfuControl"/>. Or neither (<c>Sfu:Enabled=false</c>): conference joins
/// are then answered "unavailable".
/// </summary>
public static class InProcessSfu
{
    /// <summary>How long one control request to a remote rc-sfu may take; beyond the longest subscriber-offer poll.</summary>
    private static readonly TimeSpan RemoteTimeout = TimeSpan.FromSeconds(75);

    public static IServiceCollection AddRedConnectSfu(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(PortalSfuOptions.SectionName).Get<PortalSfuOptions>() ?? new PortalSfuOptions();
        IReadOnlyList<string> errors = options.Validate();
        if (errors.Count > 0) throw new OptionsValidationException(PortalSfuOptions.SectionName, typeof(PortalSfuOptions), errors);

        services.AddSingleton(options);
        services.AddSingleton(sp => new RoomTokenKey(LoadSecret(options, sp.GetRequiredService<DataPaths>())));
        services.AddRedConnectConferences();
        services.AddOptions<ConferenceOptions>().Configure<RoomTokenKey>((conference, key) =>
        {
            conference.RoomTokenSecret = key.Secret;
            conference.MaxParticipantsPerRoom = options.MaxParticipantsPerRoom;
        });

        if (options.IsRemote)
        {
            services.AddSingleton<ISfuControl>(_ => new HttpSfuControl(
                new HttpClient { BaseAddress = new Uri(options.ControlUrl!), Timeout = RemoteTimeout },
                new ControlRequestSigner(Encoding.UTF8.GetBytes(options.NodeSecret!))));
        }
        else if (options.Enabled)
        {
            services.AddSingleton<SfuService>();
            services.AddSingleton<ISfuControl>(sp => sp.GetRequiredService<SfuService>().Control);
            services.AddHostedService(sp => sp.GetRequiredService<SfuService>());
        }

        return services;
    }

    /// <summary>The conference hub (<c>/hubs/conference</c>), whichever SFU serves it.</summary>
    public static IEndpointRouteBuilder MapRedConnectSfu(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapRedConnectConferences();

    private static byte[] LoadSecret(PortalSfuOptions options, DataPaths paths) =>
        string.IsNullOrEmpty(options.RoomTokenSecret)
            ? ServerKeyFile.LoadOrCreate(Path.Combine(paths.Directory, "sfu-room-token.key"))
            : Encoding.UTF8.GetBytes(options.RoomTokenSecret);

    /// <summary>The room token key shared by the signaling (which checks tokens) and the in-process SFU (which checks them again).</summary>
    private sealed record RoomTokenKey(byte[] Secret);

    /// <summary>The media node and its control, started with the portal and stopped with it: control first (rooms close), node last.</summary>
    private sealed class SfuService : IHostedService, IAsyncDisposable
    {
        private readonly SfuNode _node;
        private readonly PortalSfuOptions _options;
        private readonly ILogger _logger;
        private int _disposed;

        public SfuService(PortalSfuOptions options, RoomTokenKey key, ILoggerFactory loggers, TimeProvider time)
        {
            _options = options;
            _logger = loggers.CreateLogger("RedConnect.Sfu");
            var node = new SfuNodeOptions
            {
                ListenAddress = IPAddress.Parse(options.ListenAddress),
                Port = options.Port,
                AnnouncedAddresses = options.AnnouncedAddresses.Select(IPAddress.Parse).ToList(),
                ConsentTimeout = TimeSpan.FromSeconds(options.ConsentTimeoutSeconds),
                IceConnectTimeout = TimeSpan.FromSeconds(options.ConnectTimeoutSeconds),
            };
            if (options.ReceiveLoops > 0) node.ReceiveLoops = options.ReceiveLoops;
            _node = new SfuNode(node, loggers, time);
            Control = new SfuControl(key.Secret, new SfuNodeTransportFactory(_node), timeProvider: time);
        }

        public SfuControl Control { get; }

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            try
            {
                await _node.StartAsync(cancellationToken);
            }
            catch (System.Net.Sockets.SocketException exception)
            {
                throw new InvalidOperationException(
                    $"The in-process SFU could not listen on UDP {_options.ListenAddress}:{_options.Port} ({exception.Message}). " +
                    "Set Sfu:Port to a free port (0 = any), or Sfu:Enabled=false when rc-sfu runs separately (then Sfu:ControlUrl).", exception);
            }

            _logger.LogInformation("SFU in-process on UDP port {Port}", _node.Port);
        }

        public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            Control.Dispose();
            await _node.DisposeAsync();
        }
    }
}
