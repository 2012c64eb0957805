using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using RedConnect.Stun;

namespace RedConnect.Sfu.Node;

/// <summary>
/// Reads the raw socket addresses the allocation-free <c>Socket.ReceiveFrom(Span, SocketFlags, SocketAddress)</c>
/// fills in, without creating an <see cref="IPEndPoint"/> per packet. The buffer holds the native
/// sockaddr_in / sockaddr_in6: port at offset 2 (network order), IPv4 address at 4, IPv6 address at 8.
/// </summary>
internal static class SocketAddressConversion
{
    /// <summary>
    /// The transport address of <paramref name="address"/>; an IPv4-mapped IPv6 address (dual-stack socket)
    /// becomes plain IPv4 so a peer has one identity and XOR-MAPPED-ADDRESS shows what it sent from.
    /// </summary>
    public static bool TryGetStunAddress(SocketAddress address, out StunAddress result)
    {
        ReadOnlySpan<byte> raw = address.Buffer.Span[..address.Size];
        result = default;
        if (address.Family == AddressFamily.InterNetwork && raw.Length >= 8)
        {
            result = new StunAddress(raw.Slice(4, 4), BinaryPrimitives.ReadUInt16BigEndian(raw[2..]));
            return true;
        }

        if (address.Family == AddressFamily.InterNetworkV6 && raw.Length >= 24)
        {
            ReadOnlySpan<byte> ip = raw.Slice(8, 16);
            ushort port = BinaryPrimitives.ReadUInt16BigEndian(raw[2..]);
            result = IsIPv4Mapped(ip) ? new StunAddress(ip[12..], port) : new StunAddress(ip, port);
            return true;
        }

        return false;
    }

    /// <summary>A private copy (the receive loop reuses its instance for every datagram).</summary>
    public static SocketAddress Clone(SocketAddress address)
    {
        var copy = new SocketAddress(address.Family, address.Size);
        address.Buffer.Span[..address.Size].CopyTo(copy.Buffer.Span);
        return copy;
    }

    private static bool IsIPv4Mapped(ReadOnlySpan<byte> ip) =>
        BinaryPrimitives.ReadUInt64LittleEndian(ip) == 0 && BinaryPrimitives.ReadUInt32BigEndian(ip[8..]) == 0x0000FFFF;
}
