using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using RedConnect.Benchmarks.Routing;
using RedConnect.Sfu.Rtp;
using RedConnect.Sfu.Srtp;
using RedConnect.Sfu.Srtp.Native;

namespace RedConnect.Benchmarks.Srtp;

/// <summary>
/// SRTP cost as CPU time of the measuring thread (clock_gettime(CLOCK_THREAD_CPUTIME_ID)), so other
/// processes on a shared machine do not inflate it the way they inflate wall-clock benchmarks. Times the
/// building blocks (AES-CTR keystream, HMAC-SHA1, AES-GCM) next to whole SRTP ops and the forward path,
/// each as the median of several rounds, in ns per op: compare with `openssl speed` (user CPU time).
/// dotnet run -c Release --project bench/RedConnect.Benchmarks -- srtp-cpu [rounds] [milliseconds-per-round] [row-filter]
/// RC_SRTP_NATIVE=0 measures the SRTP rows on the managed System.Security.Cryptography fallback.
/// </summary>
public static partial class SrtpCpuProfile
{
    private const int ClockThreadCpuTime = 3; // Linux <time.h>

    public static int Run(string[] args)
    {
        int rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        int milliseconds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 300;
        _filter = args.Length > 3 ? args[3] : null; // only rows whose name contains this
        Console.WriteLine($"# SRTP CPU profile: median of {rounds} rounds × ~{milliseconds} ms thread CPU; ns per op; load {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine($"# SRTP contexts use {(SrtpCrypto.UseNative ? "libcrypto directly (native)" : "System.Security.Cryptography (managed)")}; RC_SRTP_NATIVE=0 forces managed");
        Console.WriteLine("| case | 100 B | 1200 B |");
        Console.WriteLine("| --- | --- | --- |");
        int[] sizes = [100, 1200];
        Row("AES-128-ECB ICryptoTransform.TransformBlock (size rounded up to 16)", sizes, size => EcbTransformBlock(size), rounds, milliseconds);
        Row("AES-128-ECB Aes.EncryptEcb(span, span)", sizes, size => EcbOneShot(size), rounds, milliseconds);
        Row("AES-128-CTR keystream (AesCounterMode.Apply)", sizes, size => AesCtr(size), rounds, milliseconds);
        Row("HMAC-SHA1 (IncrementalHash, size+4 bytes)", sizes, size => HmacSha1(size), rounds, milliseconds);
        Row("AES-128-GCM encrypt (AesGcm, 20 B AAD)", sizes, size => AesGcmEncrypt(size), rounds, milliseconds);
        if (LibCrypto.IsAvailable)
        {
            Row("native AES-128-CTR (EVP_EncryptInit_ex iv + EVP_EncryptUpdate)", sizes, size => NativeCtr(size), rounds, milliseconds);
            Row("native AES-128-CTR (AesCounterMode on EVP ECB)", sizes, size => NativeCtrFromEcb(size), rounds, milliseconds);
            Row("native HMAC-SHA1 (used: RFC 2104 on saved SHA1 pad states, NativeHmacSha1, size+4 bytes)", sizes, size => NativeHmacSha1States(size, sha1States: true), rounds, milliseconds);
            Row("native HMAC-SHA1 fallback (HMAC_Init_ex reuse + Update + Final, NativeHmacSha1)", sizes, size => NativeHmacSha1States(size, sha1States: false), rounds, milliseconds);
            Row("native HMAC-SHA1 (HMAC_Init_ex reuse + Update + Final, size+4 bytes)", sizes, size => NativeHmac(size), rounds, milliseconds);
            Row("native HMAC-SHA1 alternative: EVP_MAC_init(ctx, NULL, 0, NULL) reuse + update + final", sizes, size => EvpMacHmac(size, dup: false), rounds, milliseconds);
            Row("native HMAC-SHA1 alternative: EVP_MAC_CTX_dup of a keyed ctx + update + final + free", sizes, size => EvpMacHmac(size, dup: true), rounds, milliseconds);
            Row("native AES-128-GCM encrypt (EVP, 20 B AAD, final + get tag)", sizes, size => NativeGcm(size), rounds, milliseconds);
        }
        foreach (SrtpProfile profile in new[] { SrtpProfile.Aes128CmHmacSha1_80, SrtpProfile.AeadAes128Gcm })
        {
            Row($"{profile} ProtectRtp", sizes, size => Protect(profile, size, out _), rounds, milliseconds);
            Row($"{profile} protect + UnprotectRtp", sizes, size => ProtectUnprotect(profile, size), rounds, milliseconds);
            Row($"{profile} UnprotectRtp of a forged packet (wrong tag)", sizes, size => UnprotectForged(profile, size), rounds, milliseconds);
            foreach (int subscribers in new[] { 1, 8 })
            {
                Row($"{profile} ForwardPath.Forward, {subscribers} sub", sizes, size => Forward(profile, subscribers, size, baseline: false), rounds, milliseconds);
                Row($"{profile} ForwardPath.PublisherProtect, {subscribers} sub", sizes, size => Forward(profile, subscribers, size, baseline: true), rounds, milliseconds);
            }
        }

        Console.WriteLine($"# load at end {File.ReadAllText("/proc/loadavg").Trim()}");
        return 0;
    }

    private static string? _filter;

    private static void Row(string name, int[] sizes, Func<int, Action> create, int rounds, int milliseconds)
    {
        if (_filter is not null && !name.Contains(_filter, StringComparison.OrdinalIgnoreCase)) return;
        var cells = new List<string>();
        foreach (int size in sizes)
        {
            Action op = create(size);
            cells.Add(Measure(op, rounds, milliseconds).ToString("0", CultureInfo.InvariantCulture));
        }

        Console.WriteLine($"| {name} | {string.Join(" | ", cells)} |");
    }

    /// <summary>Median thread-CPU ns per call over <paramref name="rounds"/> rounds.</summary>
    public static double Measure(Action op, int rounds, int milliseconds)
    {
        for (int i = 0; i < 2000; i++) op(); // tiered JIT and caches warm
        int batch = 1000;
        long start = ThreadCpuNanoseconds();
        while (ThreadCpuNanoseconds() - start < 50_000_000)
        {
            for (int i = 0; i < batch; i++) op();
        }

        var results = new double[rounds];
        for (int r = 0; r < rounds; r++)
        {
            long iterations = 0;
            long begin = ThreadCpuNanoseconds();
            long elapsed;
            do
            {
                for (int i = 0; i < batch; i++) op();
                iterations += batch;
                elapsed = ThreadCpuNanoseconds() - begin;
            }
            while (elapsed < milliseconds * 1_000_000L);
            results[r] = (double)elapsed / iterations;
        }

        Array.Sort(results);
        return results[rounds / 2];
    }

    public static long ThreadCpuNanoseconds()
    {
        ClockGetTime(ClockThreadCpuTime, out TimeSpec now);
        return now.Seconds * 1_000_000_000L + now.Nanoseconds;
    }

    private static Action EcbTransformBlock(int size)
    {
        var aes = Aes.Create();
        aes.Key = new byte[16];
        aes.Mode = CipherMode.ECB;
        aes.Padding = PaddingMode.None;
        ICryptoTransform ecb = aes.CreateEncryptor();
        byte[] input = new byte[(size + 15) / 16 * 16];
        byte[] output = new byte[input.Length];
        return () => ecb.TransformBlock(input, 0, input.Length, output, 0);
    }

    private static Action EcbOneShot(int size)
    {
        var aes = Aes.Create();
        aes.Key = new byte[16];
        byte[] input = new byte[(size + 15) / 16 * 16];
        byte[] output = new byte[input.Length];
        return () => aes.EncryptEcb(input, output, PaddingMode.None);
    }

    private static Action AesCtr(int size)
    {
        var ctr = new AesCounterMode(new byte[16]);
        byte[] iv = new byte[16];
        byte[] data = new byte[size];
        return () => ctr.Apply(iv, data);
    }

    private static Action HmacSha1(int size)
    {
        var mac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, new byte[20]);
        byte[] data = new byte[size + 4];
        byte[] tag = new byte[20];
        return () =>
        {
            mac.AppendData(data);
            mac.GetHashAndReset(tag);
        };
    }

