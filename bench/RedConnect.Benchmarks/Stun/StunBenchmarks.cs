using System.Net;
using BenchmarkDotNet.Attributes;
using RedConnect.Stun;

namespace RedConnect.Benchmarks.Stun;

/// <summary>
/// The per-packet STUN work of the TURN server and the ICE-lite agent: parse a Binding request, verify its
/// MESSAGE-INTEGRITY and FINGERPRINT, write the Binding success response. All must allocate 0 B.
/// </summary>
[MemoryDiagnoser]
public class StunBenchmarks
{
    private static readonly byte[] Key = "VOkJxbRl1RmTxUk/WvJxBt"u8.ToArray();
    private static readonly StunAddress Mapped = StunAddress.FromIPEndPoint(IPEndPoint.Parse("192.0.2.1:32853"));
    private readonly StunIntegrityKey _preparedKey = new(Key);
    private readonly byte[] _response = new byte[1500];
    private byte[] _bindingRequest = [];

    [GlobalSetup]
    public void Setup()
    {
        // An ICE connectivity check as a browser sends it (RFC 8445 §7.1.2): USERNAME, ICE-CONTROLLING,
        // USE-CANDIDATE, PRIORITY, MESSAGE-INTEGRITY, FINGERPRINT.
        var buffer = new byte[256];
        Span<byte> tid = stackalloc byte[StunMessage.TransactionIdLength];
        StunMessageWriter.NewTransactionId(tid);
        var writer = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.Request, tid);
        writer.AddText(StunAttributeType.Username, "svWh:o7bQ");
        writer.AddUInt64(StunAttributeType.IceControlling, 0x932ff9b151263b36UL);
        writer.AddFlag(StunAttributeType.UseCandidate);
        writer.AddUInt32(StunAttributeType.Priority, 0x6e0001ff);
        writer.AddMessageIntegrity(Key);
        writer.AddFingerprint();
        _bindingRequest = writer.Written.ToArray();

        if (!StunMessageReader.TryParse(_bindingRequest, out var msg) || !msg.VerifyMessageIntegrity(Key) || !msg.VerifyFingerprint())
        {
            throw new InvalidOperationException("benchmark input does not verify");
        }
    }

    [Benchmark]
    public uint ParseBindingRequest()
    {
        StunMessageReader.TryParse(_bindingRequest, out var msg);
        msg.TryGetValue(StunAttributeType.Username, out var username);
        msg.TryGetUInt32(StunAttributeType.Priority, out var priority);
        return priority + (uint)username.Length;
    }

    [Benchmark]
    public bool VerifyIntegrityAndFingerprint()
    {
        StunMessageReader.TryParse(_bindingRequest, out var msg);
        return msg.VerifyFingerprint() && msg.VerifyMessageIntegrity(Key);
    }

    [Benchmark]
    public bool VerifyIntegrityAndFingerprintPreparedKey()
    {
        StunMessageReader.TryParse(_bindingRequest, out var msg);
        return msg.VerifyFingerprint() && msg.VerifyMessageIntegrity(_preparedKey);
    }

    [Benchmark]
    public int WriteBindingSuccessResponse()
    {
        var writer = new StunMessageWriter(_response, StunMethod.Binding, StunClass.SuccessResponse,
            _bindingRequest.AsSpan(8, StunMessage.TransactionIdLength));
        writer.AddXorAddress(StunAttributeType.XorMappedAddress, Mapped);
        writer.AddMessageIntegrity(Key);
        writer.AddFingerprint();
        return writer.Length;
    }

    [Benchmark]
    public int WriteBindingSuccessResponsePreparedKey()
    {
        var writer = new StunMessageWriter(_response, StunMethod.Binding, StunClass.SuccessResponse,
            _bindingRequest.AsSpan(8, StunMessage.TransactionIdLength));
        writer.AddXorAddress(StunAttributeType.XorMappedAddress, Mapped);
        writer.AddMessageIntegrity(_preparedKey);
        writer.AddFingerprint();
        return writer.Length;
    }

    [Benchmark]
    public bool VerifyFingerprintOnly()
    {
        StunMessageReader.TryParse(_bindingRequest, out var msg);
        return msg.VerifyFingerprint();
    }
}
