using RedConnect.Sfu.Rtp;
using RedConnect.Sfu.Srtp;

namespace RedConnect.Sfu.Tests.Srtp;

/// <summary>Runs on libcrypto directly (the default here); <see cref="SrtpContextManagedTests"/> runs the same
/// tests on the managed System.Security.Cryptography fallback.</summary>
public class SrtpContextTests
{
    private readonly SrtpCryptoBackend _backend;

    public SrtpContextTests() : this(SrtpCryptoBackend.Native)
    {
    }

    private protected SrtpContextTests(SrtpCryptoBackend backend) => _backend = backend;

    private SrtpContext Create(SrtpProfile profile, SrtpMasterKey key)
    {
        var context = new SrtpContext(profile, key, _backend);
        Assert.Equal(_backend == SrtpCryptoBackend.Native, context.IsNative);
        return context;
    }

    public static TheoryData<SrtpProfile> Profiles => new()
    {
        SrtpProfile.Aes128CmHmacSha1_80,
        SrtpProfile.Aes128CmHmacSha1_32,
        SrtpProfile.AeadAes128Gcm,
    };

    private const uint Ssrc = 0x11223344;

    private static SrtpMasterKey MasterKey(SrtpProfile profile, byte seed = 1)
    {
        var key = Enumerable.Range(seed, profile.KeyLength()).Select(i => (byte)i).ToArray();
        var salt = Enumerable.Range(seed + 100, profile.SaltLength()).Select(i => (byte)i).ToArray();
        return new SrtpMasterKey(key, salt);
    }

    private (SrtpContext Sender, SrtpContext Receiver) Pair(SrtpProfile profile) =>
        (Create(profile, MasterKey(profile)), Create(profile, MasterKey(profile)));

    private static byte[] Rtp(ushort seq, int payloadLength = 50, byte fill = 0xAB)
    {
        var buffer = new byte[RtpHeader.FixedLength + 8 + payloadLength + 16];
        Span<byte> ext = stackalloc byte[3];
        RtpPacketWriter.TryWriteOneByteElement(ext, 1, new byte[] { 0x42, 0x43 }, out _);
        var payload = Enumerable.Repeat(fill, payloadLength).Select((b, i) => (byte)(b ^ i)).ToArray();
        Assert.True(RtpPacketWriter.TryWrite(buffer, 96, false, seq, 1000u * seq, Ssrc, ReadOnlySpan<uint>.Empty, ext, payload, out int n));
        return buffer.AsSpan(0, n).ToArray();
    }

    private static byte[] Protect(SrtpContext sender, byte[] plain)
    {
        var buffer = new byte[plain.Length + sender.RtpOverhead];
        plain.CopyTo(buffer, 0);
        Assert.Equal(SrtpResult.Ok, sender.ProtectRtp(buffer, plain.Length, out int n));
        Assert.Equal(buffer.Length, n);
        return buffer;
    }

