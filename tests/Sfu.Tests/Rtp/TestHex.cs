namespace RedConnect.Sfu.Tests;

/// <summary>Hex strings as printed in RFCs and captures ("80 40 f1 7b", "8040f17b ...") to bytes.</summary>
internal static class TestHex
{
    public static byte[] Bytes(string hex) =>
        Convert.FromHexString(string.Concat(hex.Where(c => !char.IsWhiteSpace(c))));

    public static string Of(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
}
