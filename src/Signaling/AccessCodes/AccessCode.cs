using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace RedConnect.Signaling.AccessCodes;

/// <summary>
/// An access code as users see it: 12 Crockford base32 symbols (60 bits from a CSPRNG) written in three
/// groups of four, e.g. <c>7KQ4-M2XD-9HFA</c>. Input is case- and dash-insensitive and forgives the
/// look-alikes Crockford's alphabet was designed for (O→0, I/L→1).
/// </summary>
public static class AccessCode
{
    /// <summary>Crockford base32: digits and letters without I, L, O, U.</summary>
    public const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    /// <summary>Number of symbols in a code; 12 × 5 bits = 60 bits of entropy.</summary>
    public const int Length = 12;

    public const int GroupSize = 4;

    /// <summary>Bits of entropy per code.</summary>
    public const int EntropyBits = Length * 5;

    /// <summary>A new random code in its normalised form (no dashes).</summary>
    public static string Generate()
    {
        Span<char> code = stackalloc char[Length];
        for (var i = 0; i < code.Length; i++)
            code[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        return new string(code);
    }

    /// <summary>The code grouped for display: <c>XXXX-XXXX-XXXX</c>.</summary>
    public static string Format(string normalized)
    {
        if (normalized.Length != Length) throw new ArgumentException("not a normalised access code", nameof(normalized));
        return string.Create(Length + Length / GroupSize - 1, normalized, static (dst, src) =>
        {
            var j = 0;
            for (var i = 0; i < src.Length; i++)
            {
                if (i > 0 && i % GroupSize == 0) dst[j++] = '-';
                dst[j++] = src[i];
            }
        });
    }

    /// <summary>
    /// Accepts what a user typed or pasted (any case, dashes, spaces) and returns the canonical form, or
    /// false when it cannot be a code (wrong length, a symbol outside the alphabet). Never throws.
    /// </summary>
    public static bool TryNormalize(string? input, [NotNullWhen(true)] out string? normalized)
    {
        normalized = null;
        if (string.IsNullOrEmpty(input) || input.Length > 64) return false;
        Span<char> buf = stackalloc char[Length];
        var n = 0;
        foreach (var raw in input)
        {
            if (raw is '-' or ' ' or '\u00A0' or '\t') continue;
            var c = char.ToUpperInvariant(raw);
            c = c switch { 'O' => '0', 'I' or 'L' => '1', _ => c };
            if (Alphabet.IndexOf(c) < 0) return false;
            if (n == Length) return false;
            buf[n++] = c;
        }
        if (n != Length) return false;
        normalized = new string(buf);
        return true;
    }
}
