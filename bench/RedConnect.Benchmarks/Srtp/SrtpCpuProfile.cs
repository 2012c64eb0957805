using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using RedConnect.Benchmarks.Routing;
using RedConnect.Sfu.Rtp;
using RedConnect.Sfu.Srtp;

namespace RedConnect.Benchmarks.Srtp;

/// <summary>
/// SRTP cost as CPU time of the measuring thread (clock_gettime(CLOCK_THREAD_CPUTIME_ID)), so other
/// processes on a shared machine do not inflate it the way they inflate wall-clock benchmarks. Times the
/// building blocks (AES-CTR keystream, HMAC-SHA1, AES-GCM) next to whole SRTP ops and the forward path,
/// each as the median of several rounds, in ns per op: compare with `openssl speed` (user CPU time).
/// dotnet run -c Release --project bench/RedConnect.Benchmarks -- srtp-cpu [rounds] [milliseconds-per-round]
/// </summary>
public static partial class SrtpCpuProfile
{
    private const int ClockThreadCpuTime = 3; // Linux <time.h>

    public static int Run(string[] args)
    {
        int rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        int milliseconds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 300;
        Console.WriteLine($"# SRTP CPU profile: median of {rounds} rounds × ~{milliseconds} ms thread CPU; ns per op; load {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine("| case | 100 B | 1200 B |");
        Console.WriteLine("| --- | --- | --- |");
        int[] sizes = [100, 1200];
        Row("AES-128-ECB ICryptoTransform.TransformBlock (size rounded up to 16)", sizes, size => EcbTransformBlock(size), rounds, milliseconds);
        Row("AES-128-ECB Aes.EncryptEcb(span, span)", sizes, size => EcbOneShot(size), rounds, milliseconds);
        Row("AES-128-CTR keystream (AesCounterMode.Apply)", sizes, size => AesCtr(size), rounds, milliseconds);
        Row("HMAC-SHA1 (IncrementalHash, size+4 bytes)", sizes, size => HmacSha1(size), rounds, milliseconds);
        Row("AES-128-GCM encrypt (AesGcm, 20 B AAD)", sizes, size => AesGcmEncrypt(size), rounds, milliseconds);
        foreach (SrtpProfile profile in new[] { SrtpProfile.Aes128CmHmacSha1_80, SrtpProfile.AeadAes128Gcm })
        {
            Row($"{profile} ProtectRtp", sizes, size => Protect(profile, size, out _), rounds, milliseconds);
            Row($"{profile} protect + UnprotectRtp", sizes, size => ProtectUnprotect(profile, size), rounds, milliseconds);
            foreach (int subscribers in new[] { 1, 8 })
            {
                Row($"{profile} ForwardPath.Forward, {subscribers} sub", sizes, size => Forward(profile, subscribers, size, baseline: false), rounds, milliseconds);
                Row($"{profile} ForwardPath.PublisherProtect, {subscribers} sub", sizes, size => Forward(profile, subscribers, size, baseline: true), rounds, milliseconds);
            }
        }

        return 0;
    }

    private static void Row(string name, int[] sizes, Func<int, Action> create, int rounds, int milliseconds)
    {
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
