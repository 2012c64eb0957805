namespace RedConnect.Sfu.Sdp;

/// <summary>
/// One a= line (RFC 8866 §5.13): <c>a=name</c> (a flag, <see cref="Value"/> null) or <c>a=name:value</c>.
/// The value is kept verbatim, so an attribute we do not interpret is written back byte for byte.
/// </summary>
public sealed record SdpAttribute(string Name, string? Value = null)
{
    /// <summary>Splits the text after "a=" at the first ':'.</summary>
    public static SdpAttribute FromLine(string text)
    {
        int colon = text.IndexOf(':');
        return colon < 0 ? new SdpAttribute(text) : new SdpAttribute(text[..colon], text[(colon + 1)..]);
    }

    public override string ToString() => Value is null ? Name : Name + ":" + Value;
}

/// <summary>
/// A line we keep but do not model (i=, u=, e=, p=, b=, r=, z=, k=), with its type letter.
/// RFC 8866 §5 fixes where each type goes; the writer puts it back there.
/// </summary>
public sealed record SdpLine(char Type, string Value)
{
    public override string ToString() => $"{Type}={Value}";
}
