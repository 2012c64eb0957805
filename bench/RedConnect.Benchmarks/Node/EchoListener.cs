using RedConnect.Sfu.Node;

namespace RedConnect.Benchmarks.Node;

/// <summary>Sends every received RTP packet straight back on the same transport: one unprotect, one protect.</summary>
internal sealed class EchoListener : IMediaTransportListener
{
    public TaskCompletionSource Connected { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void OnConnected(IMediaTransport transport) => Connected.TrySetResult();

    public void OnRtp(IMediaTransport transport, ReadOnlySpan<byte> rtp) => transport.SendRtp(rtp);

    public void OnRtcp(IMediaTransport transport, ReadOnlySpan<byte> rtcp)
    {
    }

    public void OnClosed(IMediaTransport transport, TransportCloseReason reason)
    {
    }
}
