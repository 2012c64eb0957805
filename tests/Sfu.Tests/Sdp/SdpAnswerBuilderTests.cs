using RedConnect.Sfu.Dtls;
using RedConnect.Sfu.Sdp;

namespace RedConnect.Sfu.Tests.Sdp;

public sealed class SdpAnswerBuilderTests
{
    private static readonly string OurFingerprint = DtlsCertificate.Shared.SdpFingerprint;

    private static SdpAnswerOptions Options(IReadOnlyList<SdpCodecCapability>? codecs = null) => new()
    {
        Transport = new SdpTransportParameters(
            "sfuU",
            "sfuPasswordWithEnoughChars",
            OurFingerprint,
            [SdpCandidate.Host("1", "127.0.0.1", 7882)]),
        Codecs = codecs ?? SdpCodecCapability.Defaults,
        SessionId = "4242",
    };

    private static SessionDescription Offer(string file)
    {
        Assert.True(SdpParser.TryParse(SdpTestData.Read(file), out SessionDescription? sdp, out _));
        return sdp!;
    }

    private static SessionDescription Answer(SessionDescription offer, SdpAnswerOptions options)
    {
        Assert.True(SdpAnswerBuilder.TryCreateAnswer(offer, options, out SessionDescription? answer, out string? error), error);
        // What we write must satisfy our own parser.
        Assert.True(SdpParser.TryParse(answer!.ToString(), out SessionDescription? reparsed, out SdpParseError? parseError), parseError?.ToString());
        return reparsed!;
    }

    [Fact]
    public void Answer_to_chromium_offer_is_ice_lite_passive_bundled_with_only_opus_and_vp8()
    {
        SessionDescription answer = Answer(Offer("chromium-offer.sdp"), Options());

        Assert.True(answer.IceLite);
        Assert.Equal(["0", "1"], answer.BundleMids);
        Assert.Equal(["0", "1"], answer.Media.Select(m => m.Mid));
        MediaDescription audio = answer.Media[0], video = answer.Media[1];
        Assert.Equal(["111"], audio.Formats);
        Assert.Equal("opus", Assert.Single(SdpCodec.FromMedia(audio)).Name);
        Assert.Equal(["96", "97"], video.Formats);
        Assert.Equal(["VP8", "rtx"], SdpCodec.FromMedia(video).Select(c => c.Name));
        Assert.Equal(96, SdpCodec.RtxMapping(video)[97]);
        foreach (MediaDescription media in answer.Media)
        {
            Assert.Equal(SdpSetup.Passive, media.Setup);
            Assert.Equal(OurFingerprint, Assert.Single(media.Fingerprints));
            Assert.Equal("sfuU", media.IceUfrag);
            Assert.True(media.RtcpMux);
            Assert.Equal(SdpDirection.RecvOnly, media.Direction);
            Assert.Equal(7882, media.Port);
            Assert.Equal("127.0.0.1", Assert.Single(media.Candidates).Address);
            Assert.True(media.EndOfCandidates);
            Assert.DoesNotContain(media.Attributes, a => a.Name == "ssrc");
        }
    }

    [Fact]
    public void Answer_keeps_the_offered_ids_of_supported_header_extensions_only()
    {
        SessionDescription answer = Answer(Offer("chromium-offer.sdp"), Options());

        Assert.Equal(
            [(1, RtpHeaderExtensionUris.AudioLevel), (2, RtpHeaderExtensionUris.AbsSendTime), (3, RtpHeaderExtensionUris.TransportWideCc), (4, RtpHeaderExtensionUris.Mid)],
            answer.Media[0].Extmaps.Select(e => (e.Id, e.Uri)));
        Assert.DoesNotContain(answer.Media[1].Extmaps, e => e.Uri.Contains("playout-delay", StringComparison.Ordinal));
        Assert.Equal(4, RtpHeaderExtensionUris.IdOf(answer.Media[1], RtpHeaderExtensionUris.Mid));
    }

    [Fact]
    public void Answer_echoes_feedback_and_fmtp_of_the_chosen_codecs()
    {
        SessionDescription answer = Answer(Offer("chromium-offer.sdp"), Options());

        SdpCodec opus = SdpCodec.FromMedia(answer.Media[0])[0];
        Assert.Equal("minptime=10;useinbandfec=1", opus.FormatParameters);
        SdpCodec vp8 = SdpCodec.FromMedia(answer.Media[1])[0];
        Assert.Equal(["goog-remb", "transport-cc", "ccm fir", "nack", "nack pli"], vp8.Feedback.Select(f => f.Kind));
    }

    [Fact]
    public void H264_preference_picks_the_constrained_baseline_packetization_mode_1_variant()
    {
        SessionDescription answer = Answer(
            Offer("chromium-offer.sdp"),
            Options([SdpCodecCapability.Opus, SdpCodecCapability.H264]));

        SdpCodec h264 = SdpCodec.FromMedia(answer.Media[1])[0];
        Assert.Equal(108, h264.PayloadType);
        Assert.Equal("42e01f", h264.ProfileLevelId);
        Assert.Equal(1, h264.PacketizationMode);
        Assert.Equal(108, SdpCodec.RtxMapping(answer.Media[1])[109]);
    }

    [Fact]
    public void Data_channel_section_of_firefox_is_rejected_but_keeps_its_mid()
    {
        SessionDescription answer = Answer(Offer("firefox-simulcast.sdp"), Options());

        MediaDescription data = answer.Media.Single(m => m.Kind == "application");
        Assert.Equal(0, data.Port);
        Assert.Equal("2", data.Mid);
        Assert.Equal(["0", "1"], answer.BundleMids);
        Assert.Equal(120, SdpCodec.FromMedia(answer.Media[1])[0].PayloadType);
        Assert.Null(answer.Media[1].Simulcast);
    }

    [Fact]
    public void Recvonly_offer_gets_inactive_sections_from_a_receive_only_publisher_connection()
    {
        SessionDescription answer = Answer(Offer("firefox-recvonly.sdp"), Options());

        Assert.All(answer.Media, m => Assert.Equal(SdpDirection.Inactive, m.Direction));
    }

    [Fact]
    public void Section_without_rtcp_mux_is_rejected()
    {
        SessionDescription offer = Offer("chromium-offer.sdp");
        offer.Media[1].Attributes.RemoveAll(a => a.Name == "rtcp-mux");

        SessionDescription answer = Answer(offer, Options());

        Assert.Equal(0, answer.Media[1].Port);
        Assert.Equal(["0"], answer.BundleMids);
    }

    [Fact]
    public void Offer_without_bundle_or_with_setup_passive_is_refused_with_a_reason()
    {
        SessionDescription noBundle = Offer("chromium-offer.sdp");
        noBundle.Attributes.RemoveAll(a => a.Name == "group");
        SessionDescription passive = Offer("chromium-offer.sdp");
        foreach (MediaDescription media in passive.Media)
        {
            media.Attributes[media.Attributes.FindIndex(a => a.Name == "setup")] = new SdpAttribute("setup", "passive");
        }

        Assert.False(SdpAnswerBuilder.TryCreateAnswer(noBundle, Options(), out _, out string? bundleError));
        Assert.Contains("BUNDLE", bundleError);
        Assert.False(SdpAnswerBuilder.TryCreateAnswer(passive, Options(), out _, out string? setupError));
        Assert.Contains("setup", setupError);
    }
}
