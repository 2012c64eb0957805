using RedConnect.Sfu.Srtp.Native;

namespace RedConnect.Sfu.Srtp;

/// <summary>Which implementation of the SRTP transforms a context uses.</summary>
internal enum SrtpCryptoBackend
{
    /// <summary><see cref="SrtpCrypto.UseNative"/> decides (the process-wide default).</summary>
    Default,

    /// <summary>System.Security.Cryptography (AesGcm, cached ECB transform, IncrementalHash).</summary>
    Managed,

    /// <summary>libcrypto's EVP/HMAC API directly, with per-session contexts (see <see cref="LibCrypto"/>).</summary>
    Native,
}

/// <summary>
/// Chooses, once per process, between the native libcrypto path and the managed fallback. Native when
/// libcrypto.so.3 (OpenSSL ≥ 3.0) loads with every function the ciphers need, unless the environment
/// variable <c>RC_SRTP_NATIVE=0</c> forces managed. Both produce identical packets (tests cross-check).
/// </summary>
public static class SrtpCrypto
{
    private static readonly Lazy<bool> Native = new(() =>
        Environment.GetEnvironmentVariable("RC_SRTP_NATIVE") != "0" && LibCrypto.IsAvailable);

    /// <summary>True when new SRTP contexts use libcrypto directly.</summary>
    public static bool UseNative => Native.Value;

    /// <summary>True when the native path could be used in this process, whatever the environment says.</summary>
    internal static bool NativeAvailable => LibCrypto.IsAvailable;

    internal static bool Resolve(SrtpCryptoBackend backend) => backend switch
    {
        SrtpCryptoBackend.Managed => false,
        SrtpCryptoBackend.Native => LibCrypto.IsAvailable
            ? true
            : throw new PlatformNotSupportedException("libcrypto.so.3 (OpenSSL 3) is not available."),
        _ => UseNative,
    };
}
