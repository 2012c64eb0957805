using RedConnect.Portal.Security;
using RedConnect.Portal.Web;

namespace RedConnect.Portal.Appointments;

/// <summary>
/// Something the browser encrypted with the practice key (AES-256-GCM): ciphertext with its 16-byte tag and
/// the random 12-byte IV, both base64. The server checks only the sizes; it cannot read the content.
/// </summary>
public sealed record SealedValue(string? Ciphertext, string? Iv)
{
    public static SealedValue From(byte[] ciphertext, byte[] iv) => new(Convert.ToBase64String(ciphertext), Convert.ToBase64String(iv));
}

public sealed record SealedBytes(byte[] Ciphertext, byte[] Iv)
{
    /// <summary>Plaintext of 1 to <paramref name="maxPlaintextBytes"/> bytes, encrypted; adds <paramref name="messageKey"/> to <paramref name="field"/> otherwise.</summary>
    public static SealedBytes? Validate(SealedValue? value, int maxPlaintextBytes, string field, string messageKey, FieldErrors errors)
    {
        var ciphertext = Base64.TryDecode(value?.Ciphertext, maxPlaintextBytes + KeyDerivationParameters.GcmTagBytes);
        var iv = Base64.TryDecode(value?.Iv, KeyDerivationParameters.GcmIvBytes);
        if (ciphertext is null || ciphertext.Length <= KeyDerivationParameters.GcmTagBytes || iv is not { Length: KeyDerivationParameters.GcmIvBytes })
        {
            errors.Add(field, messageKey);
            return null;
        }
        return new SealedBytes(ciphertext, iv);
    }
}
