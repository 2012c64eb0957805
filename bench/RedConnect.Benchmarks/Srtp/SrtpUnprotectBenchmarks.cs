using BenchmarkDotNet.Attributes;
using RedConnect.Sfu.Rtp;
using RedConnect.Sfu.Srtp;

namespace RedConnect.Benchmarks.Srtp;

/// <summary>
/// UnprotectRtp, and the SFU forward path (unprotect from the publisher, protect for one subscriber),
/// in place. Replay protection forbids unprotecting one packet twice, so each iteration starts with a
/// ring of <see cref="RingSize"/> freshly protected packets (set up outside the measurement) and every
/// invocation consumes the next one.
/// </summary>
[MemoryDiagnoser]
[InvocationCount(RingSize)]
public class SrtpUnprotectBenchmarks
{
    private const int RingSize = 4096;

    private SrtpContext _publisher = null!;
    private SrtpContext _sfuReceive = null!;
    private SrtpContext _sfuSend = null!;
    private byte[][] _ring = null!;
    private int[] _ringLengths = null!;
    private byte[] _template = null!;
    private int _length;
    private ushort _seq;
    private int _next;
    private long _failures;

    [Params(SrtpProfile.Aes128CmHmacSha1_80, SrtpProfile.AeadAes128Gcm)]
    public SrtpProfile Profile { get; set; }

    [Params(100, 1200)]
    public int PayloadSize { get; set; }

    /// <summary>True: libcrypto directly; false: the managed System.Security.Cryptography fallback.</summary>
    [Params(true, false)]
    public bool Native { get; set; }

    private SrtpCryptoBackend Backend => Native ? SrtpCryptoBackend.Native : SrtpCryptoBackend.Managed;

    [GlobalSetup]
    public void Setup()
    {
        _publisher = new SrtpContext(Profile, SrtpBenchmarkPackets.MasterKey(Profile, 1), Backend);
        _sfuReceive = new SrtpContext(Profile, SrtpBenchmarkPackets.MasterKey(Profile, 1), Backend);
        _sfuSend = new SrtpContext(Profile, SrtpBenchmarkPackets.MasterKey(Profile, 2), Backend);
        _template = SrtpBenchmarkPackets.Plain(PayloadSize, out _length);
        _ring = Enumerable.Range(0, RingSize).Select(_ => new byte[_template.Length]).ToArray();
        _ringLengths = new int[RingSize];
    }

    [IterationSetup]
    public void FillRing()
    {
        for (int i = 0; i < RingSize; i++)
        {
            _template.AsSpan(0, _length).CopyTo(_ring[i]);
            RtpHeaderWriter.SetSequenceNumber(_ring[i], _seq++);
            _publisher.ProtectRtp(_ring[i], _length, out _ringLengths[i]);
        }
        _next = 0;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        // A benchmark that measured rejected packets would be measuring the wrong thing.
        if (_failures > 0) throw new InvalidOperationException($"{_failures} packets were not unprotected.");
        _publisher.Dispose();
        _sfuReceive.Dispose();
        _sfuSend.Dispose();
    }

    [Benchmark]
    public SrtpResult UnprotectRtp()
    {
        int i = _next++;
        var result = _sfuReceive.UnprotectRtp(_ring[i].AsSpan(0, _ringLengths[i]), out _);
        if (result != SrtpResult.Ok) _failures++;
        return result;
    }

    /// <summary>The SFU's crypto per forwarded packet to one subscriber: unprotect once, protect again.</summary>
    [Benchmark]
    public SrtpResult ForwardUnprotectProtect()
    {
        int i = _next++;
        var packet = _ring[i];
        var result = _sfuReceive.UnprotectRtp(packet.AsSpan(0, _ringLengths[i]), out int plain);
        if (result != SrtpResult.Ok)
        {
            _failures++;
            return result;
        }
        return _sfuSend.ProtectRtp(packet, plain, out _);
    }
}
