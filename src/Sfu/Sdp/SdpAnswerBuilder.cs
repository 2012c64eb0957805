namespace RedConnect.Sfu.Sdp;

/// <summary>What the SFU answers with: its transport and what it can forward.</summary>
public sealed class SdpAnswerOptions
{
    public required SdpTransportParameters Transport { get; init; }

    /// <summary>Codecs in our preference order; one per section is chosen.</summary>
    public IReadOnlyList<SdpCodecCapability> Codecs { get; init; } = SdpCodecCapability.Defaults;

    /// <summary>Header extension URIs we accept; offered ids are kept (RFC 8285 §6).</summary>
    public IReadOnlyList<string> HeaderExtensions { get; init; } =
    [
        RtpHeaderExtensionUris.Mid,
        RtpHeaderExtensionUris.AudioLevel,
        RtpHeaderExtensionUris.AbsSendTime,
        RtpHeaderExtensionUris.TransportWideCc,
    ];

    /// <summary>o= sess-id (digits).</summary>
    public string SessionId { get; init; } = Random.Shared.NextInt64(1, long.MaxValue).ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// Builds the SFU's ICE-lite answer to a publisher's offer (RFC 8829 §5.3, RFC 3264 §6): one BUNDLE
/// transport with rtcp-mux, us as DTLS server (a=setup:passive, RFC 5763 §5), one codec per section
/// (the first of ours the browser offers, plus its RTX), echoed mids and header extension ids. Sections
/// we cannot take — data channels (no SCTP here), no rtcp-mux, outside the BUNDLE group, no common
/// codec — are rejected with port 0 and keep their mid (RFC 8843 §7.3.3). We only receive on a publisher
/// connection, so directions answer recvonly or inactive.
/// </summary>
public static class SdpAnswerBuilder
{
    public static bool TryCreateAnswer(SessionDescription offer, SdpAnswerOptions options, out SessionDescription? answer, out string? error)
    {
        answer = null;
        IReadOnlyList<string> bundle = offer.BundleMids;
        if (bundle.Count == 0)
        {
            error = "offer has no a=group:BUNDLE; the SFU needs one transport for all media";
            return false;
        }

        var result = new SessionDescription
        {
            Origin = new SdpOrigin("-", options.SessionId, "2", "IN", "IP4", "127.0.0.1"),
            SessionName = "-",
        };
        result.Timings.Add("0 0");

        var accepted = new List<string>();
        (int port, SdpConnection connection) = options.Transport.DefaultDestination();
        foreach (MediaDescription offered in offer.Media)
        {
            if (offered.Mid is not string mid)
            {
                error = "every offered m= section needs a=mid (RFC 8843 §7.2)";
                return false;
            }

            SdpSetup? setup = offer.SetupFor(offered);
            if (!offered.IsRejected && setup is SdpSetup.Passive or SdpSetup.HoldConn)
            {
                error = $"section {mid}: offer a=setup must be actpass or active so that we can be the DTLS server";
                return false;
            }

            MediaDescription? section = TryAccept(offered, bundle, options, port, connection);
            if (section is null)
            {
                result.Media.Add(Rejected(offered));
                continue;
            }

            accepted.Add(mid);
            result.Media.Add(section);
        }

        if (accepted.Count == 0)
        {
            error = "no offered section carries a codec we support over BUNDLE with rtcp-mux";
            return false;
        }

        result.Add("ice-lite");
        result.Add("group", new SdpGroup("BUNDLE", accepted).ToString());
        if (offer.ExtmapAllowMixed)
        {
            // RFC 8285 §6: we parse one- and two-byte header extensions alike.
            result.Add("extmap-allow-mixed");
        }

        answer = result;
        error = null;
        return true;
    }

    private static MediaDescription? TryAccept(
        MediaDescription offered,
        IReadOnlyList<string> bundle,
        SdpAnswerOptions options,
        int port,
        SdpConnection connection)
    {
        if (offered.IsRejected || !offered.IsRtp || !offered.Protocol.Contains("SAVP", StringComparison.Ordinal)
            || !bundle.Contains(offered.Mid!) || !offered.RtcpMux)
        {
            return null;
        }

        IReadOnlyList<SdpCodec> codecs = SdpCodec.FromMedia(offered);
        SdpCodec? chosen = null;
        SdpCodecCapability? capability = null;
        foreach (SdpCodecCapability candidate in options.Codecs.Where(c => c.Kind == offered.Kind))
        {
            chosen = codecs.FirstOrDefault(c => !c.IsRtx && candidate.Matches(c));
            if (chosen is not null)
            {
                capability = candidate;
                break;
            }
        }

        if (chosen is null || capability is null)
        {
            return null;
        }

        SdpCodec? rtx = capability.Rtx ? codecs.FirstOrDefault(c => c.AssociatedPayloadType == chosen.PayloadType) : null;
        var formats = rtx is null ? new[] { chosen.PayloadType } : [chosen.PayloadType, rtx.PayloadType];
        var section = new MediaDescription(offered.Kind, port, offered.Protocol, formats.Select(f => f.ToString(System.Globalization.CultureInfo.InvariantCulture)))
        {
            Connection = connection,
        };

        options.Transport.WriteTo(section, SdpSetup.Passive);
        section.Add("mid", offered.Mid);
        foreach (SdpExtmap extmap in offered.Extmaps.Where(e => options.HeaderExtensions.Contains(e.Uri)))
        {
            section.Add("extmap", new SdpExtmap(extmap.Id, null, extmap.Uri, null).ToString());
        }

        SdpDirection direction = offered.Direction is SdpDirection.SendRecv or SdpDirection.SendOnly
            ? SdpDirection.RecvOnly
            : SdpDirection.Inactive;
        section.Add(SdpDirections.ToSdp(direction));
        section.Add("rtcp-mux");
        if (offered.RtcpReducedSize)
        {
            section.Add("rtcp-rsize");
        }

        WriteCodec(section, chosen, capability.Feedback);
        if (rtx is not null)
        {
            WriteCodec(section, rtx, []);
        }

        options.Transport.WriteCandidates(section);
        return section;
    }

    internal static void WriteCodec(MediaDescription section, SdpCodec codec, IReadOnlyList<string> feedback)
    {
        section.Add("rtpmap", new SdpRtpMap(codec.PayloadType, codec.Name, codec.ClockRate, codec.Channels).ToString());
        foreach (SdpRtcpFeedback offeredFeedback in codec.Feedback.Where(f => feedback.Contains(f.Kind)))
        {
            section.Add("rtcp-fb", new SdpRtcpFeedback(codec.PayloadType, offeredFeedback.Type, offeredFeedback.Parameter).ToString());
        }

        if (codec.FormatParameters is string parameters)
        {
            section.Add("fmtp", new SdpFmtp(codec.PayloadType, parameters).ToString());
        }
    }

    private static MediaDescription Rejected(MediaDescription offered)
    {
        var section = new MediaDescription(offered.Kind, 0, offered.Protocol, offered.Formats)
        {
            Connection = new SdpConnection("IN", "IP4", "0.0.0.0"),
        };
        if (offered.Mid is string mid)
        {
            section.Add("mid", mid);
        }

        section.Add("inactive");
        return section;
    }
}
