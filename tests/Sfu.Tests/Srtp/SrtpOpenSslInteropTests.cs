using System.Diagnostics;
using RedConnect.Sfu.Srtp;

namespace RedConnect.Sfu.Tests.Srtp;

/// <summary>
/// Recomputes one SRTP_AES128_CM_HMAC_SHA1_80 packet with the openssl command line, independently of our
/// code: session keys by AES-128-CTR over zeros from x·2^16 (RFC 3711 §4.3.3), payload by AES-128-CTR
/// from the §4.1.1 IV, tag by HMAC-SHA1 over header ‖ ciphertext ‖ ROC truncated to 80 bits.
/// </summary>
public class SrtpOpenSslInteropTests
{
    private static readonly byte[] MasterKey = TestHex.Bytes("E1F97A0D3E018BE0D64FA32C06DE4139");
    private static readonly byte[] MasterSalt = TestHex.Bytes("0EC675AD498AFEEBB6960B3AABE6");

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Aes_cm_hmac_sha1_80_packet_matches_openssl(bool native)
    {
        const uint ssrc = 0xDEADBEEF;
        const ushort seq = 0xFFFE;
        var header = TestHex.Bytes("80 6f fffe 00003039 deadbeef");
        var payload = Enumerable.Range(0, 100).Select(i => (byte)(i * 3 + 1)).ToArray();

        // Ours: the sender has already wrapped once (ROC 1) so the ROC goes into IV and MAC.
        using var context = new SrtpContext(SrtpProfile.Aes128CmHmacSha1_80, new SrtpMasterKey(MasterKey, MasterSalt),
            native ? SrtpCryptoBackend.Native : SrtpCryptoBackend.Managed);
        context.SetRolloverCounter(ssrc, 1, 0xFFF0);
        var buffer = new byte[header.Length + payload.Length + 10];
        header.CopyTo(buffer, 0);
        payload.CopyTo(buffer, header.Length);
        Assert.Equal(SrtpResult.Ok, context.ProtectRtp(buffer, header.Length + payload.Length, out int n));

        // openssl: key derivation.
        byte[] Prf(byte label, int length)
        {
            var x = new byte[16];
            MasterSalt.CopyTo(x, 0);
            x[7] ^= label;
            return OpenSsl($"enc -aes-128-ctr -nosalt -K {TestHex.Of(MasterKey)} -iv {TestHex.Of(x)}", new byte[length]);
        }
        var sessionKey = Prf(0, 16);
        var sessionSalt = Prf(2, 14);
        var authKey = Prf(1, 20);

        // openssl: encryption with IV = salt·2^16 ⊕ SSRC·2^64 ⊕ index·2^16, index = ROC·2^16 + SEQ.
        var iv = new byte[16];
        sessionSalt.CopyTo(iv, 0);
        ulong index = (1UL << 16) | seq;
        for (int i = 0; i < 4; i++) iv[4 + i] ^= (byte)(ssrc >> (24 - 8 * i));
        for (int i = 0; i < 6; i++) iv[8 + i] ^= (byte)(index >> (40 - 8 * i));
        var ciphertext = OpenSsl($"enc -aes-128-ctr -nosalt -K {TestHex.Of(sessionKey)} -iv {TestHex.Of(iv)}", payload);

        // openssl: HMAC-SHA1(auth key, header ‖ ciphertext ‖ ROC), first 10 bytes.
        var authenticated = header.Concat(ciphertext).Concat(new byte[] { 0, 0, 0, 1 }).ToArray();
        var mac = OpenSsl($"dgst -sha1 -mac HMAC -macopt hexkey:{TestHex.Of(authKey)} -binary", authenticated);

        var expected = header.Concat(ciphertext).Concat(mac.Take(10)).ToArray();
        Assert.Equal(TestHex.Of(expected), TestHex.Of(buffer.AsSpan(0, n)));
    }

    private static byte[] OpenSsl(string arguments, byte[] input)
    {
        var start = new ProcessStartInfo("openssl", arguments)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(output);
        process.StandardInput.BaseStream.Write(input);
        process.StandardInput.Close();
        copy.Wait(TimeSpan.FromSeconds(20));
        Assert.True(process.WaitForExit(20_000), "openssl did not finish");
        Assert.True(process.ExitCode == 0, process.StandardError.ReadToEnd());
        return output.ToArray();
    }
}
