using RedConnect.Sfu.Dtls;
using RedConnect.Sfu.Node;
using RedConnect.Sfu.Routing;
using RedConnect.Sfu.Sdp;

namespace RedConnect.Sfu.Tests.Routing;

/// <summary>
/// A transport at the routing seam that records what routing sends (plain RTP and RTCP, as a real
/// transport would receive them before protecting) and lets a test play the browser's side by calling
/// the listener the room registered.
/// </summary>
internal sealed class RecordingTransport(string id, IMediaTransportListener listener) : ISignaledTransport
{
    private readonly Lock _sync = new();
    private readonly List<byte[]> _rtp = [];
    private readonly List<byte[]> _rtcp = [];

    public string Id { get; } = id;

    public IMediaTransportListener Listener { get; } = listener;

    public bool IsConnected { get; set; } = true;

    public bool Closed { get; private set; }

    public RemoteTransportParameters? Remote { get; private set; }

    public SdpTransportParameters LocalParameters { get; } = new(
        "sfu" + id,
        "sfuPassword0123456789abcdef",
        "sha-256 " + string.Join(':', Enumerable.Repeat("AB", 32)),
        [SdpCandidate.Host("1", "127.0.0.1", 7882)]);

    public long SrtpFailures => 0;

    public IReadOnlyList<byte[]> SentRtp { get { lock (_sync) return [.. _rtp]; } }

    public IReadOnlyList<byte[]> SentRtcp { get { lock (_sync) return [.. _rtcp]; } }

    public bool SendRtp(ReadOnlySpan<byte> rtp)
    {
        if (!IsConnected || Closed) return false;
        lock (_sync) _rtp.Add(rtp.ToArray());
        return true;
    }

    public bool SendRtcp(ReadOnlySpan<byte> rtcp)
    {
        if (!IsConnected || Closed) return false;
        lock (_sync) _rtcp.Add(rtcp.ToArray());
        return true;
    }

    public void SetRemoteParameters(string iceUfrag, string icePwd, IReadOnlyList<DtlsFingerprint> fingerprints) =>
        Remote = new RemoteTransportParameters(iceUfrag, icePwd, fingerprints);

    public void Clear()
    {
        lock (_sync)
        {
            _rtp.Clear();
            _rtcp.Clear();
        }
    }

    public void Close()
    {
        if (Closed) return;
        Closed = true;
        Listener.OnClosed(this, TransportCloseReason.Closed);
    }
}

internal sealed class RecordingTransportFactory : ITransportFactory
{
    private int _next;

    public List<RecordingTransport> Created { get; } = [];

    public ISignaledTransport CreateTransport(IMediaTransportListener listener)
    {
        var transport = new RecordingTransport((++_next).ToString(System.Globalization.CultureInfo.InvariantCulture), listener);
        lock (Created) Created.Add(transport);
        return transport;
    }
}
