using System.Security.Cryptography;
using RedConnect.Sfu.Srtp.Native;

namespace RedConnect.Sfu.Tests.Srtp;

/// <summary>
/// The AES-CM MAC primitive of the native path: RFC 2104 around libcrypto's SHA-1 on saved pad states
/// (and its HMAC_CTX fallback) against RFC 2202's HMAC-SHA1 test cases 1–7 — keys shorter than, equal to
/// and longer than the 64-byte block (longer keys are hashed first) — and against HMACSHA1 for random keys
/// and message lengths around the block boundaries.
/// </summary>
public class NativeHmacSha1Tests
{
    public static TheoryData<string, string, string, bool> Rfc2202Cases
    {
        get
        {
            var data = new TheoryData<string, string, string, bool>();
            foreach (bool sha1States in new[] { true, false })
            {
                // key (hex), data (hex), HMAC-SHA1 (hex)
                data.Add(Hex(Repeat(0x0b, 20)), Hex("Hi There"u8), "b617318655057264e28bc0b6fb378c8ef146be00", sha1States);
                data.Add(Hex("Jefe"u8), Hex("what do ya want for nothing?"u8), "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79", sha1States);
                data.Add(Hex(Repeat(0xaa, 20)), Hex(Repeat(0xdd, 50)), "125d7342b9ac11cd91a39af48aa17b4f63f175d3", sha1States);
                data.Add("0102030405060708090a0b0c0d0e0f10111213141516171819", Hex(Repeat(0xcd, 50)), "4c9007f4026250c6bc8414f9bf50c86c2d7235da", sha1States);
                data.Add(Hex(Repeat(0x0c, 20)), Hex("Test With Truncation"u8), "4c1a03424b55e07fe7f27be1d58bb9324a9a5a04", sha1States);
                data.Add(Hex(Repeat(0xaa, 80)), Hex("Test Using Larger Than Block-Size Key - Hash Key First"u8), "aa4ae5e15272d00e95705637ce8a3b55ed402112", sha1States);
                data.Add(Hex(Repeat(0xaa, 80)), Hex("Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data"u8), "e8e99d0f45237d786d6bbaa7965c7808bbff1a91", sha1States);
            }

            return data;
        }
    }

    [Fact]
    public void Pad_state_path_passes_the_startup_check_and_is_the_default()
    {
        Assert.True(LibCrypto.HmacFromSha1States);
        using var hmac = new NativeHmacSha1(new byte[20]);
        Assert.True(hmac.UsesSha1States);
    }

    [Theory]
    [MemberData(nameof(Rfc2202Cases))]
    public void Rfc2202_hmac_sha1_test_cases(string keyHex, string dataHex, string expectedHex, bool sha1States)
    {
        using var hmac = new NativeHmacSha1(Convert.FromHexString(keyHex), sha1States);
        Assert.Equal(sha1States, hmac.UsesSha1States);
        var data = Convert.FromHexString(dataHex);
        var mac = new byte[20];
        // Twice: the saved states must be untouched by a computation.
        for (int i = 0; i < 2; i++)
        {
            Assert.True(hmac.Compute(data, mac));
            Assert.Equal(expectedHex, Convert.ToHexStringLower(mac));
        }

        // RFC 2202 case 5 also gives the 96-bit truncation; SRTP truncates the same way (80 / 32 bits).
        if (expectedHex.StartsWith("4c1a0342", StringComparison.Ordinal)) Assert.Equal("4c1a03424b55e07fe7f27be1", Convert.ToHexStringLower(mac.AsSpan(0, 12)));
    }

    [Fact]
    public void Matches_HMACSHA1_for_random_keys_and_lengths()
    {
        var random = new Random(2202);
        int[] keyLengths = [0, 1, 16, 20, 63, 64, 65, 100, 200];
        int[] dataLengths = [0, 1, 19, 20, 55, 56, 63, 64, 65, 119, 120, 128, 1204, 1404];
        foreach (int keyLength in keyLengths)
        {
            var key = new byte[keyLength];
            random.NextBytes(key);
            using var states = new NativeHmacSha1(key, sha1States: true);
            using var ctx = new NativeHmacSha1(key, sha1States: false);
            foreach (int dataLength in dataLengths)
            {
                var data = new byte[dataLength];
                random.NextBytes(data);
                var expected = HMACSHA1.HashData(key, data);
                var a = new byte[20];
                var b = new byte[20];
                Assert.True(states.Compute(data, a));
                Assert.True(ctx.Compute(data, b));
                Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(a));
                Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(b));
            }
        }
    }

    [Fact]
    public void Compute_allocates_nothing()
    {
        using var hmac = new NativeHmacSha1(new byte[20]);
        var data = new byte[1204];
        var mac = new byte[20];
        for (int i = 0; i < 100; i++) hmac.Compute(data, mac);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++) hmac.Compute(data, mac);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static byte[] Repeat(byte value, int count) => Enumerable.Repeat(value, count).ToArray();

    private static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);
}
