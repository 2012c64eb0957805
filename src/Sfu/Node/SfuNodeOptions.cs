using System.Net;
using RedConnect.Sfu.Dtls;

namespace RedConnect.Sfu.Node;

/// <summary>Configuration of an <see cref="SfuNode"/> (bind with the options pattern in the host).</summary>
public sealed class SfuNodeOptions
{
    /// <summary>Address the media socket binds: 127.0.0.1 by default (tests), 0.0.0.0 or :: (dual-stack) in production.</summary>
    public IPAddress ListenAddress { get; set; } = IPAddress.Loopback;

    /// <summary>The single UDP media port (ARCHITECTURE.md: 7882); 0 picks an ephemeral port.</summary>
    public int Port { get; set; } = 7882;

    /// <summary>
    /// Addresses written into our host candidates. Empty: the listen address, or when that is a wildcard
    /// the machine's up, non-loopback unicast addresses. Behind NAT put the public address here.
    /// </summary>
    public IList<IPAddress> AnnouncedAddresses { get; set; } = new List<IPAddress>();

    /// <summary>Receive loops, one socket each sharing the port (SO_REUSEPORT on Linux); one per core by default.</summary>
    public int ReceiveLoops { get; set; } = Environment.ProcessorCount;

    /// <summary>RFC 7675 §5.1: close a transport when no authenticated check arrived for this long.</summary>
    public TimeSpan ConsentTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Close a transport that is not connected (ICE and DTLS) this long after the peer's parameters were set
    /// (<see cref="WebRtcTransport.SetRemoteParameters"/>: the offer or answer arrived). A transport nobody
    /// has signaled yet — a subscriber connection while its participant is alone — has no deadline; its
    /// participant's signaling decides how long it lives.
    /// </summary>
    public TimeSpan IceConnectTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The node's DTLS certificate; null generates one at start (its fingerprint goes in every SDP).</summary>
    public DtlsCertificate? Certificate { get; set; }

    /// <summary>DTLS tunables (SRTP profiles in preference order, handshake timeout).</summary>
    public DtlsSessionOptions Dtls { get; set; } = new();

    /// <summary>Socket receive buffer (SO_RCVBUF) per receive loop; the kernel caps it at net.core.rmem_max.</summary>
    public int SocketReceiveBufferSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>Socket send buffer (SO_SNDBUF); capped at net.core.wmem_max.</summary>
    public int SocketSendBufferSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// Read and write datagrams in batches with recvmmsg/sendmmsg (Linux x64/arm64; ignored elsewhere, where
    /// the per-packet socket calls are used). On by default: on our VMs it triples the forwarding ceiling.
    /// </summary>
    public bool BatchedIo { get; set; } = true;

    /// <summary>
    /// Measure the node's forwarding delay (<see cref="NodeStats.ForwardingDelay"/>): the kernel stamps every
    /// datagram's arrival (SO_TIMESTAMPNS) and each batched receive loop records, per RTP/RTCP datagram, the time
    /// until its batch was sent. Costs a timestamp and a control message per datagram, so off by default; only
    /// with <see cref="BatchedIo"/> in effect.
    /// </summary>
    public bool MeasureForwardingDelay { get; set; }

    /// <summary>Datagrams per recvmmsg/sendmmsg call when <see cref="BatchedIo"/> is on (1..1024).</summary>
    public int IoBatchSize { get; set; } = 32;

    /// <summary>Largest number of transports open at once; <see cref="SfuNode.CreateTransport"/> refuses more.</summary>
    public int MaxTransports { get; set; } = 10_000;

    /// <summary>Every problem with these values, one clear sentence each; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (ListenAddress is null)
        {
            errors.Add("Sfu:ListenAddress is required (an IPv4 or IPv6 address, e.g. 0.0.0.0).");
        }

        if (Port is < 0 or > 65535)
        {
            errors.Add($"Sfu:Port must be 0..65535 (0 = ephemeral), not {Port}.");
        }

        if (ReceiveLoops is < 1 or > 256)
        {
            errors.Add($"Sfu:ReceiveLoops must be 1..256, not {ReceiveLoops}.");
        }

        if (ConsentTimeout <= TimeSpan.Zero)
        {
            errors.Add("Sfu:ConsentTimeout must be positive (RFC 7675 suggests 30 s).");
        }

        if (IceConnectTimeout <= TimeSpan.Zero)
        {
            errors.Add("Sfu:IceConnectTimeout must be positive.");
        }

        if (IoBatchSize is < 1 or > 1024)
        {
            errors.Add($"Sfu:IoBatchSize must be 1..1024, not {IoBatchSize}.");
        }

        if (MaxTransports < 1)
        {
            errors.Add("Sfu:MaxTransports must be at least 1.");
        }

        foreach (IPAddress address in AnnouncedAddresses ?? [])
        {
            if (address is null || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
            {
                errors.Add("Sfu:AnnouncedAddresses must be concrete addresses a browser can reach, not a wildcard.");
            }
        }

        return errors;
    }
}
