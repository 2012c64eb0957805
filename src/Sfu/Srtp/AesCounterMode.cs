using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Security.Cryptography;

namespace RedConnect.Sfu.Srtp;

/// <summary>
/// AES counter mode keystream (RFC 3711 §4.1.1) built from a cached AES-ECB transform: fill counter
/// blocks IV, IV+1, … into a reusable buffer, encrypt them with one TransformBlock call, XOR into the
/// data. We do not implement AES, only the counter arithmetic around it. Not thread-safe: one per context.
/// With <c>native</c> the ECB step is one EVP_EncryptUpdate on a libcrypto EVP_aes_128_ecb() context keyed
/// once (see <see cref="Native.LibCrypto"/>): cheaper per packet than re-initialising an EVP CTR context
/// with each packet's IV, which costs OpenSSL 3.0 ≈ 150 ns.
/// </summary>
internal sealed unsafe class AesCounterMode : IDisposable
{
    private const int BlockSize = 16;
    private const int ChunkBlocks = 128; // 2 KiB per TransformBlock call covers any MTU-sized packet at once

    // Block b of this table is 0…0 ‖ b (big-endian in the last two bytes): counter block b = IV XOR it.
    private static readonly byte[] CounterTable = CreateCounterTable();

    private readonly Aes? _aes;
    private readonly ICryptoTransform? _ecb;
    private readonly Native.EvpCipherContextHandle? _nativeHandle;
    private readonly nint _native;
    private readonly byte[] _counters = GC.AllocateArray<byte>(ChunkBlocks * BlockSize, pinned: true);
    private readonly byte[] _keystream = GC.AllocateArray<byte>(ChunkBlocks * BlockSize, pinned: true);

    public AesCounterMode(ReadOnlySpan<byte> key, bool native = false)
    {
        if (native)
        {
            _nativeHandle = new Native.EvpCipherContextHandle();
            if (_nativeHandle.IsInvalid) throw new CryptographicException("EVP_CIPHER_CTX_new failed.");
            _native = _nativeHandle.DangerousGetHandle();
            fixed (byte* k = key)
            {
                if (Native.LibCrypto.EvpEncryptInitEx(_native, Native.LibCrypto.EvpAes128Ecb(), 0, k, null) != 1
                    || Native.LibCrypto.EvpCipherCtxSetPadding(_native, 0) != 1)
                {
                    Native.LibCrypto.ErrClearError();
                    _nativeHandle.Dispose();
                    throw new CryptographicException("EVP AES-128-ECB initialisation failed.");
                }
            }

            return;
        }

        _aes = Aes.Create();
        _aes.Key = key.ToArray();
        _aes.Mode = CipherMode.ECB;
        _aes.Padding = PaddingMode.None;
        _ecb = _aes.CreateEncryptor();
    }

    /// <summary>
    /// XORs the keystream that starts at counter block <paramref name="iv"/> into <paramref name="data"/>.
    /// False only when libcrypto fails (native); the data is then unusable.
    /// </summary>
    public bool Apply(ReadOnlySpan<byte> iv, Span<byte> data)
    {
        ulong high = BinaryPrimitives.ReadUInt64BigEndian(iv);
        ulong low = BinaryPrimitives.ReadUInt64BigEndian(iv.Slice(8));
        while (!data.IsEmpty)
        {
            int blocks = Math.Min(ChunkBlocks, (data.Length + BlockSize - 1) / BlockSize);
            var counters = _counters.AsSpan(0, blocks * BlockSize);
            if ((low & 0xFFFF) == 0)
            {
                // SRTP's case: the IV ends in 16 zero bits and a packet needs < 2^16 blocks, so block b is
                // the IV with b in its last two bytes: IV XOR a precomputed table of 0, 1, 2, … (vectorised).
                FillFromTable(counters, BigEndianBlock(high, low));
                low += (ulong)blocks;
            }
            else if ((low & 0xFFFF) + (ulong)blocks <= 0x10000)
            {
                // Only the last two bytes change. Copy the block, patch the counter.
                Vector128<byte> block = BigEndianBlock(high, low);
                ushort start = (ushort)low;
                ref byte c = ref MemoryMarshal.GetReference(counters);
                for (int b = 0; b < blocks; b++)
                {
                    block.StoreUnsafe(ref c, (nuint)(b * BlockSize));
                    BinaryPrimitives.WriteUInt16BigEndian(counters.Slice(b * BlockSize + 14), (ushort)(start + b));
                }
                low += (ulong)blocks;
            }
            else
            {
                for (int b = 0; b < blocks; b++)
                {
                    // RFC 3711 §4.1.1: the counter is IV + j as a 128-bit integer.
                    BinaryPrimitives.WriteUInt64BigEndian(counters.Slice(b * BlockSize), high);
                    BinaryPrimitives.WriteUInt64BigEndian(counters.Slice(b * BlockSize + 8), low);
                    if (++low == 0) high++;
                }
            }
            if (_nativeHandle is not null)
            {
                int written;
                fixed (byte* c = _counters)
                fixed (byte* k = _keystream)
                {
                    if (Native.LibCrypto.EvpEncryptUpdate(_native, k, &written, c, blocks * BlockSize) != 1 || written != blocks * BlockSize)
                    {
                        Native.LibCrypto.ErrClearError();
                        return false;
                    }
                }
            }
            else
            {
                _ecb!.TransformBlock(_counters, 0, blocks * BlockSize, _keystream, 0);
            }

            int n = Math.Min(data.Length, blocks * BlockSize);
            Xor(data.Slice(0, n), _keystream.AsSpan(0, n));
            data = data.Slice(n);
        }

        return true;
    }

