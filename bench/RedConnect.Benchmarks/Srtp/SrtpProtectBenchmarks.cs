using BenchmarkDotNet.Attributes;
using RedConnect.Sfu.Rtp;
using RedConnect.Sfu.Srtp;

namespace RedConnect.Benchmarks.Srtp;

/// <summary>
/// ProtectRtp in place for 100-byte (audio) and 1200-byte (video) payloads, both profiles.
/// dotnet run -c Release --project bench/RedConnect.Benchmarks -- --filter '*Srtp*' --job short
/// </summary>
[MemoryDiagnoser]
public class SrtpProtectBenchmarks
{
    private SrtpContext _sender = null!;
    private byte[] _template = null!;
    private byte[] _buffer = null!;
    private int _length;
    private ushort _seq;

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
        _sender = new SrtpContext(Profile, SrtpBenchmarkPackets.MasterKey(Profile, 1), Backend);
        _template = SrtpBenchmarkPackets.Plain(PayloadSize, out _length);
        _buffer = new byte[_template.Length];
    }

    [GlobalCleanup]
    public void Cleanup() => _sender.Dispose();

    [Benchmark]
    public int ProtectRtp()
    {
        _template.AsSpan(0, _length).CopyTo(_buffer);
        RtpHeaderWriter.SetSequenceNumber(_buffer, _seq++);
        _sender.ProtectRtp(_buffer, _length, out int n);
        return n;
    }
}
