using System.Runtime.InteropServices;

namespace RedConnect.Sfu.Srtp.Native;

/// <summary>
/// The few libcrypto (OpenSSL 3) EVP/HMAC entry points the SRTP hot path calls directly, with contexts
/// that live as long as the session: one call per primitive and packet, no per-call context setup and
/// no per-call error-queue reset (which the System.Security.Cryptography shim does; see src/Sfu/README.md,
/// "Performance"). We write no cipher: every transform here is OpenSSL's. Only the packet path uses this;
/// key derivation stays managed. <see cref="IsAvailable"/> is probed once; callers fall back to the
/// managed ciphers when it is false.
/// </summary>
internal static unsafe partial class LibCrypto
{
    private const string Library = "libcrypto.so.3";

    public const int EvpCtrlGcmSetIvLength = 0x9;
    public const int EvpCtrlGcmGetTag = 0x10;
    public const int EvpCtrlGcmSetTag = 0x11;

    private static readonly Lazy<bool> Available = new(Probe);

    /// <summary>True when libcrypto.so.3 loads and exports every function below (OpenSSL ≥ 3.0).</summary>
    public static bool IsAvailable => Available.Value;

    private static bool Probe()
    {
        if (!OperatingSystem.IsLinux()) return false;
        if (!NativeLibrary.TryLoad(Library, out nint handle)) return false;
        foreach (string name in new[]
                 {
                     "OpenSSL_version_num", "ERR_clear_error", "EVP_aes_128_ecb", "EVP_CIPHER_CTX_set_padding", "EVP_aes_128_ctr", "EVP_aes_128_gcm", "EVP_sha1",
                     "EVP_CIPHER_CTX_new", "EVP_CIPHER_CTX_free", "EVP_CIPHER_CTX_ctrl", "EVP_CipherInit_ex",
                     "EVP_EncryptInit_ex", "EVP_DecryptInit_ex", "EVP_EncryptUpdate", "EVP_DecryptUpdate",
                     "EVP_EncryptFinal_ex", "EVP_DecryptFinal_ex", "HMAC_CTX_new", "HMAC_CTX_free", "HMAC_Init_ex",
                     "HMAC_Update", "HMAC_Final",
                 })
        {
            if (!NativeLibrary.TryGetExport(handle, name, out _)) return false;
        }

        try
        {
            return OpenSslVersionNumber() >= 0x3000_0000UL;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport(Library, EntryPoint = "OpenSSL_version_num")]
    private static partial ulong OpenSslVersionNumber();

    [LibraryImport(Library, EntryPoint = "ERR_clear_error")]
    public static partial void ErrClearError();

    [LibraryImport(Library, EntryPoint = "EVP_aes_128_ecb")]
    public static partial nint EvpAes128Ecb();

    [LibraryImport(Library, EntryPoint = "EVP_CIPHER_CTX_set_padding")]
    public static partial int EvpCipherCtxSetPadding(nint ctx, int padding);

    [LibraryImport(Library, EntryPoint = "EVP_aes_128_ctr")]
    public static partial nint EvpAes128Ctr();

    [LibraryImport(Library, EntryPoint = "EVP_aes_128_gcm")]
    public static partial nint EvpAes128Gcm();

    [LibraryImport(Library, EntryPoint = "EVP_sha1")]
    public static partial nint EvpSha1();

    [LibraryImport(Library, EntryPoint = "EVP_CIPHER_CTX_new")]
    public static partial nint EvpCipherCtxNew();

    [LibraryImport(Library, EntryPoint = "EVP_CIPHER_CTX_free")]
    public static partial void EvpCipherCtxFree(nint ctx);

    [LibraryImport(Library, EntryPoint = "EVP_CIPHER_CTX_ctrl")]
    public static partial int EvpCipherCtxCtrl(nint ctx, int type, int arg, void* ptr);

    [LibraryImport(Library, EntryPoint = "EVP_CipherInit_ex")]
    public static partial int EvpCipherInitEx(nint ctx, nint cipher, nint engine, byte* key, byte* iv, int enc);

    [LibraryImport(Library, EntryPoint = "EVP_EncryptInit_ex")]
    public static partial int EvpEncryptInitEx(nint ctx, nint cipher, nint engine, byte* key, byte* iv);

    [LibraryImport(Library, EntryPoint = "EVP_DecryptInit_ex")]
    public static partial int EvpDecryptInitEx(nint ctx, nint cipher, nint engine, byte* key, byte* iv);

    [LibraryImport(Library, EntryPoint = "EVP_EncryptUpdate")]
    public static partial int EvpEncryptUpdate(nint ctx, byte* output, int* outputLength, byte* input, int inputLength);

    [LibraryImport(Library, EntryPoint = "EVP_DecryptUpdate")]
    public static partial int EvpDecryptUpdate(nint ctx, byte* output, int* outputLength, byte* input, int inputLength);

    [LibraryImport(Library, EntryPoint = "EVP_EncryptFinal_ex")]
    public static partial int EvpEncryptFinalEx(nint ctx, byte* output, int* outputLength);

    [LibraryImport(Library, EntryPoint = "EVP_DecryptFinal_ex")]
    public static partial int EvpDecryptFinalEx(nint ctx, byte* output, int* outputLength);

    // HMAC_CTX is deprecated in OpenSSL 3.0 but present; HMAC_Init_ex(ctx, NULL, 0, NULL, NULL) restarts
    // with the key already set (the inner/outer pad states are kept), which is what a per-packet MAC needs.
    [LibraryImport(Library, EntryPoint = "HMAC_CTX_new")]
    public static partial nint HmacCtxNew();

    [LibraryImport(Library, EntryPoint = "HMAC_CTX_free")]
    public static partial void HmacCtxFree(nint ctx);

    [LibraryImport(Library, EntryPoint = "HMAC_Init_ex")]
    public static partial int HmacInitEx(nint ctx, byte* key, int keyLength, nint md, nint engine);

    [LibraryImport(Library, EntryPoint = "HMAC_Update")]
    public static partial int HmacUpdate(nint ctx, byte* data, nuint length);

    [LibraryImport(Library, EntryPoint = "HMAC_Final")]
    public static partial int HmacFinal(nint ctx, byte* md, uint* length);
}

/// <summary>An EVP_CIPHER_CTX owned by one SRTP cipher; freed on Dispose or, if forgotten, by the finalizer.</summary>
internal sealed class EvpCipherContextHandle : SafeHandle
{
    public EvpCipherContextHandle() : base(IntPtr.Zero, ownsHandle: true) => SetHandle(LibCrypto.EvpCipherCtxNew());

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        LibCrypto.EvpCipherCtxFree(handle);
        return true;
    }
}

/// <summary>An HMAC_CTX owned by one SRTP cipher.</summary>
internal sealed class HmacContextHandle : SafeHandle
{
    public HmacContextHandle() : base(IntPtr.Zero, ownsHandle: true) => SetHandle(LibCrypto.HmacCtxNew());

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        LibCrypto.HmacCtxFree(handle);
        return true;
    }
}
