using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace RedConnect.Stun;

/// <summary>
/// A transport address as carried by the STUN address attributes: family, port and 4 or 16 address bytes.
/// A value type with value equality, so it can key dictionaries (permissions, allocations) without
/// allocating. Encodes and decodes both the plain format (MAPPED-ADDRESS, ALTERNATE-SERVER,
/// RESPONSE-ORIGIN, OTHER-ADDRESS; RFC 8489 §14.1) and the XOR format (XOR-MAPPED-ADDRESS, XOR-PEER-ADDRESS,
/// XOR-RELAYED-ADDRESS; RFC 8489 §14.2).
/// </summary>
public readonly struct StunAddress : IEquatable<StunAddress>
{
    /// <summary>Value length of an IPv4 address attribute: reserved, family, port, 4 address bytes.</summary>
    public const int IPv4ValueLength = 8;

    /// <summary>Value length of an IPv6 address attribute: reserved, family, port, 16 address bytes.</summary>
    public const int IPv6ValueLength = 20;

    // Address bytes in network order: IPv4 in the top 32 bits of _high; IPv6 spread over both.
    private readonly ulong _high;
    private readonly ulong _low;

    private StunAddress(StunAddressFamily family, ushort port, ulong high, ulong low)
    {
        Family = family;
        Port = port;
        _high = high;
        _low = low;
    }

    /// <summary>Creates an address from raw network-order bytes (4 for IPv4, 16 for IPv6).</summary>
    /// <exception cref="ArgumentException">The length is neither 4 nor 16 (programmer error).</exception>
    public StunAddress(ReadOnlySpan<byte> addressBytes, ushort port)
    {
        Port = port;
        if (addressBytes.Length == 4)
        {
            Family = StunAddressFamily.IPv4;
            _high = (ulong)BinaryPrimitives.ReadUInt32BigEndian(addressBytes) << 32;
        }
        else if (addressBytes.Length == 16)
        {
            Family = StunAddressFamily.IPv6;
            _high = BinaryPrimitives.ReadUInt64BigEndian(addressBytes);
            _low = BinaryPrimitives.ReadUInt64BigEndian(addressBytes[8..]);
        }
        else
        {
            throw new ArgumentException("An IP address has 4 or 16 bytes.", nameof(addressBytes));
        }
    }

    /// <summary>IPv4 or IPv6. <c>default(StunAddress)</c> has family 0 and is not a valid address.</summary>
    public StunAddressFamily Family { get; }

    /// <summary>The port in host order.</summary>
    public ushort Port { get; }

    /// <summary>Number of address bytes: 4 for IPv4, 16 for IPv6.</summary>
    public int AddressLength => Family == StunAddressFamily.IPv6 ? 16 : 4;

    /// <summary>Length of the attribute value this address encodes to (8 or 20).</summary>
    public int ValueLength => Family == StunAddressFamily.IPv6 ? IPv6ValueLength : IPv4ValueLength;

    /// <summary>Creates an address from an <see cref="IPAddress"/> without allocating.</summary>
    public static StunAddress FromIPAddress(IPAddress address, ushort port)
    {
        ArgumentNullException.ThrowIfNull(address);
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var written);
        return new StunAddress(bytes[..written], port);
    }

    /// <summary>Creates an address from an <see cref="IPEndPoint"/> without allocating.</summary>
    public static StunAddress FromIPEndPoint(IPEndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        return FromIPAddress(endPoint.Address, (ushort)endPoint.Port);
    }

    /// <summary>Copies the network-order address bytes into <paramref name="destination"/>; returns 4 or 16.</summary>
    public int CopyAddressTo(Span<byte> destination)
    {
        if (Family == StunAddressFamily.IPv6)
        {
            BinaryPrimitives.WriteUInt64BigEndian(destination, _high);
            BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _low);
            return 16;
        }

        BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)(_high >> 32));
        return 4;
    }

    /// <summary>Converts to <see cref="IPAddress"/> (allocates; not for per-packet paths).</summary>
    public IPAddress ToIPAddress()
    {
        Span<byte> bytes = stackalloc byte[16];
        return new IPAddress(bytes[..CopyAddressTo(bytes)]);
    }

    /// <summary>Converts to <see cref="IPEndPoint"/> (allocates; not for per-packet paths).</summary>
    public IPEndPoint ToIPEndPoint() => new(ToIPAddress(), Port);

    /// <summary>The matching <see cref="AddressFamily"/>.</summary>
    public AddressFamily ToAddressFamily() =>
        Family == StunAddressFamily.IPv6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;

    /// <summary>
    /// Decodes a plain address attribute value (RFC 8489 §14.1). Fails on unknown families and on a value
    /// length that does not match the family. The leading reserved byte is ignored as the RFC requires.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> value, out StunAddress address) =>
        TryDecode(value, 0, 0, 0, out address);

    /// <summary>
    /// Decodes an XOR address attribute value (RFC 8489 §14.2): the port is XOR-ed with the top 16 bits of
    /// the magic cookie, an IPv4 address with the cookie, an IPv6 address with cookie ‖ transaction id.
    /// </summary>
    public static bool TryParseXor(ReadOnlySpan<byte> value, ReadOnlySpan<byte> transactionId, out StunAddress address)
    {
        if (transactionId.Length != StunMessage.TransactionIdLength)
        {
            address = default;
            return false;
        }

        GetXorMask(transactionId, out var maskHigh, out var maskLow);
        return TryDecode(value, (ushort)(StunMessage.MagicCookie >> 16), maskHigh, maskLow, out address);
    }

    /// <summary>Encodes the plain format into <paramref name="destination"/>; returns <see cref="ValueLength"/>.</summary>
    public int WriteTo(Span<byte> destination) => Encode(destination, 0, 0, 0);

    /// <summary>Encodes the XOR format into <paramref name="destination"/>; returns <see cref="ValueLength"/>.</summary>
    public int WriteXorTo(Span<byte> destination, ReadOnlySpan<byte> transactionId)
    {
        if (transactionId.Length != StunMessage.TransactionIdLength)
        {
            throw new ArgumentException("A transaction id has 12 bytes.", nameof(transactionId));
        }

        GetXorMask(transactionId, out var maskHigh, out var maskLow);
        return Encode(destination, (ushort)(StunMessage.MagicCookie >> 16), maskHigh, maskLow);
    }

    private static void GetXorMask(ReadOnlySpan<byte> transactionId, out ulong high, out ulong low)
    {
        // RFC 8489 §14.2: the 128-bit mask is the magic cookie followed by the 96-bit transaction id.
        high = ((ulong)StunMessage.MagicCookie << 32) | BinaryPrimitives.ReadUInt32BigEndian(transactionId);
        low = BinaryPrimitives.ReadUInt64BigEndian(transactionId[4..]);
    }

    private static bool TryDecode(ReadOnlySpan<byte> value, ushort portMask, ulong maskHigh, ulong maskLow, out StunAddress address)
    {
        address = default;
        if (value.Length < IPv4ValueLength)
        {
            return false;
        }

        var port = (ushort)(BinaryPrimitives.ReadUInt16BigEndian(value[2..]) ^ portMask);
        switch ((StunAddressFamily)value[1])
        {
            case StunAddressFamily.IPv4 when value.Length == IPv4ValueLength:
                var v4 = ((ulong)BinaryPrimitives.ReadUInt32BigEndian(value[4..]) << 32) ^ (maskHigh & 0xFFFFFFFF00000000UL);
                address = new StunAddress(StunAddressFamily.IPv4, port, v4, 0);
                return true;
            case StunAddressFamily.IPv6 when value.Length == IPv6ValueLength:
                address = new StunAddress(
                    StunAddressFamily.IPv6,
                    port,
                    BinaryPrimitives.ReadUInt64BigEndian(value[4..]) ^ maskHigh,
                    BinaryPrimitives.ReadUInt64BigEndian(value[12..]) ^ maskLow);
                return true;
            default:
                return false;
        }
    }

    private int Encode(Span<byte> destination, ushort portMask, ulong maskHigh, ulong maskLow)
    {
        if (Family is not (StunAddressFamily.IPv4 or StunAddressFamily.IPv6))
        {
            throw new InvalidOperationException("default(StunAddress) cannot be encoded.");
        }

        var length = ValueLength;
        if (destination.Length < length)
        {
            throw new ArgumentException("Destination too small for the address.", nameof(destination));
        }

        destination[0] = 0;
        destination[1] = (byte)Family;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)(Port ^ portMask));
        if (Family == StunAddressFamily.IPv4)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[4..], (uint)((_high ^ maskHigh) >> 32));
        }
        else
        {
            BinaryPrimitives.WriteUInt64BigEndian(destination[4..], _high ^ maskHigh);
            BinaryPrimitives.WriteUInt64BigEndian(destination[12..], _low ^ maskLow);
        }

        return length;
    }

    /// <inheritdoc/>
    public bool Equals(StunAddress other) =>
        Family == other.Family && Port == other.Port && _high == other._high && _low == other._low;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is StunAddress other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Family, Port, _high, _low);

    /// <summary>Equality of family, port and address.</summary>
    public static bool operator ==(StunAddress left, StunAddress right) => left.Equals(right);

    /// <summary>Inequality of family, port or address.</summary>
    public static bool operator !=(StunAddress left, StunAddress right) => !left.Equals(right);

    /// <summary>"192.0.2.1:32853" or "[2001:db8::1]:32853" (allocates).</summary>
    public override string ToString() =>
        Family switch
        {
            StunAddressFamily.IPv4 => $"{ToIPAddress()}:{Port}",
            StunAddressFamily.IPv6 => $"[{ToIPAddress()}]:{Port}",
            _ => "(none)",
        };
}
