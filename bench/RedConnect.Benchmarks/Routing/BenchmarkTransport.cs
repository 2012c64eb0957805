using RedConnect.Sfu.Dtls;
using RedConnect.Sfu.Node;
using RedConnect.Sfu.Routing;
using RedConnect.Sfu.Sdp;
using RedConnect.Sfu.Srtp;

namespace RedConnect.Benchmarks.Routing;

/// <summary>
/// A transport without a socket: SendRtp copies into its own buffer and protects with a real
/// <see cref="SrtpContext"/>, exactly the per-subscriber work WebRtcTransport does before sendto.
/// </summary>
internal sealed class BenchmarkTransport(string id, IMediaTransportListener listener, SrtpProfile profile) : ISignaledTransport
{
    private readonly SrtpContext _send = new(profile, new SrtpMasterKey(new byte[16], new byte[profile.SaltLength()]));
    private readonly byte[] _buffer = new byte[1600];

    public string Id { get; } = id;

    public IMediaTransportListener Listener { get; } = listener;

    public bool IsConnected => true;

    public long Protected { get; private set; }

    public SdpTransportParameters LocalParameters { get; } =
        new("benchUfrag", "benchPassword0123456789", "sha-256 " + string.Join(':', Enumerable.Repeat("AB", 32)), [SdpCandidate.Host("1", "127.0.0.1", 7882)]);

    public long SrtpFailures => 0;

    public bool SendRtp(ReadOnlySpan<byte> rtp)
    {
        rtp.CopyTo(_buffer);
        if (_send.ProtectRtp(_buffer, rtp.Length, out _) != SrtpResult.Ok) return false;
        Protected++;
        return true;
    }

    public bool SendRtcp(ReadOnlySpan<byte> rtcp)
    {
        rtcp.CopyTo(_buffer);
        return _send.ProtectRtcp(_buffer, rtcp.Length, out _) == SrtpResult.Ok;
    }

    public void SetRemoteParameters(string iceUfrag, string icePwd, IReadOnlyList<DtlsFingerprint> fingerprints) { }

    public void Close() { }
}

internal sealed class BenchmarkTransportFactory(SrtpProfile profile) : ITransportFactory
{
    public List<BenchmarkTransport> Created { get; } = [];

    public ISignaledTransport CreateTransport(IMediaTransportListener listener)
    {
        var transport = new BenchmarkTransport("t" + Created.Count, listener, profile);
        Created.Add(transport);
        return transport;
    }
}
