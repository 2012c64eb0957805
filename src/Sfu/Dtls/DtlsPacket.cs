namespace RedConnect.Sfu.Dtls;

/// <summary>Classification of datagrams arriving on the shared media port.</summary>
public static class DtlsPacket
{
    /// <summary>
    /// RFC 7983 §7 (updating RFC 5764 §5.1.2): a first byte in 20..63 is DTLS; 0..3 STUN, 128..191 RTP/RTCP.
    /// </summary>
    public static bool IsDtls(ReadOnlySpan<byte> datagram) => datagram.Length > 0 && datagram[0] is >= 20 and <= 63;
}
