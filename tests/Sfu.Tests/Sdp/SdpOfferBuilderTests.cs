using RedConnect.Sfu.Sdp;

namespace RedConnect.Sfu.Tests.Sdp;

public sealed class SdpOfferBuilderTests
{
    private static readonly SdpTransportParameters Transport = new(
        "sfuU",
        "sfuPasswordWithEnoughChars",
        "sha-256 " + string.Join(':', Enumerable.Repeat("AB", 32)),
        [SdpCandidate.Host("1", "127.0.0.1", 7882)]);

    private static readonly SdpOutgoingTrack Audio = new(
        "0", "audio", "alice", "alice-mic", 1111, "sfu", SdpCodecCapability.Opus, 111,
        HeaderExtensions: [new SdpExtmap(1, null, RtpHeaderExtensionUris.AudioLevel, null), new SdpExtmap(4, null, RtpHeaderExtensionUris.Mid, null)]);

    private static readonly SdpOutgoingTrack Video = new(
        "1", "video", "alice", "alice-cam", 2222, "sfu", SdpCodecCapability.Vp8, 96, RtxSsrc: 3333, RtxPayloadType: 97);

    private static SessionDescription Build(params SdpOutgoingTrack[] tracks)
    {
        SessionDescription offer = SdpOfferBuilder.CreateSubscriberOffer(Transport, tracks, "77", 3);
        Assert.True(SdpParser.TryParse(offer.ToString(), out SessionDescription? parsed, out SdpParseError? error), error?.ToString());
        return parsed!;
    }

    [Fact]
    public void Subscriber_offer_has_sendonly_bundled_sections_with_msid_and_ssrcs()
    {
        SessionDescription offer = Build(Audio, Video);

        Assert.True(offer.IceLite);
        Assert.Equal(["0", "1"], offer.BundleMids);
        Assert.Equal("3", offer.Origin.SessionVersion);
        foreach (MediaDescription media in offer.Media)
        {
            Assert.Equal(SdpDirection.SendOnly, media.Direction);
            Assert.Equal(SdpSetup.ActPass, media.Setup);
            Assert.True(media.RtcpMux);
            Assert.StartsWith("alice ", media.Msid);
            Assert.Equal(Transport.Fingerprint, Assert.Single(media.Fingerprints));
        }

        MediaDescription video = offer.Media[1];
        Assert.Equal(["VP8", "rtx"], SdpCodec.FromMedia(video).Select(c => c.Name));
        Assert.Equal([2222u, 3333u], Assert.Single(video.SsrcGroups).Ssrcs);
        Assert.Contains(video.Ssrcs, s => s.Ssrc == 3333 && s.Attribute == "msid" && s.Value == "alice alice-cam");
        Assert.True(SdpCodec.FromMedia(video)[0].HasFeedback("nack pli"));
        Assert.Equal(4, RtpHeaderExtensionUris.IdOf(offer.Media[0], RtpHeaderExtensionUris.Mid));
    }

    [Fact]
    public void Stopped_track_keeps_its_mid_in_a_rejected_section_outside_the_bundle()
    {
        SessionDescription offer = Build(Audio with { Stopped = true }, Video);

        Assert.Equal(0, offer.Media[0].Port);
        Assert.Equal("0", offer.Media[0].Mid);
        Assert.Equal(["1"], offer.BundleMids);
    }

    [Fact]
    public void Answer_must_make_the_browser_the_dtls_client()
    {
        SessionDescription offer = Build(Audio, Video);
        SessionDescription answer = Build(Audio, Video);
        foreach (MediaDescription media in answer.Media)
        {
            media.Attributes[media.Attributes.FindIndex(a => a.Name == "setup")] = new SdpAttribute("setup", "active");
        }

        Assert.True(SdpOfferBuilder.TryCheckAnswer(answer, out IReadOnlyList<string> mids, out _));
        Assert.Equal(["0", "1"], mids);
        Assert.False(SdpOfferBuilder.TryCheckAnswer(offer, out _, out string? error));
        Assert.Contains("active", error);
    }

    [Theory]
    [InlineData("chromium-answer-to-sfu-offer.sdp")]
    [InlineData("firefox-answer-to-sfu-offer.sdp")]
    public void Real_browser_answers_to_our_subscriber_offer_take_the_dtls_client_role(string file)
    {
        // Captured by giving Chromium 156 / Firefox 153 an offer built like Build(Audio, Video, stopped video).
        Assert.True(SdpParser.TryParse(SdpTestData.Read(file), out SessionDescription? answer, out _));

        Assert.True(SdpOfferBuilder.TryCheckAnswer(answer!, out IReadOnlyList<string> mids, out string? error), error);
        Assert.Equal(["0", "1"], mids);
        Assert.Equal(SdpDirection.RecvOnly, answer!.Media[1].Direction);
        Assert.Equal(0, answer.Media[2].Port);
    }
}
