using System.Net;
using System.Text;

namespace RedConnect.Stun.Tests;

/// <summary>Every attribute the codec knows, written by <see cref="StunMessageWriter"/> and read back.</summary>
public class AttributeRoundTripTests
{
    private static readonly byte[] Tid = TestVectors.Hex("01 02 03 04", "05 06 07 08", "09 0a 0b 0c");
    private static readonly StunAddress V4 = StunAddress.FromIPEndPoint(IPEndPoint.Parse("203.0.113.7:3478"));
    private static readonly StunAddress V6 = StunAddress.FromIPEndPoint(IPEndPoint.Parse("[2001:db8::42]:49152"));

    private static byte[] Write(StunMethod method, StunClass messageClass, WriteAction write)
    {
        var buffer = new byte[1500];
        var writer = new StunMessageWriter(buffer, method, messageClass, Tid);
        write(ref writer);
        return writer.Written.ToArray();
    }

    private delegate void WriteAction(ref StunMessageWriter writer);

    [Theory]
    [InlineData(StunAttributeType.MappedAddress)]
    [InlineData(StunAttributeType.AlternateServer)]
    [InlineData(StunAttributeType.ResponseOrigin)]
    [InlineData(StunAttributeType.OtherAddress)]
    public void Plain_address_attributes_round_trip_ipv4_and_ipv6(ushort type)
    {
        foreach (var address in new[] { V4, V6 })
        {
            var bytes = Write(StunMethod.Binding, StunClass.SuccessResponse, (ref StunMessageWriter w) => w.AddAddress(type, address));
            Assert.True(StunMessageReader.TryParse(bytes, out var msg));
            Assert.True(msg.TryGetAddress(type, out var read));
            Assert.Equal(address, read);
            Assert.Equal(address.ToIPEndPoint(), read.ToIPEndPoint());
        }
    }

    [Theory]
    [InlineData(StunAttributeType.XorMappedAddress)]
    [InlineData(StunAttributeType.XorPeerAddress)]
    [InlineData(StunAttributeType.XorRelayedAddress)]
    public void Xor_address_attributes_round_trip_and_are_not_sent_in_clear(ushort type)
    {
        foreach (var address in new[] { V4, V6 })
        {
            var bytes = Write(StunMethod.Allocate, StunClass.SuccessResponse, (ref StunMessageWriter w) => w.AddXorAddress(type, address));
            Assert.True(StunMessageReader.TryParse(bytes, out var msg));
            Assert.True(msg.TryGetXorAddress(type, out var read));
            Assert.Equal(address, read);
            // Read as a plain address the bytes must differ: that is the point of XOR (RFC 8489 §14.2).
            Assert.True(msg.TryGetAddress(type, out var plain));
            Assert.NotEqual(address, plain);
        }
    }

    [Theory]
    [InlineData(StunAttributeType.Username, "evtj:h6vY")]
    [InlineData(StunAttributeType.Realm, "example.org")]
    [InlineData(StunAttributeType.Nonce, "obMatJos2AAACf//499k954d6OL34oL9FSTvy64sA")]
    [InlineData(StunAttributeType.Software, "RedConnect TURN 1.0 — Grüße")]
    [InlineData(StunAttributeType.AlternateDomain, "turn2.example.org")]
    public void Text_attributes_round_trip_utf8(ushort type, string text)
    {
        var bytes = Write(StunMethod.Allocate, StunClass.Request, (ref StunMessageWriter w) => w.AddText(type, text));
        Assert.Equal(0, bytes.Length % 4);
        Assert.True(StunMessageReader.TryParse(bytes, out var msg));
        Assert.True(msg.TryGetValue(type, out var value));
        Assert.Equal(text, Encoding.UTF8.GetString(value));
    }

    [Theory]
    [InlineData(StunAttributeType.Priority, 0x6e0001ffu)]
    [InlineData(StunAttributeType.Lifetime, 600u)]
    [InlineData(StunAttributeType.ConnectionId, 0xDEADBEEFu)]
    public void UInt32_attributes_round_trip(ushort type, uint value)
    {
        var bytes = Write(StunMethod.Refresh, StunClass.Request, (ref StunMessageWriter w) => w.AddUInt32(type, value));
        Assert.True(StunMessageReader.TryParse(bytes, out var msg));
        Assert.True(msg.TryGetUInt32(type, out var read));
        Assert.Equal(value, read);
    }

    [Theory]
    [InlineData(StunAttributeType.IceControlling, 0x932ff9b151263b36ul)]
    [InlineData(StunAttributeType.IceControlled, 1ul)]
    [InlineData(StunAttributeType.ReservationToken, 0x0102030405060708ul)]
    public void UInt64_attributes_round_trip(ushort type, ulong value)
    {
        var bytes = Write(StunMethod.Binding, StunClass.Request, (ref StunMessageWriter w) => w.AddUInt64(type, value));
        Assert.True(StunMessageReader.TryParse(bytes, out var msg));
        Assert.True(msg.TryGetUInt64(type, out var read));
        Assert.Equal(value, read);
    }