    private static SrtpResult Unprotect(SrtpContext receiver, byte[] protectedPacket, out byte[] plain)
    {
        var copy = (byte[])protectedPacket.Clone();
        var result = receiver.UnprotectRtp(copy, out int n);
        plain = copy.AsSpan(0, n).ToArray();
        return result;
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Protect_then_unprotect_restores_the_packet_and_hides_the_payload(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        var plain = Rtp(1234);
        var wire = Protect(sender, plain);
        Assert.Equal(plain.AsSpan(0, 20).ToArray(), wire.AsSpan(0, 20).ToArray()); // header stays in clear
        Assert.NotEqual(plain.AsSpan(20).ToArray(), wire.AsSpan(20, plain.Length - 20).ToArray());
        Assert.Equal(profile.RtpTagLength(), wire.Length - plain.Length);
        Assert.Equal(SrtpResult.Ok, Unprotect(receiver, wire, out var back));
        Assert.Equal(plain, back);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Rollover_counter_follows_the_wrap_with_reordering(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        // Sender goes 65530..65535, 0..5 (ROC 0 → 1). The receiver gets them shuffled around the wrap.
        var sequence = Enumerable.Range(65530, 6).Concat(Enumerable.Range(0, 6)).Select(i => (ushort)i).ToArray();
        var wire = sequence.ToDictionary(s => s, s => Protect(sender, Rtp(s, fill: (byte)s)));
        Assert.True(sender.TryGetRolloverCounter(Ssrc, out uint senderRoc));
        Assert.Equal(1u, senderRoc);

        ushort[] arrival = { 65530, 65532, 65531, 0, 65534, 1, 65533, 65535, 3, 2, 5, 4 };
        foreach (ushort s in arrival)
        {
            Assert.Equal(SrtpResult.Ok, Unprotect(receiver, wire[s], out var plain));
            Assert.Equal(Rtp(s, fill: (byte)s), plain);
        }
        Assert.True(receiver.TryGetRolloverCounter(Ssrc, out uint receiverRoc));
        Assert.Equal(1u, receiverRoc);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Roc_guess_after_wrap_decrypts_a_second_cycle(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        // Walk two full wraps in steps of 1000 (well inside half the space), receiver sees every step.
        for (int i = 0; i < 140; i++)
        {
            ushort seq = (ushort)(i * 1000);
            Assert.Equal(SrtpResult.Ok, Unprotect(receiver, Protect(sender, Rtp(seq)), out var plain));
            Assert.Equal(Rtp(seq), plain);
        }
        Assert.True(receiver.TryGetRolloverCounter(Ssrc, out uint roc));
        Assert.Equal(2u, roc); // 139 000 / 65 536 = 2 wraps
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Replayed_packet_is_rejected_and_counted(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        var wire = Protect(sender, Rtp(10));
        Assert.Equal(SrtpResult.Ok, Unprotect(receiver, wire, out _));
        Assert.Equal(SrtpResult.Replay, Unprotect(receiver, wire, out _));
        Assert.Equal(1, receiver.ReplaysRejected);
        Assert.Equal(0, receiver.AuthenticationFailures);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Packet_older_than_the_64_packet_window_is_rejected(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        var old = Protect(sender, Rtp(100));
        for (ushort s = 101; s <= 164; s++) Protect(sender, Rtp(s));
        Assert.Equal(SrtpResult.Ok, Unprotect(receiver, Protect(sender, Rtp(165)), out _));
        Assert.Equal(SrtpResult.Replay, Unprotect(receiver, old, out _));
        // 63 behind the highest is still inside the window (never seen, so accepted).
        var sender2 = Create(profile, MasterKey(profile));
        var inside = Protect(sender2, Rtp(102));
        Assert.Equal(SrtpResult.Ok, Unprotect(receiver, inside, out _));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Tampered_tag_payload_or_header_fails_authentication(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        var wire = Protect(sender, Rtp(7));
        foreach (int position in new[] { wire.Length - 1, 30, 1 })
        {
            var bad = (byte[])wire.Clone();
            bad[position] ^= 0x01;
            Assert.Equal(SrtpResult.AuthFailed, Unprotect(receiver, bad, out _));
        }
        Assert.Equal(3, receiver.AuthenticationFailures);
        // The genuine packet still gets through: failures did not move the replay window.
        Assert.Equal(SrtpResult.Ok, Unprotect(receiver, wire, out _));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Packet_protected_with_another_key_is_rejected(SrtpProfile profile)
    {
        using var stranger = Create(profile, MasterKey(profile, seed: 9));
        using var receiver = Create(profile, MasterKey(profile));
        Assert.Equal(SrtpResult.AuthFailed, Unprotect(receiver, Protect(stranger, Rtp(1)), out _));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Srtcp_round_trips_with_index_and_rejects_replay(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        var rtcp = TestHex.Bytes("81c90007 11223344 0a0b0c0d 19fffffd 0001ffff 0000004d 12345678 00010000");
        for (int i = 0; i < 3; i++)
        {
            var buffer = new byte[rtcp.Length + sender.RtcpOverhead];
            rtcp.CopyTo(buffer, 0);
            Assert.Equal(SrtpResult.Ok, sender.ProtectRtcp(buffer, rtcp.Length, out int n));
            Assert.Equal(buffer.Length, n);
            Assert.NotEqual(rtcp.AsSpan(8).ToArray(), buffer.AsSpan(8, rtcp.Length - 8).ToArray());
            var wire = (byte[])buffer.Clone();
            var tampered = (byte[])buffer.Clone();
            tampered[12] ^= 0x80;
            Assert.Equal(SrtpResult.AuthFailed, receiver.UnprotectRtcp(tampered, out _));
            Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtcp(buffer, out int plainLength));
            Assert.Equal(rtcp, buffer.AsSpan(0, plainLength).ToArray());
            Assert.Equal(SrtpResult.Replay, receiver.UnprotectRtcp(wire, out _));
        }
        Assert.Equal(3, receiver.AuthenticationFailures);
        Assert.Equal(3, receiver.ReplaysRejected);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Hostile_inputs_return_results_and_never_throw(SrtpProfile profile)
    {
        using var receiver = Create(profile, MasterKey(profile));
        var random = new Random(5);
        var buffer = new byte[200];
        for (int i = 0; i < 3000; i++)
        {
            random.NextBytes(buffer);
            if (i % 2 == 0) buffer[0] = (byte)(0x80 | (buffer[0] & 0x3F));
            var packet = buffer.AsSpan(0, random.Next(buffer.Length));
            var rtp = receiver.UnprotectRtp(packet, out _);
            Assert.NotEqual(SrtpResult.Ok, rtp);
            random.NextBytes(buffer);
            var rtcp = receiver.UnprotectRtcp(buffer.AsSpan(0, random.Next(buffer.Length)), out _);
            Assert.NotEqual(SrtpResult.Ok, rtcp);
        }
        Assert.True(receiver.AuthenticationFailures + receiver.MalformedPackets + receiver.ReplaysRejected == 6000);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Protect_refuses_a_buffer_without_room_for_the_tag(SrtpProfile profile)
    {
        using var sender = Create(profile, MasterKey(profile));
        var plain = Rtp(1);
        Assert.Equal(SrtpResult.BufferTooSmall, sender.ProtectRtp(plain, plain.Length, out _));
        Assert.Equal(SrtpResult.Malformed, sender.ProtectRtp(new byte[40], 5, out _));
    }
}

public sealed class SrtpContextManagedTests : SrtpContextTests
{
    public SrtpContextManagedTests() : base(SrtpCryptoBackend.Managed)
    {
    }
}
