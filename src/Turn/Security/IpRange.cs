using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace RedConnect.Turn.Security;

/// <summary>
/// An inclusive range of IP addresses in one 128-bit space where an IPv4 address a.b.c.d is the
/// same point as its IPv4-mapped IPv6 form ::ffff:a.b.c.d (RFC 4291 §2.5.5.2). So an IPv4 range
/// contains the mapped spelling of its addresses too, which closes the "::ffff:127.0.0.1" bypass.
/// </summary>
public readonly record struct IpRange(UInt128 First, UInt128 Last)
{
    // ::ffff:0:0 — the IPv4-mapped prefix (RFC 4291 §2.5.5.2).
    internal static readonly UInt128 MappedPrefix = new(0, 0x0000_FFFF_0000_0000UL);

    /// <summary>Whether the range was written with IPv4 addresses (only affects <see cref="ToString"/>).</summary>
    public bool IsIPv4 => First >= MappedPrefix && Last <= (MappedPrefix | uint.MaxValue);

    public bool Contains(IPAddress address) => Contains(ToUInt128(address));

    public bool Contains(UInt128 value) => value >= First && value <= Last;

    /// <summary>
    /// Parses "a.b.c.d", "a.b.c.d-e.f.g.h" (coturn's range syntax), CIDR "10.0.0.0/8", and the same
    /// three forms for IPv6. Host bits beyond a CIDR prefix are ignored. Never throws.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out IpRange range)
    {
        range = default;
        text = text.Trim();
        if (text.IsEmpty)
        {
            return false;
        }

        var dash = text.IndexOf('-');
        if (dash >= 0)
        {
            if (!TryParseAddress(text[..dash].Trim(), out var first, out var firstV4) ||
                !TryParseAddress(text[(dash + 1)..].Trim(), out var last, out var lastV4) ||
                firstV4 != lastV4 || first > last)
            {
                return false;
            }

            range = new IpRange(first, last);
            return true;
        }

        var slash = text.IndexOf('/');
        if (slash < 0)
        {
            if (!TryParseAddress(text, out var single, out _))
            {
                return false;
            }

            range = new IpRange(single, single);
            return true;
        }

        var prefixText = text[(slash + 1)..].Trim();
        if (!TryParseAddress(text[..slash].Trim(), out var network, out var isV4) ||
            prefixText.IsEmpty || prefixText.Length > 3 ||
            !int.TryParse(prefixText, NumberStyles.None, CultureInfo.InvariantCulture, out var prefix) ||
            prefix > (isV4 ? 32 : 128))
        {
            return false;
        }

        range = FromPrefix(network, isV4 ? 96 + prefix : prefix);
        return true;
    }

    public static bool TryParse(string? text, out IpRange range)
    {
        if (text is null)
        {
            range = default;
            return false;
        }

        return TryParse(text.AsSpan(), out range);
    }

    /// <summary>A CIDR block; for code that declares ranges, so it throws on a bad literal.</summary>
    public static IpRange Parse(string text) =>
        TryParse(text, out var range) ? range : throw new FormatException($"not an IP range: '{text}'");

    /// <summary>The block of all addresses sharing the first <paramref name="prefixBits"/> bits (0–128) of <paramref name="network"/>.</summary>
    public static IpRange FromPrefix(UInt128 network, int prefixBits)
    {
        var hostMask = prefixBits >= 128 ? UInt128.Zero : UInt128.MaxValue >> prefixBits;
        var first = network & ~hostMask;
        return new IpRange(first, first | hostMask);
    }

    /// <summary>Converts an address into the shared 128-bit space without allocating (IPv4 → ::ffff:a.b.c.d).</summary>
    public static UInt128 ToUInt128(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            address.TryWriteBytes(bytes[12..], out _);
            return MappedPrefix | BinaryPrimitives.ReadUInt32BigEndian(bytes[12..]);
        }

        address.TryWriteBytes(bytes, out _);
        return BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }

    public static IPAddress ToIPAddress(UInt128 value)
    {
        if ((value & ~(UInt128)uint.MaxValue) == MappedPrefix)
        {
            Span<byte> v4 = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(v4, (uint)value);
            return new IPAddress(v4);
        }

        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, value);
        return new IPAddress(bytes);
    }

    public override string ToString()
    {
        var first = ToIPAddress(First);
        if (First == Last)
        {
            return first.ToString();
        }

        // Print as CIDR when the range is exactly one aligned block.
        var size = Last - First;
        if (((size + 1) & size) == UInt128.Zero && (First & size) == UInt128.Zero)
        {
            var hostBits = size == UInt128.MaxValue ? 128 : (int)UInt128.Log2(size + 1);
            var prefix = 128 - hostBits;
            return IsIPv4 ? $"{first}/{prefix - 96}" : $"{first}/{prefix}";
        }

        return $"{first}-{ToIPAddress(Last)}";
    }

    private static bool TryParseAddress(ReadOnlySpan<char> text, out UInt128 value, out bool isV4)
    {
        value = default;
        isV4 = false;
        // IPAddress.TryParse accepts "1" or "1.2" as IPv4 shorthands and zone ids; a range list must
        // be unambiguous, so require the dotted quad or a colon.
        if (text.IsEmpty || (text.IndexOf(':') < 0 && text.Count('.') != 3) || text.IndexOf('%') >= 0 ||
            !IPAddress.TryParse(text, out var address))
        {
            return false;
        }

        isV4 = address.AddressFamily == AddressFamily.InterNetwork;
        value = ToUInt128(address);
        return true;
    }
}
