using System.Buffers.Binary;
using System.Net;

namespace RedConnect.Stun.Tests;

/// <summary>Writer behaviour beyond round trips: header upkeep, padding, programmer-error exceptions.</summary>
public class WriterTests
{
    private static readonly byte[] Tid = TestVectors.Hex("b7 e7 a7 01", "bc 34 d6 86", "fa 87 df ae");

    [Fact]
    public void Header_carries_type_cookie_transaction_id_and_running_length()
    {
        var buffer = new byte[64];
        var writer = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.SuccessResponse, Tid);
        Assert.Equal(20, writer.Length);
        Assert.Equal(TestVectors.Hex("01 01 00 00", "21 12 a4 42", "b7 e7 a7 01", "bc 34 d6 86", "fa 87 df ae"), writer.Written.ToArray());

        writer.AddText(StunAttributeType.Software, "abcde");
        Assert.Equal(32, writer.Length);
        Assert.Equal(12, BinaryPrimitives.ReadUInt16BigEndian(writer.Written[2..]));
        Assert.Equal(Tid, writer.TransactionId.ToArray());
    }

    [Fact]
    public void Padding_is_written_as_zero_even_over_dirty_buffers()
    {
        var buffer = Enumerable.Repeat((byte)0xAA, 64).ToArray();
        var writer = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.Request, Tid);
        writer.AddAttribute(StunAttributeType.Username, "a"u8);
        Assert.Equal(TestVectors.Hex("00 06 00 01", "61 00 00 00"), writer.Written[20..].ToArray());
    }

    [Fact]
    public void Binding_success_response_mirrors_request_transaction()
    {
        Assert.True(StunMessageReader.TryParse(TestVectors.SampleRequest, out var request));
        var buffer = new byte[128];
        var writer = new StunMessageWriter(buffer, request.Method, StunClass.SuccessResponse, request.TransactionId);
        writer.AddXorAddress(StunAttributeType.XorMappedAddress, StunAddress.FromIPEndPoint(IPEndPoint.Parse("192.0.2.1:32853")));
        writer.AddMessageIntegrity("VOkJxbRl1RmTxUk/WvJxBt"u8);
        writer.AddFingerprint();

        // Same transaction, same address, same password as RFC 5769 §2.2: the XOR-MAPPED-ADDRESS bytes match.
        Assert.True(StunMessageReader.TryParse(writer.Written, out var response));
        Assert.Equal(request.TransactionId.ToArray(), response.TransactionId.ToArray());
        Assert.True(response.TryGetValue(StunAttributeType.XorMappedAddress, out var xor));
        Assert.Equal(TestVectors.SampleIPv4Response.AsSpan(40, 8).ToArray(), xor.ToArray());
        Assert.True(response.VerifyMessageIntegrity("VOkJxbRl1RmTxUk/WvJxBt"u8));
        Assert.True(response.VerifyFingerprint());
    }

    [Fact]
    public void Too_small_buffer_throws_argument_exception()
    {
        Assert.Throws<ArgumentException>(() => new StunMessageWriter(new byte[19], StunMethod.Binding, StunClass.Request, Tid));
        Assert.Throws<ArgumentException>(() =>
        {
            var writer = new StunMessageWriter(new byte[28], StunMethod.Binding, StunClass.Request, Tid);
            writer.AddText(StunAttributeType.Software, "12345");
        });
        Assert.Throws<ArgumentException>(() =>
        {
            var writer = new StunMessageWriter(new byte[40], StunMethod.Binding, StunClass.Request, Tid);
            writer.AddMessageIntegrity("k"u8);
        });
    }

    [Fact]
    public void Malformed_transaction_id_throws()
    {
        Assert.Throws<ArgumentException>(() => new StunMessageWriter(new byte[64], StunMethod.Binding, StunClass.Request, new byte[8]));
    }

    [Fact]
    public void Attributes_after_integrity_or_fingerprint_throw()
    {
        Assert.Throws<InvalidOperationException>(() =>
        {
            var writer = new StunMessageWriter(new byte[128], StunMethod.Binding, StunClass.Request, Tid);
            writer.AddMessageIntegrity("k"u8);
            writer.AddUInt32(StunAttributeType.Priority, 1);
        });
        Assert.Throws<InvalidOperationException>(() =>
        {
            var writer = new StunMessageWriter(new byte[128], StunMethod.Binding, StunClass.Request, Tid);
            writer.AddFingerprint();
            writer.AddMessageIntegrity("k"u8);
        });
        Assert.Throws<InvalidOperationException>(() =>
        {
            var writer = new StunMessageWriter(new byte[128], StunMethod.Binding, StunClass.Request, Tid);
            writer.AddMessageIntegritySha256("k"u8);
            writer.AddMessageIntegrity("k"u8);
        });
    }

    [Fact]
    public void Error_code_outside_300_to_699_throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
        {
            var writer = new StunMessageWriter(new byte[128], StunMethod.Binding, StunClass.ErrorResponse, Tid);
            writer.AddErrorCode(200);
        });
    }

    [Fact]
    public void New_transaction_ids_are_random()
    {
        Span<byte> a = stackalloc byte[12];
        Span<byte> b = stackalloc byte[12];
        StunMessageWriter.NewTransactionId(a);
        StunMessageWriter.NewTransactionId(b);
        Assert.False(a.SequenceEqual(b));
    }
}
