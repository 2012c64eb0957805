namespace RedConnect.Sfu.Sdp;

/// <summary>c= line (RFC 8866 §5.7): <c>nettype SP addrtype SP connection-address</c>.</summary>
public sealed record SdpConnection(string NetType, string AddressType, string Address)
{
    public static SdpConnection ForAddress(string address) =>
        new("IN", address.Contains(':', StringComparison.Ordinal) ? "IP6" : "IP4", address);

    public static bool TryParse(string value, out SdpConnection? connection, out string? error)
    {
        connection = null;
        string[] parts = value.Split(' ');
        if (parts.Length != 3 || parts.Any(string.IsNullOrEmpty))
        {
            error = "c= must be 'nettype addrtype address'";
            return false;
        }

        connection = new SdpConnection(parts[0], parts[1], parts[2]);
        error = null;
        return true;
    }

    public override string ToString() => $"{NetType} {AddressType} {Address}";
}

/// <summary>o= line (RFC 8866 §5.2): username, sess-id, sess-version, nettype, addrtype, unicast-address.</summary>
public sealed record SdpOrigin(string Username, string SessionId, string SessionVersion, string NetType, string AddressType, string Address)
{
    public static bool TryParse(string value, out SdpOrigin? origin, out string? error)
    {
        origin = null;
        string[] parts = value.Split(' ');
        if (parts.Length != 6 || parts.Any(string.IsNullOrEmpty))
        {
            error = "o= must have 6 fields";
            return false;
        }

        // RFC 8866 §5.2: sess-id and sess-version are numeric.
        if (!IsDigits(parts[1]) || !IsDigits(parts[2]))
        {
            error = "o= sess-id and sess-version must be numeric";
            return false;
        }

        origin = new SdpOrigin(parts[0], parts[1], parts[2], parts[3], parts[4], parts[5]);
        error = null;
        return true;
    }

    public override string ToString() => $"{Username} {SessionId} {SessionVersion} {NetType} {AddressType} {Address}";

    internal static bool IsDigits(string text) => text.Length > 0 && text.All(char.IsAsciiDigit);
}
