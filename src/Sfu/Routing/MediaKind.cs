namespace RedConnect.Sfu.Routing;

/// <summary>The media type of an m= section (RFC 8866 §5.14) that the SFU forwards.</summary>
public enum MediaKind
{
    Audio,
    Video,
}

internal static class MediaKinds
{
    public static bool TryParse(string sdpKind, out MediaKind kind)
    {
        switch (sdpKind)
        {
            case "audio": kind = MediaKind.Audio; return true;
            case "video": kind = MediaKind.Video; return true;
            default: kind = default; return false;
        }
    }

    public static string ToSdp(this MediaKind kind) => kind == MediaKind.Audio ? "audio" : "video";
}