    /// <summary>The 128-bit counter <paramref name="high"/> ‖ <paramref name="low"/> as 16 big-endian bytes.</summary>
    private static Vector128<byte> BigEndianBlock(ulong high, ulong low) => BitConverter.IsLittleEndian
        ? Vector128.Create(BinaryPrimitives.ReverseEndianness(high), BinaryPrimitives.ReverseEndianness(low)).AsByte()
        : Vector128.Create(high, low).AsByte();

    private static byte[] CreateCounterTable()
    {
        var table = new byte[ChunkBlocks * BlockSize];
        for (int b = 0; b < ChunkBlocks; b++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(table.AsSpan(b * BlockSize + 14), (ushort)b);
        }

        return table;
    }

    private static void FillFromTable(Span<byte> counters, Vector128<byte> iv)
    {
        ref byte c = ref MemoryMarshal.GetReference(counters);
        ref byte t = ref MemoryMarshal.GetArrayDataReference(CounterTable);
        nuint length = (nuint)counters.Length;
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<byte> iv2 = Vector256.Create(iv, iv);
            nuint i = 0;
            for (; i + 32 <= length; i += 32)
                (Vector256.LoadUnsafe(ref t, i) ^ iv2).StoreUnsafe(ref c, i);
            if (i < length)
                (Vector128.LoadUnsafe(ref t, i) ^ iv).StoreUnsafe(ref c, i);
            return;
        }

        for (nuint i = 0; i < length; i += 16)
            (Vector128.LoadUnsafe(ref t, i) ^ iv).StoreUnsafe(ref c, i);
    }

    /// <summary>Writes the raw keystream (for the key derivation PRF and test vectors).</summary>
    public void Keystream(ReadOnlySpan<byte> iv, Span<byte> destination)
    {
        destination.Clear();
        Apply(iv, destination);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Xor(Span<byte> data, ReadOnlySpan<byte> keystream)
    {
        ref byte d = ref MemoryMarshal.GetReference(data);
        ref byte k = ref MemoryMarshal.GetReference(keystream);
        int length = data.Length;
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 32 <= length; i += 32)
                (Vector256.LoadUnsafe(ref d, (nuint)i) ^ Vector256.LoadUnsafe(ref k, (nuint)i)).StoreUnsafe(ref d, (nuint)i);
        }
        for (; i + 16 <= length; i += 16)
            (Vector128.LoadUnsafe(ref d, (nuint)i) ^ Vector128.LoadUnsafe(ref k, (nuint)i)).StoreUnsafe(ref d, (nuint)i);
        for (; i < length; i++)
            Unsafe.Add(ref d, i) ^= Unsafe.Add(ref k, i);
    }

    public void Dispose()
    {
        _ecb?.Dispose();
        _aes?.Dispose();
        _nativeHandle?.Dispose();
        CryptographicOperations.ZeroMemory(_counters);
        CryptographicOperations.ZeroMemory(_keystream);
    }
}
