using System.Security.Cryptography;

namespace RedConnect.Portal.Tests.Infrastructure;

/// <summary>
/// What a browser would send at registration: form fields plus key material. The keys here are random
/// bytes of the right sizes; <see cref="PracticeKey"/> plays the browser's practice key for sealing.
/// </summary>
public sealed record TestAccount(
    string PracticeShortName = "praxis-test",
    string UserShortName = "dr.m",
    string PracticeName = "Praxis Dr. Muster",
    string Email = "praxis@example.de",
    string Lanr = "999999999",
    string Bsnr = "999999999",
    string PostalCode = "10115")
{
    public byte[] KdfSalt { get; init; } = RandomNumberGenerator.GetBytes(16);
    public byte[] AuthKey { get; init; } = RandomNumberGenerator.GetBytes(32);
    public byte[] WrappedPracticeKey { get; init; } = RandomNumberGenerator.GetBytes(48);
    public byte[] WrappedPracticeKeyIv { get; init; } = RandomNumberGenerator.GetBytes(12);
    public byte[] PracticeKey { get; init; } = RandomNumberGenerator.GetBytes(32);

    public Dictionary<string, object?> RegistrationBody() => new()
    {
        ["practiceShortName"] = PracticeShortName,
        ["userShortName"] = UserShortName,
        ["practiceName"] = PracticeName,
        ["email"] = Email,
        ["lanr"] = Lanr,
        ["bsnr"] = Bsnr,
        ["postalCode"] = PostalCode,
        ["acceptNoReset"] = true,
        ["kdfSalt"] = Convert.ToBase64String(KdfSalt),
        ["kdfIterations"] = 600_000,
        ["authKey"] = Convert.ToBase64String(AuthKey),
        ["wrappedPracticeKey"] = Convert.ToBase64String(WrappedPracticeKey),
        ["wrappedPracticeKeyIv"] = Convert.ToBase64String(WrappedPracticeKeyIv),
    };

    /// <summary>Seals like the browser does (AES-256-GCM, random 12-byte IV): { ciphertext, iv } in base64.</summary>
    public object Seal(string plaintext)
    {
        var iv = RandomNumberGenerator.GetBytes(12);
        var plain = System.Text.Encoding.UTF8.GetBytes(plaintext);
        var cipher = new byte[plain.Length];
        var tag = new byte[16];
        using var aes = new AesGcm(PracticeKey, 16);
        aes.Encrypt(iv, plain, cipher, tag);
        return new { ciphertext = Convert.ToBase64String([.. cipher, .. tag]), iv = Convert.ToBase64String(iv) };
    }

    public string Open(System.Text.Json.Nodes.JsonNode sealedValue)
    {
        var data = Convert.FromBase64String(sealedValue["ciphertext"]!.GetValue<string>());
        var iv = Convert.FromBase64String(sealedValue["iv"]!.GetValue<string>());
        var plain = new byte[data.Length - 16];
        using var aes = new AesGcm(PracticeKey, 16);
        aes.Decrypt(iv, data.AsSpan(0, plain.Length), data.AsSpan(plain.Length), plain);
        return System.Text.Encoding.UTF8.GetString(plain);
    }
}