    private static Action AesGcmEncrypt(int size)
    {
        var gcm = new AesGcm(new byte[16], 16);
        byte[] nonce = new byte[12];
        byte[] aad = new byte[20];
        byte[] data = new byte[size];
        byte[] tag = new byte[16];
        return () => gcm.Encrypt(nonce, data, data, tag, aad);
    }

    private static unsafe Action NativeCtr(int size)
    {
        var handle = new EvpCipherContextHandle();
        nint ctx = handle.DangerousGetHandle();
        byte* key = stackalloc byte[16];
        LibCrypto.EvpEncryptInitEx(ctx, LibCrypto.EvpAes128Ctr(), 0, key, null);
        byte[] iv = new byte[16];
        byte[] data = new byte[size];
        return () =>
        {
            fixed (byte* i = iv)
            fixed (byte* d = data)
            {
                int n;
                LibCrypto.EvpEncryptInitEx(ctx, 0, 0, null, i);
                LibCrypto.EvpEncryptUpdate(ctx, d, &n, d, data.Length);
            }

            GC.KeepAlive(handle);
        };
    }

    private static Action NativeCtrFromEcb(int size)
    {
        var ctr = new AesCounterMode(new byte[16], native: true);
        byte[] iv = new byte[16];
        byte[] data = new byte[size];
        return () => ctr.Apply(iv, data);
    }

