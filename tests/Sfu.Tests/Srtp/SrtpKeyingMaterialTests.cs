using RedConnect.Sfu.Srtp;

namespace RedConnect.Sfu.Tests.Srtp;

public class SrtpKeyingMaterialTests
{
    [Theory]
    [InlineData(SrtpProfile.Aes128CmHmacSha1_80, 60, 14)]
    [InlineData(SrtpProfile.AeadAes128Gcm, 56, 12)]
    public void Split_follows_the_rfc5764_layout_for_each_side(SrtpProfile profile, int length, int saltLength)
    {
        // Exported bytes 0,1,2,…: client key = 0..15, server key = 16..31, client salt next, then server salt.
        var exported = Enumerable.Range(0, length).Select(i => (byte)i).ToArray();
        Assert.Equal(length, profile.KeyingMaterialLength());

        var server = SrtpKeyingMaterial.Split(exported, profile, isServer: true);
        Assert.Equal(exported[16..32], server.Local.Key);
        Assert.Equal(exported[(32 + saltLength)..], server.Local.Salt);
        Assert.Equal(exported[..16], server.Remote.Key);
        Assert.Equal(exported[32..(32 + saltLength)], server.Remote.Salt);

        var client = SrtpKeyingMaterial.Split(exported, profile, isServer: false);
        Assert.Equal(server.Remote.Key, client.Local.Key);
        Assert.Equal(server.Local.Salt, client.Remote.Salt);
    }

    [Theory]
    [InlineData(SrtpProfile.Aes128CmHmacSha1_80)]
    [InlineData(SrtpProfile.AeadAes128Gcm)]
    public void Client_send_context_talks_to_server_receive_context(SrtpProfile profile)
    {
        var exported = Enumerable.Range(0, profile.KeyingMaterialLength()).Select(i => (byte)(i * 7)).ToArray();
        using var clientSend = SrtpKeyingMaterial.Split(exported, profile, isServer: false).CreateSendContext();
        using var serverReceive = SrtpKeyingMaterial.Split(exported, profile, isServer: true).CreateReceiveContext();
        using var serverSend = SrtpKeyingMaterial.Split(exported, profile, isServer: true).CreateSendContext();

        var plain = TestHex.Bytes("80600001 00000002 00000003 01020304");
        var buffer = new byte[plain.Length + 16];
        plain.CopyTo(buffer, 0);
        Assert.Equal(SrtpResult.Ok, clientSend.ProtectRtp(buffer, plain.Length, out int n));
        var wire = buffer.AsSpan(0, n).ToArray();
        Assert.Equal(SrtpResult.Ok, serverReceive.UnprotectRtp((byte[])wire.Clone(), out _));

        // A packet the server itself protected (other key) is not accepted as the client's.
        plain.CopyTo(buffer, 0);
        buffer[3] = 2; // next sequence number, so the replay check does not answer first
        Assert.Equal(SrtpResult.Ok, serverSend.ProtectRtp(buffer, plain.Length, out n));
        Assert.Equal(SrtpResult.AuthFailed, serverReceive.UnprotectRtp(buffer.AsSpan(0, n), out _));
    }

    [Fact]
    public void Split_rejects_wrong_length()
    {
        Assert.Throws<ArgumentException>(() => SrtpKeyingMaterial.Split(new byte[56], SrtpProfile.Aes128CmHmacSha1_80, true));
    }

    [Theory]
    [InlineData(0x0001, SrtpProfile.Aes128CmHmacSha1_80)]
    [InlineData(0x0002, SrtpProfile.Aes128CmHmacSha1_32)]
    [InlineData(0x0007, SrtpProfile.AeadAes128Gcm)]
    public void Dtls_protection_profile_ids_map_both_ways(int id, SrtpProfile profile)
    {
        Assert.True(SrtpProfiles.TryFromDtlsProtectionProfile(id, out var parsed));
        Assert.Equal(profile, parsed);
        Assert.Equal(id, profile.DtlsProtectionProfile());
        Assert.False(SrtpProfiles.TryFromDtlsProtectionProfile(0x0008, out _));
    }
}
