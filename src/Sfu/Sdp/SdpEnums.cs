namespace RedConnect.Sfu.Sdp;

/// <summary>Media direction attributes (RFC 8866 §6.7).</summary>
public enum SdpDirection
{
    SendRecv,
    SendOnly,
    RecvOnly,
    Inactive,
}

public static class SdpDirections
{
    public static bool TryParse(string text, out SdpDirection direction)
    {
        switch (text)
        {
            case "sendrecv": direction = SdpDirection.SendRecv; return true;
            case "sendonly": direction = SdpDirection.SendOnly; return true;
            case "recvonly": direction = SdpDirection.RecvOnly; return true;
            case "inactive": direction = SdpDirection.Inactive; return true;
            default: direction = SdpDirection.SendRecv; return false;
        }
    }

    public static string ToSdp(SdpDirection direction) => direction switch
    {
        SdpDirection.SendOnly => "sendonly",
        SdpDirection.RecvOnly => "recvonly",
        SdpDirection.Inactive => "inactive",
        _ => "sendrecv",
    };

    /// <summary>RFC 3264 §6.1: the answer's direction mirrors the offer's as far as the answerer wants it.</summary>
    public static SdpDirection Reverse(SdpDirection direction) => direction switch
    {
        SdpDirection.SendOnly => SdpDirection.RecvOnly,
        SdpDirection.RecvOnly => SdpDirection.SendOnly,
        _ => direction,
    };
}

/// <summary>a=setup (RFC 4145 §4, RFC 5763 §5): who opens the DTLS connection.</summary>
public enum SdpSetup
{
    ActPass,
    Active,
    Passive,
    HoldConn,
}

public static class SdpSetups
{
    public static bool TryParse(string? text, out SdpSetup setup)
    {
        switch (text)
        {
            case "actpass": setup = SdpSetup.ActPass; return true;
            case "active": setup = SdpSetup.Active; return true;
            case "passive": setup = SdpSetup.Passive; return true;
            case "holdconn": setup = SdpSetup.HoldConn; return true;
            default: setup = SdpSetup.ActPass; return false;
        }
    }

    public static string ToSdp(SdpSetup setup) => setup switch
    {
        SdpSetup.Active => "active",
        SdpSetup.Passive => "passive",
        SdpSetup.HoldConn => "holdconn",
        _ => "actpass",
    };
}

/// <summary>a=group (RFC 5888 §5): semantics and mids, e.g. BUNDLE 0 1 (RFC 8843).</summary>
public sealed record SdpGroup(string Semantics, IReadOnlyList<string> Mids)
{
    public static bool TryParse(string? value, out SdpGroup? group, out string? error)
    {
        group = null;
        string[] parts = (value ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            error = "group needs semantics";
            return false;
        }

        group = new SdpGroup(parts[0], parts[1..]);
        error = null;
        return true;
    }

    public override string ToString() => Mids.Count == 0 ? Semantics : Semantics + " " + string.Join(' ', Mids);
}
