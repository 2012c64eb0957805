using System.Threading.Channels;
using RedConnect.Sfu.Node;

namespace RedConnect.Sfu.Tests.Node;

/// <summary>What routing would see of a transport: copies of every callback, awaitable.</summary>
internal sealed class RecordingListener : IMediaTransportListener
{
    private int _concurrentCalls;

    public TaskCompletionSource Connected { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource<TransportCloseReason> Closed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Channel<byte[]> Rtp { get; } = Channel.CreateUnbounded<byte[]>();

    public Channel<byte[]> Rtcp { get; } = Channel.CreateUnbounded<byte[]>();

    /// <summary>Set if two callbacks for the transport ever overlapped (the contract forbids it).</summary>
    public bool SawConcurrentCalls { get; private set; }

    /// <summary>Optional hook run inside OnRtp (e.g. to echo the packet back).</summary>
    public Action<IMediaTransport, byte[]>? OnRtpHook { get; init; }

    public void OnConnected(IMediaTransport transport) => Guard(() => Connected.TrySetResult());

    public void OnRtp(IMediaTransport transport, ReadOnlySpan<byte> rtp)
    {
        byte[] copy = rtp.ToArray();
        Guard(() =>
        {
            Rtp.Writer.TryWrite(copy);
            OnRtpHook?.Invoke(transport, copy);
        });
    }

    public void OnRtcp(IMediaTransport transport, ReadOnlySpan<byte> rtcp)
    {
        byte[] copy = rtcp.ToArray();
        Guard(() => Rtcp.Writer.TryWrite(copy));
    }

    public void OnClosed(IMediaTransport transport, TransportCloseReason reason) => Guard(() => Closed.TrySetResult(reason));

    private void Guard(Action action)
    {
        if (Interlocked.Increment(ref _concurrentCalls) > 1)
        {
            SawConcurrentCalls = true;
        }

        try
        {
            action();
        }
        finally
        {
            Interlocked.Decrement(ref _concurrentCalls);
        }
    }
}