    private static unsafe Action NativeHmac(int size)
    {
        var handle = new HmacContextHandle();
        nint ctx = handle.DangerousGetHandle();
        byte* key = stackalloc byte[20];
        LibCrypto.HmacInitEx(ctx, key, 20, LibCrypto.EvpSha1(), 0);
        byte[] data = new byte[size + 4];
        byte[] tag = new byte[20];
        return () =>
        {
            fixed (byte* d = data)
            fixed (byte* t = tag)
            {
                uint n;
                LibCrypto.HmacInitEx(ctx, null, 0, 0, 0);
                LibCrypto.HmacUpdate(ctx, d, (nuint)data.Length);
                LibCrypto.HmacFinal(ctx, t, &n);
            }

            GC.KeepAlive(handle);
        };
    }

    /// <summary>
    /// The AES-CM cipher's MAC primitive: with <paramref name="sha1States"/>, RFC 2104 composed from
    /// libcrypto's SHA1_Update/SHA1_Final on copies of the keyed inner/outer SHA_CTX (no malloc; what the
    /// native path uses when <see cref="LibCrypto.HmacFromSha1States"/>); without, the HMAC_CTX fallback.
    /// </summary>
    private static unsafe Action NativeHmacSha1States(int size, bool sha1States)
    {
        var hmac = new NativeHmacSha1(new byte[20], sha1States);
        byte[] data = GC.AllocateArray<byte>(size + 4, pinned: true);
        byte[] tag = GC.AllocateArray<byte>(20, pinned: true);
        Random.Shared.NextBytes(data);
        if (!hmac.Compute(data, tag) || !tag.AsSpan().SequenceEqual(HMACSHA1.HashData(new byte[20], data)))
            throw new InvalidOperationException("NativeHmacSha1 differs from HMACSHA1");
        return () =>
        {
            fixed (byte* d = data)
            fixed (byte* t = tag)
            {
                hmac.Compute(d, data.Length, t);
            }
        };
    }

    [StructLayout(LayoutKind.Sequential)]
    private unsafe struct OsslParam
    {
        public byte* Key;
        public uint DataType;
        public void* Data;
        public nuint DataSize;
        public nuint ReturnSize;
    }

    private static unsafe Action EvpMacHmac(int size, bool dup)
    {
        nint mac = EvpMacFetch(0, "HMAC"u8, 0);
        nint template = EvpMacCtxNew(mac);
        byte[] name = GC.AllocateArray<byte>(16, pinned: true);
        "digest\0"u8.CopyTo(name);
        byte[] sha1 = GC.AllocateArray<byte>(8, pinned: true);
        "SHA1\0"u8.CopyTo(sha1);
        var parameters = stackalloc OsslParam[2];
        fixed (byte* n = name)
        fixed (byte* d = sha1)
        {
            parameters[0] = new OsslParam { Key = n, DataType = 4 /* OSSL_PARAM_UTF8_STRING */, Data = d, DataSize = 4, ReturnSize = nuint.MaxValue };
            parameters[1] = default;
            byte* key = stackalloc byte[20];
            if (EvpMacInit(template, key, 20, parameters) != 1) throw new InvalidOperationException("EVP_MAC_init failed");
        }

        byte[] data = GC.AllocateArray<byte>(size + 4, pinned: true);
        byte[] tag = GC.AllocateArray<byte>(20, pinned: true);
        return () =>
        {
            fixed (byte* d = data)
            fixed (byte* t = tag)
            {
                nuint n;
                if (dup)
                {
                    nint ctx = EvpMacCtxDup(template);
                    EvpMacUpdate(ctx, d, (nuint)data.Length);
                    EvpMacFinal(ctx, t, &n, 20);
                    EvpMacCtxFree(ctx);
                }
                else
                {
                    EvpMacInit(template, null, 0, null);
                    EvpMacUpdate(template, d, (nuint)data.Length);
                    EvpMacFinal(template, t, &n, 20);
                }
            }
        };
    }

    [LibraryImport("libcrypto.so.3", EntryPoint = "EVP_MAC_fetch")]
    private static partial nint EvpMacFetch(nint libraryContext, ReadOnlySpan<byte> algorithm, nint properties);

    [LibraryImport("libcrypto.so.3", EntryPoint = "EVP_MAC_CTX_new")]
    private static partial nint EvpMacCtxNew(nint mac);

    [LibraryImport("libcrypto.so.3", EntryPoint = "EVP_MAC_CTX_dup")]
    private static partial nint EvpMacCtxDup(nint ctx);

