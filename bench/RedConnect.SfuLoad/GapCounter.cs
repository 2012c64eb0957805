using System.Buffers.Binary;
using RedConnect.Synthetic.Client;

namespace RedConnect.SfuLoad;

/// <summary>
/// The lean subscriber of a blast run: counts RTP packets and sequence gaps (RFC 3550 §A.1 extended
/// sequence numbers) from the clear-text header, nothing else. Called on one receive thread.
/// </summary>
public sealed class GapCounter : IRtpReceiver
{
    private readonly Dictionary<uint, Stream> _streams = new();
    private long _received;

    public long Received => Volatile.Read(ref _received);

    /// <summary>Per stream: packets between the first and the highest sequence number seen that never arrived.</summary>
    public long Missing
    {
        get
        {
            lock (_streams) return _streams.Values.Sum(s => Math.Max(0, s.Highest - s.First + 1 - s.Received));
        }
    }

    public long OutOfOrder
    {
        get
        {
            lock (_streams) return _streams.Values.Sum(s => s.OutOfOrder);
        }
    }

    public void OnRtp(ReadOnlySpan<byte> rtp, long receivedTimestamp)
    {
        if (rtp.Length < 12) return;
        ushort seq = BinaryPrimitives.ReadUInt16BigEndian(rtp[2..]);
        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(rtp[8..]);
        lock (_streams)
        {
            if (!_streams.TryGetValue(ssrc, out Stream? stream))
            {
                _streams[ssrc] = new Stream { First = seq, Highest = seq, Received = 1 };
            }
            else
            {
                // The extended number closest to the highest so far (RFC 3550 §A.1; a wrap goes forward).
                long candidate = (stream.Highest & ~0xFFFFL) | seq;
                if (candidate < stream.Highest - 0x8000) candidate += 0x10000;
                else if (candidate > stream.Highest + 0x8000) candidate -= 0x10000;
                if (candidate > stream.Highest) stream.Highest = candidate;
                else stream.OutOfOrder++;
                stream.Received++;
            }
        }

        Volatile.Write(ref _received, _received + 1);
    }

    public void OnRtcp(ReadOnlySpan<byte> rtcp)
    {
    }

    private sealed class Stream
    {
        public long First;
        public long Highest;
        public long Received;
        public long OutOfOrder;
    }
}
