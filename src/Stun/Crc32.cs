namespace RedConnect.Stun;

/// <summary>
/// CRC-32 as used by FINGERPRINT (RFC 8489 §14.7 cites ITU V.42 / ISO 3309: reflected polynomial
/// 0xEDB88320, initial value and final XOR 0xFFFFFFFF). Table-driven and incremental, so the reader can feed
/// a patched header length without copying the message.
/// </summary>
internal static class Crc32
{
    private static readonly uint[] Table = BuildTable();

    /// <summary>Initial running state.</summary>
    public const uint Initial = 0xFFFFFFFF;

    /// <summary>Feeds <paramref name="data"/> into the running state.</summary>
    public static uint Append(uint state, ReadOnlySpan<byte> data)
    {
        var table = Table;
        foreach (var b in data)
        {
            state = table[(byte)(state ^ b)] ^ (state >> 8);
        }

        return state;
    }

    /// <summary>Turns a running state into the CRC value.</summary>
    public static uint Finish(uint state) => ~state;

    /// <summary>One-shot CRC-32 of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Finish(Append(Initial, data));

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            }

            table[i] = c;
        }

        return table;
    }
}