    [LibraryImport("libcrypto.so.3", EntryPoint = "EVP_MAC_CTX_free")]
    private static partial void EvpMacCtxFree(nint ctx);

    [LibraryImport("libcrypto.so.3", EntryPoint = "EVP_MAC_init")]
    private static unsafe partial int EvpMacInit(nint ctx, byte* key, nuint keyLength, OsslParam* parameters);

    [LibraryImport("libcrypto.so.3", EntryPoint = "EVP_MAC_update")]
    private static unsafe partial int EvpMacUpdate(nint ctx, byte* data, nuint length);

    [LibraryImport("libcrypto.so.3", EntryPoint = "EVP_MAC_final")]
    private static unsafe partial int EvpMacFinal(nint ctx, byte* output, nuint* outputLength, nuint outputSize);

    private static unsafe Action NativeGcm(int size)
    {
        var handle = new EvpCipherContextHandle();
        nint ctx = handle.DangerousGetHandle();
        byte* key = stackalloc byte[16];
        LibCrypto.EvpEncryptInitEx(ctx, LibCrypto.EvpAes128Gcm(), 0, key, null);
        byte[] nonce = new byte[12];
        byte[] aad = new byte[20];
        byte[] data = new byte[size];
        byte[] tag = new byte[16];
        return () =>
        {
            fixed (byte* i = nonce)
            fixed (byte* a = aad)
            fixed (byte* d = data)
            fixed (byte* t = tag)
            {
                int n;
                LibCrypto.EvpEncryptInitEx(ctx, 0, 0, null, i);
                LibCrypto.EvpEncryptUpdate(ctx, null, &n, a, aad.Length);
                LibCrypto.EvpEncryptUpdate(ctx, d, &n, d, data.Length);
                LibCrypto.EvpEncryptFinalEx(ctx, d + data.Length, &n);
                LibCrypto.EvpCipherCtxCtrl(ctx, LibCrypto.EvpCtrlGcmGetTag, 16, t);
            }

            GC.KeepAlive(handle);
        };
    }

    private static Action Protect(SrtpProfile profile, int size, out SrtpContext context)
    {
        var sender = new SrtpContext(profile, SrtpBenchmarkPackets.MasterKey(profile, 1));
        context = sender;
        byte[] template = SrtpBenchmarkPackets.Plain(size, out int length);
        byte[] buffer = new byte[template.Length];
        ushort seq = 0;
        return () =>
        {
            template.AsSpan(0, length).CopyTo(buffer);
            RtpHeaderWriter.SetSequenceNumber(buffer, seq++);
            sender.ProtectRtp(buffer, length, out _);
        };
    }

    private static Action ProtectUnprotect(SrtpProfile profile, int size)
    {
        var sender = new SrtpContext(profile, SrtpBenchmarkPackets.MasterKey(profile, 1));
        var receiver = new SrtpContext(profile, SrtpBenchmarkPackets.MasterKey(profile, 1));
        byte[] template = SrtpBenchmarkPackets.Plain(size, out int length);
        byte[] buffer = new byte[template.Length];
        ushort seq = 0;
        return () =>
        {
            template.AsSpan(0, length).CopyTo(buffer);
            RtpHeaderWriter.SetSequenceNumber(buffer, seq++);
            sender.ProtectRtp(buffer, length, out int protectedLength);
            if (receiver.UnprotectRtp(buffer.AsSpan(0, protectedLength), out _) != SrtpResult.Ok)
                throw new InvalidOperationException("unprotect failed");
        };
    }

    private static Action UnprotectForged(SrtpProfile profile, int size)
    {
        var sender = new SrtpContext(profile, SrtpBenchmarkPackets.MasterKey(profile, 1));
        var receiver = new SrtpContext(profile, SrtpBenchmarkPackets.MasterKey(profile, 1));
        byte[] template = SrtpBenchmarkPackets.Plain(size, out int length);
        byte[] wire = new byte[template.Length];
        template.AsSpan(0, length).CopyTo(wire);
        sender.ProtectRtp(wire, length, out int protectedLength);
        wire[protectedLength - 1] ^= 1;
        byte[] buffer = new byte[protectedLength];
        return () =>
        {
            wire.AsSpan(0, protectedLength).CopyTo(buffer);
            if (receiver.UnprotectRtp(buffer, out _) != SrtpResult.AuthFailed) throw new InvalidOperationException("forged packet accepted");
        };
    }

    private static Action Forward(SrtpProfile profile, int subscribers, int size, bool baseline)
    {
        var bench = new ForwardPathBenchmarks { Profile = profile, Subscribers = subscribers, PayloadSize = size };
        bench.Setup();
        return baseline ? () => bench.PublisherProtect() : () => bench.Forward();
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);
}
