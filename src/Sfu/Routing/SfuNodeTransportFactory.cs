using RedConnect.Sfu.Dtls;
using RedConnect.Sfu.Node;
using RedConnect.Sfu.Sdp;

namespace RedConnect.Sfu.Routing;

/// <summary>Creates a room's transports on a running <see cref="SfuNode"/>: each one a <see cref="WebRtcTransport"/> on the node's media port.</summary>
public sealed class SfuNodeTransportFactory(SfuNode node) : ITransportFactory
{
    public ISignaledTransport CreateTransport(IMediaTransportListener listener) => new Adapter(node.CreateTransport(listener));

    /// <summary>
    /// Presents a <see cref="WebRtcTransport"/> as an <see cref="ISignaledTransport"/>. The listener the node
    /// calls sees the WebRtcTransport itself; routing compares transports by role, never by reference, so
    /// the two identities do not matter.
    /// </summary>
    private sealed class Adapter(WebRtcTransport transport) : ISignaledTransport
    {
        public string Id => transport.Id;

        public bool IsConnected => transport.IsConnected;

        public SdpTransportParameters LocalParameters => transport.LocalParameters;

        public long SrtpFailures
        {
            get
            {
                TransportStats stats = transport.Stats;
                return stats.SrtpAuthFailures + stats.SrtpReplays;
            }
        }

        public bool SendRtp(ReadOnlySpan<byte> rtp) => transport.SendRtp(rtp);

        public bool SendRtcp(ReadOnlySpan<byte> rtcp) => transport.SendRtcp(rtcp);

        public void SetRemoteParameters(string iceUfrag, string icePwd, IReadOnlyList<DtlsFingerprint> fingerprints) =>
            transport.SetRemoteParameters(iceUfrag, icePwd, fingerprints);

        public void Close() => transport.Close();
    }
}
