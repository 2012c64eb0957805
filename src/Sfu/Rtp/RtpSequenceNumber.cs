namespace RedConnect.Sfu.Rtp;

/// <summary>
/// 16-bit RTP sequence number arithmetic (RFC 3550 §A.1, RFC 1982 serial numbers): which of two is
/// newer across the 65535 → 0 wrap, and the signed distance between them.
/// </summary>
public static class RtpSequenceNumber
{
    /// <summary>Signed distance from <paramref name="from"/> to <paramref name="to"/>, in −32768..32767.</summary>
    public static int Distance(ushort from, ushort to) => (short)(ushort)(to - from);

    /// <summary>True when <paramref name="candidate"/> comes after <paramref name="reference"/> (mod 2^16).</summary>
    public static bool IsNewer(ushort candidate, ushort reference) => Distance(reference, candidate) > 0;
}

/// <summary>
/// Turns 16-bit sequence numbers into a 64-bit extended sequence (RFC 3550 §A.1: cycles × 65536 + seq),
/// tolerating reordering of up to half the space. The first number seen is taken as is; a late packet
/// from before it unwraps to a negative value.
/// </summary>
public struct RtpSequenceUnwrapper
{
    private long _highest;
    private bool _started;

    /// <summary>The highest extended sequence number seen so far (−1 before the first).</summary>
    public readonly long Highest => _started ? _highest : -1;

    public long Unwrap(ushort sequenceNumber)
    {
        if (!_started)
        {
            _started = true;
            _highest = sequenceNumber;
            return sequenceNumber;
        }
        long extended = _highest + RtpSequenceNumber.Distance((ushort)_highest, sequenceNumber);
        if (extended > _highest) _highest = extended;
        return extended;
    }
}
