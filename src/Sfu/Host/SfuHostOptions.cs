using System.Net;
using System.Text;

namespace RedConnect.Sfu.Host;

/// <summary>
/// rc-sfu configuration, section "Sfu": appsettings.json, then environment variables <c>RC_SFU__Port=…</c>
/// (<c>__</c> for nesting), then the command line <c>--Sfu:Port=7882</c>. <see cref="Validate"/> names every bad value.
/// </summary>
public sealed class SfuHostOptions
{
    public const string Section = "Sfu";

    /// <summary>Address of the UDP media socket.</summary>
    public string ListenAddress { get; set; } = "0.0.0.0";

    /// <summary>The one UDP media port (0 = ephemeral, for tests).</summary>
    public int Port { get; set; } = 7882;

    /// <summary>Addresses put in ICE candidates (the public address behind NAT); empty = the machine's own.</summary>
    public string[] AnnouncedAddresses { get; set; } = [];

    /// <summary>Where the HTTP control API listens; loopback unless another node must reach it.</summary>
    public string ControlAddress { get; set; } = "127.0.0.1";

    /// <summary>HTTP control API port (0 = ephemeral).</summary>
    public int ControlPort { get; set; } = 7883;

    /// <summary>Shared secret for request signatures between signaling and this node (≥ 32 bytes of UTF-8).</summary>
    public string NodeSecret { get; set; } = string.Empty;

    /// <summary>Shared secret the signaling signs room tokens with (≥ 16 bytes of UTF-8).</summary>
    public string RoomTokenSecret { get; set; } = string.Empty;

    /// <summary>Receive loops on the media port; 0 = one per core.</summary>
    public int ReceiveLoops { get; set; }

    /// <summary>Seconds without an ICE check after which a peer's consent is gone and its connection closes (RFC 7675: 30).</summary>
    public int ConsentTimeoutSeconds { get; set; } = 30;

    /// <summary>Seconds a connection may take to finish ICE and DTLS once its offer or answer is known.</summary>
    public int ConnectTimeoutSeconds { get; set; } = 15;

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!IPAddress.TryParse(ListenAddress, out _)) errors.Add($"Sfu:ListenAddress must be an IP address (got '{ListenAddress}').");
        if (Port is < 0 or > 65535) errors.Add($"Sfu:Port must be 0–65535 (got {Port}).");
        foreach (string address in AnnouncedAddresses)
        {
            if (!IPAddress.TryParse(address, out _)) errors.Add($"Sfu:AnnouncedAddresses contains '{address}', which is not an IP address.");
        }

        if (!IPAddress.TryParse(ControlAddress, out _)) errors.Add($"Sfu:ControlAddress must be an IP address (got '{ControlAddress}').");
        if (ControlPort is < 0 or > 65535) errors.Add($"Sfu:ControlPort must be 0–65535 (got {ControlPort}).");
        if (Port != 0 && Port == ControlPort) errors.Add("Sfu:Port and Sfu:ControlPort must differ.");
        if (Encoding.UTF8.GetByteCount(NodeSecret) < 32) errors.Add("Sfu:NodeSecret must be at least 32 bytes (set RC_SFU__NodeSecret); it signs control requests.");
        if (Encoding.UTF8.GetByteCount(RoomTokenSecret) < 16) errors.Add("Sfu:RoomTokenSecret must be at least 16 bytes (set RC_SFU__RoomTokenSecret); it verifies room tokens.");
        if (ReceiveLoops is < 0 or > 256) errors.Add($"Sfu:ReceiveLoops must be 0–256 (got {ReceiveLoops}).");
        if (ConsentTimeoutSeconds is < 5 or > 300) errors.Add($"Sfu:ConsentTimeoutSeconds must be 5–300 (got {ConsentTimeoutSeconds}); RFC 7675 suggests 30.");
        if (ConnectTimeoutSeconds is < 2 or > 120) errors.Add($"Sfu:ConnectTimeoutSeconds must be 2–120 (got {ConnectTimeoutSeconds}).");
        return errors;
    }
}