    [Theory]
    [InlineData(StunAttributeType.UseCandidate)]
    [InlineData(StunAttributeType.DontFragment)]
    public void Flag_attributes_round_trip_as_empty_values(ushort type)
    {
        var bytes = Write(StunMethod.Binding, StunClass.Request, (ref StunMessageWriter w) => w.AddFlag(type));
        Assert.True(StunMessageReader.TryParse(bytes, out var msg));
        Assert.True(msg.TryGetValue(type, out var value));
        Assert.Equal(0, value.Length);
        Assert.False(msg.Contains(StunAttributeType.Priority));
    }

    [Fact]
    public void Error_code_round_trips_with_default_and_custom_reason()
    {
        var bytes = Write(StunMethod.Allocate, StunClass.ErrorResponse, (ref StunMessageWriter w) => w.AddErrorCode(StunErrorCode.StaleNonce));
        Assert.True(StunMessageReader.TryParse(bytes, out var msg));
        Assert.True(msg.Contains(StunAttributeType.ErrorCode));
        Assert.True(msg.TryGetErrorCode(out var code, out var reason));
        Assert.Equal(438, code);
        Assert.Equal("Stale Nonce", Encoding.UTF8.GetString(reason));

        bytes = Write(StunMethod.Allocate, StunClass.ErrorResponse, (ref StunMessageWriter w) => w.AddErrorCode(699, "x"));
        Assert.True(StunMessageReader.TryParse(bytes, out msg));
        Assert.True(msg.TryGetErrorCode(out code, out reason));
        Assert.Equal(699, code);
        Assert.Equal("x", Encoding.UTF8.GetString(reason));
    }

    [Fact]
    public void Unknown_attributes_round_trip_odd_count_with_padding()
    {
        ushort[] types = [0x7001, 0x0042, 0x0777];
        var bytes = Write(StunMethod.Binding, StunClass.ErrorResponse, (ref StunMessageWriter w) => w.AddUnknownAttributes(types));
        Assert.True(StunMessageReader.TryParse(bytes, out var msg));
        Assert.True(msg.TryGetValue(StunAttributeType.UnknownAttributes, out var value));
        Span<ushort> read = stackalloc ushort[8];
        Assert.True(StunAttributeValue.TryReadUnknownAttributes(value, read, out var count));
        Assert.Equal(types, read[..count].ToArray());
    }

    [Fact]
    public void Password_algorithms_and_password_algorithm_round_trip()
    {
        StunPasswordAlgorithm[] offered = [StunPasswordAlgorithm.Sha256, StunPasswordAlgorithm.Md5];
        var bytes = Write(StunMethod.Allocate, StunClass.ErrorResponse, (ref StunMessageWriter w) =>
        {
            w.AddPasswordAlgorithms(offered);
            w.AddPasswordAlgorithm(StunPasswordAlgorithm.Sha256);
        });
        Assert.True(StunMessageReader.TryParse(bytes, out var msg));
        Assert.True(msg.TryGetValue(StunAttributeType.PasswordAlgorithms, out var list));
        Span<StunPasswordAlgorithm> read = stackalloc StunPasswordAlgorithm[4];
        Assert.True(StunAttributeValue.TryReadPasswordAlgorithms(list, read, out var count));
        Assert.Equal(offered, read[..count].ToArray());
        Assert.True(msg.TryGetValue(StunAttributeType.PasswordAlgorithm, out var chosen));
        Assert.True(StunAttributeValue.TryReadPasswordAlgorithm(chosen, out var algorithm, out _));
        Assert.Equal(StunPasswordAlgorithm.Sha256, algorithm);
    }

    [Fact]
    public void UserHash_and_data_round_trip_as_opaque_bytes()
    {
        var payload = Enumerable.Range(0, 1201).Select(i => (byte)i).ToArray();
        var bytes = Write(StunMethod.Send, StunClass.Indication, (ref StunMessageWriter w) =>
        {
            w.AddAttribute(StunAttributeType.UserHash, TestVectors.Rfc8489UserHash);
            w.AddAttribute(StunAttributeType.Data, payload);
        });
        Assert.True(StunMessageReader.TryParse(bytes, out var msg));
        Assert.True(msg.TryGetValue(StunAttributeType.UserHash, out var hash));
        Assert.Equal(TestVectors.Rfc8489UserHash, hash.ToArray());
        Assert.True(msg.TryGetValue(StunAttributeType.Data, out var data));
        Assert.Equal(payload, data.ToArray());
    }

    [Fact]
    public void Change_request_round_trips_each_flag()
    {
        foreach (var (ip, port) in new[] { (false, false), (true, false), (false, true), (true, true) })
        {
            var bytes = Write(StunMethod.Binding, StunClass.Request, (ref StunMessageWriter w) => w.AddChangeRequest(ip, port));
            Assert.True(StunMessageReader.TryParse(bytes, out var msg));
            Assert.True(msg.TryGetValue(StunAttributeType.ChangeRequest, out var value));
            Assert.True(StunAttributeValue.TryReadChangeRequest(value, out var readIp, out var readPort));
            Assert.Equal((ip, port), (readIp, readPort));
        }
    }

