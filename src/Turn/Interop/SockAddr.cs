using System.Buffers.Binary;
using RedConnect.Stun;

namespace RedConnect.Turn.Interop;

/// <summary>
/// Converts between Linux <c>sockaddr_in</c>/<c>sockaddr_in6</c> bytes and <see cref="StunAddress"/>
/// without allocating: the relay keys allocations and permissions by <see cref="StunAddress"/> and hands
/// the kernel raw socket addresses.
/// </summary>
internal static class SockAddr
{
    /// <summary>Reads a sockaddr as the kernel filled it; false for families other than IPv4/IPv6.</summary>
    public static bool TryRead(ReadOnlySpan<byte> sockaddr, out StunAddress address)
    {
        address = default;
        if (sockaddr.Length < 16)
        {
            return false;
        }

        // sa_family is host order (little endian on every platform we run on); the port is network order.
        var family = BitConverter.IsLittleEndian ? sockaddr[0] | (sockaddr[1] << 8) : (sockaddr[0] << 8) | sockaddr[1];
        var port = BinaryPrimitives.ReadUInt16BigEndian(sockaddr[2..]);
        if (family == LinuxSockets.AfInet)
        {
            address = new StunAddress(sockaddr.Slice(4, 4), port);
            return true;
        }

        if (family == LinuxSockets.AfInet6 && sockaddr.Length >= 28)
        {
            address = new StunAddress(sockaddr.Slice(8, 16), port);
            return true;
        }

        return false;
    }

    /// <summary>Writes <paramref name="address"/> as a sockaddr; returns its length (16 or 28).</summary>
    public static int Write(StunAddress address, Span<byte> destination)
    {
        destination[..LinuxSockets.SockAddrSize].Clear();
        var family = address.Family == StunAddressFamily.IPv6 ? LinuxSockets.AfInet6 : LinuxSockets.AfInet;
        destination[0] = (byte)family;
        destination[1] = (byte)(family >> 8);
        if (!BitConverter.IsLittleEndian)
        {
            destination[0] = (byte)(family >> 8);
            destination[1] = (byte)family;
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], address.Port);
        if (family == LinuxSockets.AfInet)
        {
            address.CopyAddressTo(destination[4..]);
            return 16;
        }

        address.CopyAddressTo(destination[8..]);
        return 28;
    }
}
