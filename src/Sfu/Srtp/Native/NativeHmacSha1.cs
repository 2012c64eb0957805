using System.Security.Cryptography;

namespace RedConnect.Sfu.Srtp.Native;

/// <summary>
/// HMAC-SHA1 under one key on libcrypto, for the AES-CM packet path. With <c>sha1States</c> (the default
/// when <see cref="LibCrypto.HmacFromSha1States"/>): the standard two-pass construction of RFC 2104 around
/// libcrypto's SHA-1 — inner state = SHA1 over (K ⊕ ipad), outer state = SHA1 over (K ⊕ opad), K hashed
/// first when longer than the 64-byte block, both saved once; per MAC the saved <see cref="Sha1State"/> is
/// copied by value (96 bytes, no malloc), SHA1_Update(message), SHA1_Final, then the outer state, SHA1_Update
/// (inner digest), SHA1_Final. Otherwise a keyed HMAC_CTX restarted with HMAC_Init_ex(ctx, NULL, 0, NULL,
/// NULL), whose EVP_MD_CTX copies cost two malloc/free per MAC in OpenSSL 3.0. We write no hash.
/// <see cref="Compute(byte*, int, byte*)"/> never throws; a libcrypto failure returns false.
/// </summary>
internal sealed unsafe class NativeHmacSha1 : IHmacSha1
{
    private const int BlockLength = 64;
    public const int DigestLength = 20;

    private readonly HmacContextHandle? _handle;
    private readonly nint _ctx;
    private Sha1State _inner;
    private Sha1State _outer;

    public NativeHmacSha1(ReadOnlySpan<byte> key) : this(key, LibCrypto.HmacFromSha1States)
    {
    }

    /// <summary><paramref name="sha1States"/> false forces the HMAC_CTX path (tests compare both).</summary>
    public NativeHmacSha1(ReadOnlySpan<byte> key, bool sha1States)
    {
        if (sha1States)
        {
            InitPadStates(key);
            return;
        }

        _handle = new HmacContextHandle();
        if (_handle.IsInvalid) throw new CryptographicException("HMAC_CTX_new failed.");
        _ctx = _handle.DangerousGetHandle();
        byte empty = 0; // HMAC_Init_ex treats a NULL key as "keep the current key": an empty key needs a pointer
        fixed (byte* k = key)
        {
            if (LibCrypto.HmacInitEx(_ctx, key.IsEmpty ? &empty : k, key.Length, LibCrypto.EvpSha1(), 0) != 1)
            {
                LibCrypto.ErrClearError();
                _handle.Dispose();
                throw new CryptographicException("HMAC-SHA1 initialisation failed.");
            }
        }
    }

    /// <summary>True when this instance uses the saved SHA-1 pad states.</summary>
    public bool UsesSha1States => _handle is null;

    private void InitPadStates(ReadOnlySpan<byte> key)
    {
        byte* k0 = stackalloc byte[BlockLength]; // RFC 2104: K padded with zeros to B bytes (hashed first if longer)
        byte* pad = stackalloc byte[BlockLength];
        try
        {
            new Span<byte>(k0, BlockLength).Clear();
            if (key.Length > BlockLength)
            {
                Sha1State s;
                fixed (byte* k = key)
                {
                    if (LibCrypto.Sha1Init(&s) != 1 || LibCrypto.Sha1Update(&s, k, (nuint)key.Length) != 1 || LibCrypto.Sha1Final(k0, &s) != 1)
                        throw new CryptographicException("SHA-1 of the HMAC key failed.");
                }
            }
            else
            {
                key.CopyTo(new Span<byte>(k0, BlockLength));
            }

            for (int i = 0; i < BlockLength; i++) pad[i] = (byte)(k0[i] ^ 0x36);
            Sha1State inner;
            if (LibCrypto.Sha1Init(&inner) != 1 || LibCrypto.Sha1Update(&inner, pad, BlockLength) != 1)
                throw new CryptographicException("SHA-1 inner pad state failed.");
            for (int i = 0; i < BlockLength; i++) pad[i] = (byte)(k0[i] ^ 0x5c);
            Sha1State outer;
            if (LibCrypto.Sha1Init(&outer) != 1 || LibCrypto.Sha1Update(&outer, pad, BlockLength) != 1)
                throw new CryptographicException("SHA-1 outer pad state failed.");
            _inner = inner;
            _outer = outer;
            CryptographicOperations.ZeroMemory(new Span<byte>(&inner, sizeof(Sha1State)));
            CryptographicOperations.ZeroMemory(new Span<byte>(&outer, sizeof(Sha1State)));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(new Span<byte>(k0, BlockLength));
            CryptographicOperations.ZeroMemory(new Span<byte>(pad, BlockLength));
        }
    }

    /// <summary>HMAC-SHA1(key, data[0..length)) into the 20 bytes at <paramref name="mac"/>. Never throws.</summary>
    public bool Compute(byte* data, int length, byte* mac)
    {
        if (_handle is not null) return ComputeHmacCtx(data, length, mac);

        byte* inner = stackalloc byte[DigestLength];
        Sha1State work = _inner;
        bool ok = LibCrypto.Sha1Update(&work, data, (nuint)length) == 1
                  && LibCrypto.Sha1Final(inner, &work) == 1;
        if (ok)
        {
            work = _outer;
            ok = LibCrypto.Sha1Update(&work, inner, DigestLength) == 1
                 && LibCrypto.Sha1Final(mac, &work) == 1;
        }

        work = default; // keyed state off the stack
        new Span<byte>(inner, DigestLength).Clear();
        return ok;
    }

    /// <summary>Span form of <see cref="Compute(byte*, int, byte*)"/>; <paramref name="mac"/> holds at least 20 bytes.</summary>
    public bool Compute(ReadOnlySpan<byte> data, Span<byte> mac)
    {
        if (mac.Length < DigestLength) return false;
        fixed (byte* d = data)
        fixed (byte* m = mac)
        {
            return Compute(d, data.Length, m);
        }
    }

    private bool ComputeHmacCtx(byte* data, int length, byte* mac)
    {
        uint macLength;
        bool ok = LibCrypto.HmacInitEx(_ctx, null, 0, 0, 0) == 1
                  && LibCrypto.HmacUpdate(_ctx, data, (nuint)length) == 1
                  && LibCrypto.HmacFinal(_ctx, mac, &macLength) == 1 && macLength == DigestLength;
        if (!ok) LibCrypto.ErrClearError();
        GC.KeepAlive(_handle);
        return ok;
    }

    public void Dispose()
    {
        _handle?.Dispose();
        fixed (Sha1State* i = &_inner)
        fixed (Sha1State* o = &_outer)
        {
            CryptographicOperations.ZeroMemory(new Span<byte>(i, sizeof(Sha1State)));
            CryptographicOperations.ZeroMemory(new Span<byte>(o, sizeof(Sha1State)));
        }
    }
}
