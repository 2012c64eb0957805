using System.Security.Cryptography;
using System.Text;

namespace RedConnect.Sfu.Dtls;

/// <summary>
/// A certificate fingerprint as carried by SDP's a=fingerprint (RFC 8122 §5):
/// <c>hash-func SP fingerprint</c>, the fingerprint being upper-case hex pairs joined by colons.
/// </summary>
public sealed class DtlsFingerprint : IEquatable<DtlsFingerprint>
{
    private readonly byte[] _value;

    private DtlsFingerprint(string algorithm, byte[] value)
    {
        Algorithm = algorithm;
        _value = value;
    }

    /// <summary>The hash function's SDP name in lower case: sha-1, sha-256, sha-384 or sha-512.</summary>
    public string Algorithm { get; }

    /// <summary>The digest of the DER-encoded certificate.</summary>
    public ReadOnlySpan<byte> Value => _value;

    /// <summary>Computes the fingerprint of a DER-encoded certificate with the given hash function.</summary>
    public static DtlsFingerprint Compute(string algorithm, ReadOnlySpan<byte> certificateDer)
    {
        string name = algorithm.ToLowerInvariant();
        byte[] digest = name switch
        {
            "sha-1" => SHA1.HashData(certificateDer),
            "sha-256" => SHA256.HashData(certificateDer),
            "sha-384" => SHA384.HashData(certificateDer),
            "sha-512" => SHA512.HashData(certificateDer),
            _ => throw new ArgumentException($"Unsupported fingerprint hash function '{algorithm}'.", nameof(algorithm)),
        };
        return new DtlsFingerprint(name, digest);
    }

    /// <summary>Whether the hash function is one we can verify (RFC 8122 §5 lists the names; md2/md5 are refused).</summary>
    public static bool IsSupportedAlgorithm(string algorithm) => DigestLength(algorithm.ToLowerInvariant()) > 0;

    /// <summary>
    /// Parses the value of an a=fingerprint attribute ("sha-256 AB:CD:…"). Never throws: on bad input
    /// returns false with a message.
    /// </summary>
    public static bool TryParse(string? sdpValue, out DtlsFingerprint? fingerprint, out string? error)
    {
        fingerprint = null;
        if (string.IsNullOrWhiteSpace(sdpValue))
        {
            error = "empty fingerprint";
            return false;
        }

        string text = sdpValue.Trim();
        int space = text.IndexOf(' ');
        if (space <= 0)
        {
            error = "fingerprint must be 'hash-func SP hex:hex:…'";
            return false;
        }

        string algorithm = text[..space].ToLowerInvariant();
        int length = DigestLength(algorithm);
        if (length == 0)
        {
            error = $"unsupported fingerprint hash function '{text[..space]}'";
            return false;
        }

        string hex = text[(space + 1)..].Trim();
        // Each byte is two hex digits, bytes separated by ':' (RFC 8122 §5).
        if (hex.Length != length * 3 - 1)
        {
            error = $"{algorithm} fingerprint must have {length} bytes";
            return false;
        }

        byte[] value = new byte[length];
        for (int i = 0; i < length; i++)
        {
            int at = i * 3;
            if (i > 0 && hex[at - 1] != ':')
            {
                error = $"expected ':' at offset {at - 1} of the fingerprint";
                return false;
            }

            int high = HexValue(hex[at]);
            int low = HexValue(hex[at + 1]);
            if (high < 0 || low < 0)
            {
                error = $"invalid hex digit at offset {at} of the fingerprint";
                return false;
            }

            value[i] = (byte)(high << 4 | low);
        }

        fingerprint = new DtlsFingerprint(algorithm, value);
        error = null;
        return true;
    }

    /// <summary>Whether this fingerprint is the digest of the given DER-encoded certificate (constant time).</summary>
    public bool Matches(ReadOnlySpan<byte> certificateDer)
    {
        DtlsFingerprint actual = Compute(Algorithm, certificateDer);
        return CryptographicOperations.FixedTimeEquals(actual._value, _value);
    }

    /// <summary>The attribute value for SDP: "sha-256 AB:CD:…".</summary>
    public string ToSdpValue()
    {
        var builder = new StringBuilder(Algorithm.Length + 1 + _value.Length * 3);
        builder.Append(Algorithm).Append(' ');
        for (int i = 0; i < _value.Length; i++)
        {
            if (i > 0)
            {
                builder.Append(':');
            }

            builder.Append(_value[i].ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return builder.ToString();
    }

    public override string ToString() => ToSdpValue();

    public bool Equals(DtlsFingerprint? other) =>
        other is not null && other.Algorithm == Algorithm && other._value.AsSpan().SequenceEqual(_value);

    public override bool Equals(object? obj) => Equals(obj as DtlsFingerprint);

    public override int GetHashCode() => HashCode.Combine(Algorithm, _value.Length > 0 ? _value[0] : 0);

    private static int DigestLength(string algorithm) => algorithm switch
    {
        "sha-1" => 20,
        "sha-256" => 32,
        "sha-384" => 48,
        "sha-512" => 64,
        _ => 0,
    };

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'A' and <= 'F' => c - 'A' + 10,
        >= 'a' and <= 'f' => c - 'a' + 10,
        _ => -1,
    };
}
