using System.Text.RegularExpressions;

namespace RedConnect.Portal.Accounts;

/// <summary>
/// A practical e-mail syntax check: an RFC 5322 dot-atom local part, '@', and a domain of at least two
/// labels (letters of any script allowed, for internationalised domains) ending in a top-level domain of
/// two or more letters. Quoted local parts and IP literals are refused: no practice uses them.
/// </summary>
public static partial class EmailAddress
{
    public const int MaxLength = 254;

    public static bool IsValid(string value) => value.Length <= MaxLength && Pattern().IsMatch(value) && value.IndexOf('@') <= 64;

    [GeneratedRegex(@"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@([\p{L}0-9]([\p{L}0-9-]{0,61}[\p{L}0-9])?\.)+\p{L}{2,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
