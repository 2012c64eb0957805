using System.Text;

namespace RedConnect.Portal.Accounts;

/// <summary>
/// Practice and user short names (F1, F2): trimmed, compared case-insensitively. The comparison key is the
/// trimmed, NFC-normalised, upper-cased (invariant) form, stored beside the name as typed.
/// </summary>
public static class ShortName
{
    public const int MinLength = 2;
    public const int MaxLength = 32;

    public static string Normalize(string input) => input.Trim().Normalize(NormalizationForm.FormC);

    public static string Key(string input) => Normalize(input).ToUpperInvariant();

    /// <summary>Letters (any script, e.g. umlauts), digits, and <c>. - _</c>; no spaces inside.</summary>
    public static bool HasOnlyAllowedCharacters(string normalized)
    {
        foreach (var c in normalized)
            if (!(char.IsLetter(c) || c is >= '0' and <= '9' || c is '.' or '-' or '_')) return false;
        return true;
    }
}
