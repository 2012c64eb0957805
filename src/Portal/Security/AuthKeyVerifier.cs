using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace RedConnect.Portal.Security;

public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>
    /// PBKDF2-SHA-256 iterations for the stored verifier of a browser's authentication key. The key is a
    /// 256-bit HKDF output, so the slow hash is defence in depth, not what keeps it from being guessed.
    /// </summary>
    public int VerifierIterations { get; set; } = 100_000;

    /// <summary>Sliding lifetime of a login session.</summary>
    public int SessionHours { get; set; } = 8;
}

internal sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var failures = new List<string>();
        if (options.VerifierIterations is < 100_000 or > 5_000_000)
            failures.Add($"Auth:VerifierIterations must be between 100000 and 5000000 (is {options.VerifierIterations}).");
        if (options.SessionHours is < 1 or > 24)
            failures.Add($"Auth:SessionHours must be between 1 and 24 (is {options.SessionHours}).");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>
/// The server's slow hash of the authentication key: <c>pbkdf2-sha256$&lt;iterations&gt;$&lt;salt&gt;$&lt;hash&gt;</c>
/// (base64), with its own random 16-byte salt. PBKDF2 rather than Argon2id: the input already has 256 bits
/// of entropy, so memory hardness buys nothing, and PBKDF2 is built into .NET (OpenSSL) with no extra package.
/// The parameters travel with each verifier, so raising the iterations later keeps old verifiers working.
/// </summary>
public sealed class AuthKeyVerifier
{
    private const string Scheme = "pbkdf2-sha256";
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    private readonly int _iterations;
    private readonly string _dummyVerifier;

    public AuthKeyVerifier(IOptions<AuthOptions> options)
    {
        _iterations = options.Value.VerifierIterations;
        _dummyVerifier = Create(RandomNumberGenerator.GetBytes(KeyDerivationParameters.AuthKeyBytes));
    }

    public string Create(ReadOnlySpan<byte> authKey)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(authKey, salt, _iterations, HashAlgorithmName.SHA256, HashBytes);
        return string.Join('$', Scheme, _iterations.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    /// <summary>True when <paramref name="authKey"/> matches; false for a mismatch or a malformed verifier.</summary>
    public bool Verify(string verifier, ReadOnlySpan<byte> authKey)
    {
        var parts = verifier.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme ||
            !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations < 1)
            return false;
        byte[] salt, expected;
        try
        {
            salt = Convert.FromBase64String(parts[2]);
            expected = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            return false;
        }
        var actual = Rfc2898DeriveBytes.Pbkdf2(authKey, salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>Spends the time of one verification, for unknown accounts, so timing does not tell them apart.</summary>
    public void VerifyAgainstNothing(ReadOnlySpan<byte> authKey) => _ = Verify(_dummyVerifier, authKey);
}
