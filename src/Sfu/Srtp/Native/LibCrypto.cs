using System.Runtime.InteropServices;

namespace RedConnect.Sfu.Srtp.Native;

/// <summary>
/// The few libcrypto (OpenSSL 3) EVP/HMAC entry points the SRTP hot path calls directly, with contexts
/// that live as long as the session: one call per primitive and packet, no per-call context setup and
/// no per-call error-queue reset (which the System.Security.Cryptography shim does; see src/Sfu/README.md,
/// "Performance"). We write no cipher: every transform here is OpenSSL's. Only the packet path uses this;
/// key derivation stays managed. <see cref="IsAvailable"/> is probed once; callers fall back to the
/// managed ciphers when it is false. HMAC-SHA1 for AES-CM is RFC 2104 around libcrypto's SHA-1
/// (<see cref="NativeHmacSha1"/>) when <see cref="HmacFromSha1States"/>, else a keyed HMAC_CTX.
/// </summary>
internal static unsafe partial class LibCrypto
{
    private const string Library = "libcrypto.so.3";

    public const int EvpCtrlGcmSetIvLength = 0x9;
    public const int EvpCtrlGcmGetTag = 0x10;
    public const int EvpCtrlGcmSetTag = 0x11;

    private static readonly Lazy<(bool Available, bool Sha1States)> Probed = new(Probe);

    /// <summary>True when libcrypto.so.3 loads and exports every function below (OpenSSL ≥ 3.0).</summary>
    public static bool IsAvailable => Probed.Value.Available;

    /// <summary>
    /// True when HMAC-SHA1 may be computed from saved SHA_CTX pad states (<see cref="Sha1State"/>): SHA1_Init,
    /// SHA1_Update and SHA1_Final are exported, write nothing past the 96 bytes we assume for SHA_CTX, and
    /// reproduce RFC 2202 test cases 2 (short key) and 7 (key longer than a block, two-block message). Checked
    /// once; when false the AES-CM cipher keeps the HMAC_CTX path.
    /// </summary>
    public static bool HmacFromSha1States => Probed.Value.Sha1States;

    private static (bool, bool) Probe()
    {
        if (!ProbeAvailable(out nint handle)) return (false, false);
        foreach (string name in new[] { "SHA1_Init", "SHA1_Update", "SHA1_Final" })
        {
            if (!NativeLibrary.TryGetExport(handle, name, out _)) return (true, false);
        }

        try
        {
            return (true, ProbeSha1States());
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or System.Security.Cryptography.CryptographicException)
        {
            return (true, false);
        }
    }

    private static bool ProbeSha1States()
    {
        // The SHA_CTX layout assumption: a SHA-1 over a 3-block message in a larger zeroed buffer touches
        // only the first sizeof(Sha1State) bytes.
        byte* buffer = stackalloc byte[512];
        new Span<byte>(buffer, 512).Clear();
        byte* message = stackalloc byte[200];
        new Span<byte>(message, 200).Fill(0x61);
        byte* digest = stackalloc byte[20];
        if (Sha1Init((Sha1State*)buffer) != 1 || Sha1Update((Sha1State*)buffer, message, 200) != 1 || Sha1Final(digest, (Sha1State*)buffer) != 1) return false;
        if (new ReadOnlySpan<byte>(buffer + sizeof(Sha1State), 512 - sizeof(Sha1State)).IndexOfAnyExcept((byte)0) >= 0) return false;

        // RFC 2202 HMAC-SHA1 test cases 2 and 7 through the primitive the cipher uses.
        return Rfc2202("Jefe"u8, "what do ya want for nothing?"u8, Convert.FromHexString("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"))
               && Rfc2202(Enumerable.Repeat((byte)0xaa, 80).ToArray(),
                   "Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data"u8,
                   Convert.FromHexString("e8e99d0f45237d786d6bbaa7965c7808bbff1a91"));

        static bool Rfc2202(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, byte[] expected)
        {
            using var hmac = new NativeHmacSha1(key, sha1States: true);
            Span<byte> mac = stackalloc byte[20];
            return hmac.Compute(data, mac) && mac.SequenceEqual(expected);
        }
    }

    private static bool ProbeAvailable(out nint handle)
    {
        handle = 0;
        if (!OperatingSystem.IsLinux()) return false;
        if (!NativeLibrary.TryLoad(Library, out handle)) return false;
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

    // Low-level SHA-1 (deprecated in OpenSSL 3.0, still exported): SHA_CTX is a plain struct, so a keyed
    // state can be copied by value, which HMAC_Init_ex cannot do without EVP_MD_CTX_copy (malloc/free).
    [LibraryImport(Library, EntryPoint = "SHA1_Init")]
    public static partial int Sha1Init(Sha1State* ctx);

    [LibraryImport(Library, EntryPoint = "SHA1_Update")]
    public static partial int Sha1Update(Sha1State* ctx, byte* data, nuint length);

    [LibraryImport(Library, EntryPoint = "SHA1_Final")]
    public static partial int Sha1Final(byte* md, Sha1State* ctx);
}

/// <summary>
/// OpenSSL's SHA_CTX (openssl/sha.h: SHA_LONG h0..h4, Nl, Nh, data[16]; unsigned int num — 24 × 4 bytes),
/// opaque to us: only libcrypto reads or writes it; we copy it by value. <see cref="LibCrypto.HmacFromSha1States"/>
/// checks the size at start-up.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct Sha1State
{
    public fixed uint Words[24];
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
