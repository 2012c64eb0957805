namespace RedConnect.Portal.Security;

/// <summary>
/// Sizes and work factors of the zero-knowledge key scheme (F3); the browser side is client/src/lib/crypto.ts.
/// In the browser: PBKDF2-SHA-256(password, 16-byte random salt, ≥ 600 000 iterations) → 256-bit master;
/// HKDF-SHA-256 from the master gives the authentication key (sent to the server) and the key-encryption key
/// (never leaves the browser), which wraps the AES-256-GCM practice key with AES-GCM (12-byte IV).
/// </summary>
public static class KeyDerivationParameters
{
    /// <summary>What the browser uses for new accounts and what prelogin reports for unknown ones.</summary>
    public const int DefaultIterations = 600_000;

    public const int MinIterations = 600_000;

    /// <summary>Upper bound so a stored value cannot make a browser spin for minutes.</summary>
    public const int MaxIterations = 10_000_000;

    public const int SaltBytes = 16;

    public const int AuthKeyBytes = 32;

    /// <summary>A 32-byte AES key wrapped with AES-GCM: 32 bytes ciphertext + 16 bytes tag.</summary>
    public const int WrappedPracticeKeyBytes = 48;

    public const int GcmIvBytes = 12;

    public const int GcmTagBytes = 16;
}
