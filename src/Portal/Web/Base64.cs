namespace RedConnect.Portal.Web;

public static class Base64
{
    /// <summary>Decodes standard base64 of at most <paramref name="maxBytes"/> bytes; null when malformed or too long.</summary>
    public static byte[]? TryDecode(string? input, int maxBytes)
    {
        if (string.IsNullOrEmpty(input) || input.Length > (maxBytes + 2) / 3 * 4) return null;
        var buffer = new byte[maxBytes];
        return Convert.TryFromBase64String(input, buffer, out var written) ? buffer[..written] : null;
    }
}
