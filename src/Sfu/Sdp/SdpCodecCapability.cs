namespace RedConnect.Sfu.Sdp;

/// <summary>
/// A codec the SFU forwards, in the terms SDP negotiates it: name, clock rate, channels, the fmtp
/// parameters we offer, the RTCP feedback we understand, and whether we do RTX for it.
/// </summary>
public sealed record SdpCodecCapability(
    string Kind,
    string Name,
    int ClockRate,
    int? Channels,
    string? FormatParameters,
    IReadOnlyList<string> Feedback,
    bool Rtx)
{
    /// <summary>Opus stereo-capable at 48 kHz (RFC 7587 §7): in-band FEC, transport-cc.</summary>
    public static readonly SdpCodecCapability Opus =
        new("audio", "opus", 48000, 2, "minptime=10;useinbandfec=1", ["transport-cc"], Rtx: false);

    /// <summary>VP8 (RFC 7741), the video codec every browser here shares.</summary>
    public static readonly SdpCodecCapability Vp8 =
        new("video", "VP8", 90000, null, null, VideoFeedback, Rtx: true);

    /// <summary>H.264 constrained baseline, packetization-mode 1 (RFC 6184), where the browser has it.</summary>
    public static readonly SdpCodecCapability H264 =
        new("video", "H264", 90000, null, "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f", VideoFeedback, Rtx: true);

    /// <summary>Our default preference order.</summary>
    public static readonly IReadOnlyList<SdpCodecCapability> Defaults = [Opus, Vp8, H264];

    private static string[] VideoFeedback => ["goog-remb", "transport-cc", "ccm fir", "nack", "nack pli"];

    /// <summary>
    /// Whether an offered codec is this one. Name and clock rate always; Opus must be 2 channels
    /// (RFC 7587 §7); H.264 must agree on packetization-mode and profile (profile_idc and
    /// profile-iop, RFC 6184 §8.1; the level may differ thanks to level-asymmetry-allowed).
    /// </summary>
    public bool Matches(SdpCodec offered)
    {
        if (!offered.Name.Equals(Name, StringComparison.OrdinalIgnoreCase) || offered.ClockRate != ClockRate)
        {
            return false;
        }

        if (Channels is int channels && (offered.Channels ?? 1) != channels)
        {
            return false;
        }

        if (offered.IsH264)
        {
            var ours = SdpFmtp.ParseParameters(FormatParameters ?? string.Empty);
            string ourProfile = ours.TryGetValue("profile-level-id", out string? p) ? p.ToLowerInvariant() : "42e01f";
            int ourMode = ours.TryGetValue("packetization-mode", out string? m) && m == "1" ? 1 : 0;
            return offered.PacketizationMode == ourMode
                && offered.ProfileLevelId is string theirs
                && theirs[..4] == ourProfile[..4];
        }

        return true;
    }
}

/// <summary>Our ICE-lite and DTLS parameters as they appear in every m= section we write.</summary>
public sealed record SdpTransportParameters(
    string IceUfrag,
    string IcePwd,
    string Fingerprint,
    IReadOnlyList<SdpCandidate> Candidates)
{
    /// <summary>The m= port and c= address: those of the first candidate (RFC 8839 §4.2.1.1 default candidate).</summary>
    internal (int Port, SdpConnection Connection) DefaultDestination() =>
        Candidates.Count > 0
            ? (Candidates[0].Port, SdpConnection.ForAddress(Candidates[0].Address))
            : (9, new SdpConnection("IN", "IP4", "0.0.0.0"));

    /// <summary>ICE and DTLS lines of a section; <paramref name="setup"/> is passive in answers, actpass in offers.</summary>
    internal void WriteTo(MediaDescription media, SdpSetup setup)
    {
        media.Add("ice-ufrag", IceUfrag)
            .Add("ice-pwd", IcePwd)
            .Add("fingerprint", Fingerprint)
            .Add("setup", SdpSetups.ToSdp(setup));
    }

    internal void WriteCandidates(MediaDescription media)
    {
        foreach (SdpCandidate candidate in Candidates)
        {
            media.Add("candidate", candidate.ToString());
        }

        // RFC 8838 §13: an ICE-lite agent has all its candidates up front.
        media.Add("end-of-candidates");
    }
}
