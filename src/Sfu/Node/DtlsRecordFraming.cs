using System.Buffers.Binary;

namespace RedConnect.Sfu.Node;

/// <summary>
/// A cheap shape check on a datagram the demultiplexer classed as DTLS (first byte 20–63, RFC 7983 §7),
/// done before it is copied to a session's queue: every record header (RFC 6347 §4.1: type, version,
/// epoch, sequence number, length — 13 bytes) must fit and the records must tile the datagram exactly.
/// Garbage is counted as malformed and never reaches BouncyCastle.
/// </summary>
internal static class DtlsRecordFraming
{
    public const int RecordHeaderLength = 13;

    public static bool IsWellFormed(ReadOnlySpan<byte> datagram)
    {
        int offset = 0;
        while (offset < datagram.Length)
        {
            ReadOnlySpan<byte> rest = datagram[offset..];
            // Content types 20–25 (change_cipher_spec … ack); major version 254 is DTLS (RFC 6347 §4.1).
            if (rest.Length < RecordHeaderLength || rest[0] is < 20 or > 25 || rest[1] != 254)
            {
                return false;
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(rest[11..]);
            if (length > rest.Length - RecordHeaderLength)
            {
                return false;
            }

            offset += RecordHeaderLength + length;
        }

        return datagram.Length > 0;
    }
}
