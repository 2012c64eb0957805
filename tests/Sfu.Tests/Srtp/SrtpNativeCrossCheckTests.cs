using RedConnect.Sfu.Rtp;
using RedConnect.Sfu.Srtp;

namespace RedConnect.Sfu.Tests.Srtp;

/// <summary>
/// The libcrypto path and the managed System.Security.Cryptography path are interchangeable: for random
/// keys, SSRCs, sequence numbers (across a wrap), header extensions and payload sizes, both produce the
/// same protected bytes, and each unprotects the other's output. RTCP too.
/// </summary>
public class SrtpNativeCrossCheckTests
{
    public static TheoryData<SrtpProfile> Profiles => new()
    {
        SrtpProfile.Aes128CmHmacSha1_80,
        SrtpProfile.Aes128CmHmacSha1_32,
        SrtpProfile.AeadAes128Gcm,
    };

    [Fact]
    public void Native_path_is_available_and_the_process_default_on_linux()
    {
        Assert.True(SrtpCrypto.NativeAvailable);
        if (Environment.GetEnvironmentVariable("RC_SRTP_NATIVE") != "0") Assert.True(SrtpCrypto.UseNative);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Native_and_managed_rtp_are_byte_identical_and_interoperate(SrtpProfile profile)
    {
        var random = new Random((int)profile * 7919 + 1);
        for (int session = 0; session < 8; session++)
        {
            var key = RandomKey(random, profile);
            using var nativeSender = new SrtpContext(profile, key, SrtpCryptoBackend.Native);
            using var managedSender = new SrtpContext(profile, key, SrtpCryptoBackend.Managed);
            using var nativeReceiver = new SrtpContext(profile, key, SrtpCryptoBackend.Native);
            using var managedReceiver = new SrtpContext(profile, key, SrtpCryptoBackend.Managed);
            uint ssrc = (uint)random.Next();
            ushort seq = (ushort)random.Next(65536 - 100, 65536); // wraps within the session: ROC 0 → 1
            int[] sizes = [0, 1, 15, 16, 17, 31, 100, 160, 255, 1000, 1200, 1400];
            for (int i = 0; i < 60; i++, seq++)
            {
                int payloadLength = i < sizes.Length ? sizes[i] : random.Next(0, 1401);
                var plain = RandomRtp(random, seq, ssrc, payloadLength);
                var n = Protect(nativeSender, plain);
                var m = Protect(managedSender, plain);
                Assert.Equal(TestHex.Of(m), TestHex.Of(n));

                // Each side opens the other's packet; replay state is per receiver, so the same wire
                // bytes are given to one receiver only.
                var wire = i % 2 == 0 ? n : m;
                var receiver = i % 2 == 0 ? managedReceiver : nativeReceiver;
                var copy = (byte[])wire.Clone();
                Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtp(copy, out int length));
                Assert.Equal(TestHex.Of(plain), TestHex.Of(copy.AsSpan(0, length)));

                // A flipped bit (anywhere: header bits may also make it malformed) or a flipped tag bit
                // fails on the other path without throwing.
                var other = i % 2 == 0 ? nativeReceiver : managedReceiver;
                var forged = (byte[])wire.Clone();
                forged[random.Next(forged.Length)] ^= (byte)(1 << random.Next(8));
                Assert.NotEqual(SrtpResult.Ok, other.UnprotectRtp(forged, out _));
                forged = (byte[])wire.Clone();
                forged[^1] ^= 0x20;
                Assert.Equal(SrtpResult.AuthFailed, other.UnprotectRtp(forged, out _));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Native_and_managed_rtcp_are_byte_identical_and_interoperate(SrtpProfile profile)
    {
        var random = new Random((int)profile * 104729 + 3);
        var key = RandomKey(random, profile);
        using var nativeSender = new SrtpContext(profile, key, SrtpCryptoBackend.Native);
        using var managedSender = new SrtpContext(profile, key, SrtpCryptoBackend.Managed);
        using var nativeReceiver = new SrtpContext(profile, key, SrtpCryptoBackend.Native);
        using var managedReceiver = new SrtpContext(profile, key, SrtpCryptoBackend.Managed);
        uint ssrc = (uint)random.Next();
        nativeSender.SetNextSrtcpIndex(ssrc, 0x0012_3456);
        managedSender.SetNextSrtcpIndex(ssrc, 0x0012_3456);
        for (int i = 0; i < 40; i++)
        {
            int length = 8 + 4 * random.Next(0, 60);
            var plain = new byte[length];
            random.NextBytes(plain);
            plain[0] = 0x81;
            plain[1] = 200;
            plain[4] = (byte)(ssrc >> 24);
            plain[5] = (byte)(ssrc >> 16);
            plain[6] = (byte)(ssrc >> 8);
            plain[7] = (byte)ssrc;
            var n = ProtectRtcp(nativeSender, plain);
            var m = ProtectRtcp(managedSender, plain);
            Assert.Equal(TestHex.Of(m), TestHex.Of(n));
            var receiver = i % 2 == 0 ? managedReceiver : nativeReceiver;
            var copy = (byte[])(i % 2 == 0 ? n : m).Clone();
            Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtcp(copy, out int plainLength));
            Assert.Equal(TestHex.Of(plain), TestHex.Of(copy.AsSpan(0, plainLength)));
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Disposing_twice_is_harmless(SrtpProfile profile)
    {
        var context = new SrtpContext(profile, RandomKey(new Random(1), profile), SrtpCryptoBackend.Native);
        context.Dispose();
        context.Dispose();
    }

    private static SrtpMasterKey RandomKey(Random random, SrtpProfile profile)
    {
        var key = new byte[profile.KeyLength()];
        var salt = new byte[profile.SaltLength()];
        random.NextBytes(key);
        random.NextBytes(salt);
        return new SrtpMasterKey(key, salt);
    }

    private static byte[] RandomRtp(Random random, ushort seq, uint ssrc, int payloadLength)
    {
        var payload = new byte[payloadLength];
        random.NextBytes(payload);
        var csrcs = new uint[random.Next(0, 3)];
        Span<byte> ext = stackalloc byte[8];
        int extLength = 0;
        if (random.Next(2) == 0) RtpPacketWriter.TryWriteOneByteElement(ext, 1, new byte[] { 0x42, 0x43, 0x44 }, out extLength);
        var buffer = new byte[RtpHeader.FixedLength + 4 * csrcs.Length + 12 + payloadLength];
        Assert.True(RtpPacketWriter.TryWrite(buffer, 96, random.Next(2) == 0, seq, (uint)random.Next(), ssrc, csrcs, ext.Slice(0, extLength), payload, out int n));
        return buffer.AsSpan(0, n).ToArray();
    }

    private static byte[] Protect(SrtpContext sender, byte[] plain)
    {
        var buffer = new byte[plain.Length + sender.RtpOverhead];
        plain.CopyTo(buffer, 0);
        Assert.Equal(SrtpResult.Ok, sender.ProtectRtp(buffer, plain.Length, out int n));
        return buffer.AsSpan(0, n).ToArray();
    }

    private static byte[] ProtectRtcp(SrtpContext sender, byte[] plain)
    {
        var buffer = new byte[plain.Length + sender.RtcpOverhead];
        plain.CopyTo(buffer, 0);
        Assert.Equal(SrtpResult.Ok, sender.ProtectRtcp(buffer, plain.Length, out int n));
        return buffer.AsSpan(0, n).ToArray();
    }
}
