using System.Buffers.Binary;
using System.Text;

namespace RedConnect.Stun;

// Typed helpers: one per attribute value shape, named after the attribute where the shape is unique.
public ref partial struct StunMessageWriter
{
    /// <summary>Appends a UTF-8 text attribute (USERNAME, REALM, NONCE, SOFTWARE, ALTERNATE-DOMAIN),
    /// encoding straight into the buffer.</summary>
    public void AddText(ushort type, scoped ReadOnlySpan<char> text)
    {
        var value = AddAttribute(type, Encoding.UTF8.GetByteCount(text));
        Encoding.UTF8.GetBytes(text, value);
    }

    /// <summary>Appends an attribute with an empty value (USE-CANDIDATE, DONT-FRAGMENT).</summary>
    public void AddFlag(ushort type) => AddAttribute(type, 0);

    /// <summary>Appends a 32-bit attribute (PRIORITY, LIFETIME, CONNECTION-ID).</summary>
    public void AddUInt32(ushort type, uint value) => BinaryPrimitives.WriteUInt32BigEndian(AddAttribute(type, 4), value);

    /// <summary>Appends a 64-bit attribute (ICE-CONTROLLING, ICE-CONTROLLED, RESERVATION-TOKEN).</summary>
    public void AddUInt64(ushort type, ulong value) => BinaryPrimitives.WriteUInt64BigEndian(AddAttribute(type, 8), value);

    /// <summary>Appends a plain address attribute (MAPPED-ADDRESS, ALTERNATE-SERVER, RESPONSE-ORIGIN,
    /// OTHER-ADDRESS; RFC 8489 §14.1).</summary>
    public void AddAddress(ushort type, StunAddress address) => address.WriteTo(AddAttribute(type, address.ValueLength));

    /// <summary>Appends an XOR address attribute (XOR-MAPPED-ADDRESS, XOR-PEER-ADDRESS, XOR-RELAYED-ADDRESS;
    /// RFC 8489 §14.2) using this message's transaction id.</summary>
    public void AddXorAddress(ushort type, StunAddress address)
    {
        var value = AddAttribute(type, address.ValueLength);
        address.WriteXorTo(value, _buffer.Slice(8, StunMessage.TransactionIdLength));
    }

    /// <summary>Appends ERROR-CODE (RFC 8489 §14.8) with the default reason phrase for <paramref name="code"/>.</summary>
    public void AddErrorCode(int code) => AddErrorCode(code, StunErrorCode.GetDefaultReason(code));

    /// <summary>Appends ERROR-CODE (RFC 8489 §14.8): <paramref name="code"/> in 300–699 and a reason phrase.</summary>
    public void AddErrorCode(int code, scoped ReadOnlySpan<char> reason)
    {
        ValidateCode(code);
        var value = AddAttribute(StunAttributeType.ErrorCode, 4 + Encoding.UTF8.GetByteCount(reason));
        value[0] = 0;
        value[1] = 0;
        value[2] = (byte)(code / 100);
        value[3] = (byte)(code % 100);
        Encoding.UTF8.GetBytes(reason, value[4..]);
    }

    /// <summary>Appends ADDRESS-ERROR-CODE (RFC 8656 §18.12) for the family the error is about.</summary>
    public void AddAddressErrorCode(StunAddressFamily family, int code, scoped ReadOnlySpan<char> reason)
    {
        ValidateCode(code);
        var value = AddAttribute(StunAttributeType.AddressErrorCode, 4 + Encoding.UTF8.GetByteCount(reason));
        value[0] = (byte)family;
        value[1] = 0;
        value[2] = (byte)(code / 100);
        value[3] = (byte)(code % 100);
        Encoding.UTF8.GetBytes(reason, value[4..]);
    }

    /// <summary>Appends UNKNOWN-ATTRIBUTES (RFC 8489 §14.13) for a 420 response.</summary>
    public void AddUnknownAttributes(scoped ReadOnlySpan<ushort> types)
    {
        var value = AddAttribute(StunAttributeType.UnknownAttributes, types.Length * 2);
        for (var i = 0; i < types.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(value[(i * 2)..], types[i]);
        }
    }

    /// <summary>Appends PASSWORD-ALGORITHM (RFC 8489 §14.12) without parameters (MD5 and SHA-256 have none).</summary>
    public void AddPasswordAlgorithm(StunPasswordAlgorithm algorithm)
    {
        var value = AddAttribute(StunAttributeType.PasswordAlgorithm, 4);
        BinaryPrimitives.WriteUInt16BigEndian(value, (ushort)algorithm);
        BinaryPrimitives.WriteUInt16BigEndian(value[2..], 0);
    }

    /// <summary>Appends PASSWORD-ALGORITHMS (RFC 8489 §14.11), each entry without parameters.</summary>
    public void AddPasswordAlgorithms(scoped ReadOnlySpan<StunPasswordAlgorithm> algorithms)
    {
        var value = AddAttribute(StunAttributeType.PasswordAlgorithms, algorithms.Length * 4);
        for (var i = 0; i < algorithms.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(value[(i * 4)..], (ushort)algorithms[i]);
            BinaryPrimitives.WriteUInt16BigEndian(value[(i * 4 + 2)..], 0);
        }
    }

    /// <summary>Appends CHANGE-REQUEST (RFC 5780 §7.2).</summary>
    public void AddChangeRequest(bool changeIp, bool changePort) =>
        AddUInt32(StunAttributeType.ChangeRequest,
            (changeIp ? StunAttributeValue.ChangeIpFlag : 0) | (changePort ? StunAttributeValue.ChangePortFlag : 0));

    /// <summary>Appends CHANNEL-NUMBER (RFC 8656 §18.1); the 16 RFFU bits are zero.</summary>
    public void AddChannelNumber(ushort channelNumber) =>
        AddUInt32(StunAttributeType.ChannelNumber, (uint)channelNumber << 16);

    /// <summary>Appends REQUESTED-TRANSPORT (RFC 8656 §18.8): 17 for UDP, 6 for TCP.</summary>
    public void AddRequestedTransport(byte protocol) =>
        AddUInt32(StunAttributeType.RequestedTransport, (uint)protocol << 24);

    /// <summary>Appends REQUESTED-ADDRESS-FAMILY or ADDITIONAL-ADDRESS-FAMILY (RFC 8656 §18.6, §18.11).</summary>
    public void AddAddressFamily(ushort type, StunAddressFamily family) => AddUInt32(type, (uint)family << 24);

    /// <summary>Appends EVEN-PORT (RFC 8656 §18.7).</summary>
    public void AddEvenPort(bool reserveNextPort) =>
        AddAttribute(StunAttributeType.EvenPort, 1)[0] = reserveNextPort ? StunAttributeValue.EvenPortReserveBit : (byte)0;

    /// <summary>Appends ICMP (RFC 8656 §18.13).</summary>
    public void AddIcmp(byte icmpType, byte icmpCode, uint errorData)
    {
        var value = AddAttribute(StunAttributeType.Icmp, 8);
        value[0] = 0;
        value[1] = 0;
        value[2] = icmpType;
        value[3] = icmpCode;
        BinaryPrimitives.WriteUInt32BigEndian(value[4..], errorData);
    }

    private static void ValidateCode(int code)
    {
        // RFC 8489 §14.8: class 3..6, number 0..99.
        if (code is < 300 or > 699)
        {
            throw new ArgumentOutOfRangeException(nameof(code), "STUN error codes are 300–699.");
        }
    }
}