    [Fact]
    public void Turn_attributes_round_trip()
    {
        var bytes = Write(StunMethod.Allocate, StunClass.Request, (ref StunMessageWriter w) =>
        {
            w.AddChannelNumber(0x4001);
            w.AddRequestedTransport(17);
            w.AddAddressFamily(StunAttributeType.RequestedAddressFamily, StunAddressFamily.IPv6);
            w.AddAddressFamily(StunAttributeType.AdditionalAddressFamily, StunAddressFamily.IPv6);
            w.AddEvenPort(true);
            w.AddAddressErrorCode(StunAddressFamily.IPv6, StunErrorCode.InsufficientCapacity, "no v6");
            w.AddIcmp(3, 4, 1400);
        });
        Assert.True(StunMessageReader.TryParse(bytes, out var msg));

        Assert.True(msg.TryGetValue(StunAttributeType.ChannelNumber, out var v));
        Assert.True(StunAttributeValue.TryReadChannelNumber(v, out var channel));
        Assert.Equal(0x4001, channel);

        Assert.True(msg.TryGetValue(StunAttributeType.RequestedTransport, out v));
        Assert.True(StunAttributeValue.TryReadRequestedTransport(v, out var protocol));
        Assert.Equal(17, protocol);

        Assert.True(msg.TryGetValue(StunAttributeType.RequestedAddressFamily, out v));
        Assert.True(StunAttributeValue.TryReadAddressFamily(v, out var family));
        Assert.Equal(StunAddressFamily.IPv6, family);
        Assert.True(msg.TryGetValue(StunAttributeType.AdditionalAddressFamily, out v));
        Assert.True(StunAttributeValue.TryReadAddressFamily(v, out family));
        Assert.Equal(StunAddressFamily.IPv6, family);

        Assert.True(msg.TryGetValue(StunAttributeType.EvenPort, out v));
        Assert.True(StunAttributeValue.TryReadEvenPort(v, out var reserve));
        Assert.True(reserve);

        Assert.True(msg.TryGetValue(StunAttributeType.AddressErrorCode, out v));
        Assert.True(StunAttributeValue.TryReadAddressErrorCode(v, out family, out var code, out var reason));
        Assert.Equal((StunAddressFamily.IPv6, 508, "no v6"), (family, code, Encoding.UTF8.GetString(reason)));

        Assert.True(msg.TryGetValue(StunAttributeType.Icmp, out v));
        Assert.True(StunAttributeValue.TryReadIcmp(v, out var icmpType, out var icmpCode, out var errorData));
        Assert.Equal((3, 4, 1400u), (icmpType, icmpCode, errorData));
        Assert.False(msg.HasUnknownComprehensionRequired);
    }

    [Fact]
    public void Message_with_both_integrities_and_fingerprint_verifies_each()
    {
        var sha1Key = "sha1-key"u8.ToArray();
        var sha256Key = "sha256-key"u8.ToArray();
        var bytes = Write(StunMethod.Binding, StunClass.SuccessResponse, (ref StunMessageWriter w) =>
        {
            w.AddXorAddress(StunAttributeType.XorMappedAddress, V6);
            w.AddMessageIntegrity(sha1Key);
            w.AddMessageIntegritySha256(sha256Key);
            w.AddFingerprint();
        });
        Assert.True(StunMessageReader.TryParse(bytes, out var msg));
        Assert.True(msg.VerifyMessageIntegrity(sha1Key));
        Assert.True(msg.VerifyMessageIntegritySha256(sha256Key));
        Assert.True(msg.VerifyFingerprint());
        Assert.False(msg.VerifyMessageIntegrity(sha256Key));
        Assert.False(msg.VerifyMessageIntegritySha256(sha1Key));
    }

    [Fact]
    public void Every_known_attribute_type_is_covered_by_a_round_trip_test()
    {
        // Guards this file: a constant added to StunAttributeType must be added to the tests too.
        var constants = typeof(StunAttributeType).GetFields()
            .Where(f => f.IsLiteral)
            .Select(f => (ushort)f.GetRawConstantValue()!)
            .ToHashSet();
        var source = File.ReadAllText(Path.Combine(ProjectDirectory(), "AttributeRoundTripTests.cs"))
                     + File.ReadAllText(Path.Combine(ProjectDirectory(), "Rfc5769Tests.cs"));
        var missing = typeof(StunAttributeType).GetFields()
            .Where(f => f.IsLiteral && !source.Contains("StunAttributeType." + f.Name, StringComparison.Ordinal)
                        && f.Name is not ("MessageIntegrity" or "MessageIntegritySha256" or "Fingerprint"))
            .Select(f => f.Name)
            .ToList();
        Assert.Empty(missing);
        Assert.All(constants, t => Assert.True(StunAttributeType.IsKnown(t)));
    }

    private static string ProjectDirectory([System.Runtime.CompilerServices.CallerFilePath] string path = "") =>
        Path.GetDirectoryName(path)!;
}
