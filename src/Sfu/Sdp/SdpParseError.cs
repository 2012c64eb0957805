namespace RedConnect.Sfu.Sdp;

/// <summary>Why an SDP was refused: a message and the 1-based line it was found on (0 for the whole input).</summary>
public sealed record SdpParseError(int Line, string Message)
{
    public override string ToString() => Line > 0 ? $"line {Line}: {Message}" : Message;
}
