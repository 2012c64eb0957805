using RedConnect.Sfu.Sdp;

namespace RedConnect.Sfu.Tests.Sdp;

public sealed class SdpExtractionTests
{
    private static SessionDescription Parse(string file)
    {
        Assert.True(SdpParser.TryParse(SdpTestData.Read(file), out SessionDescription? sdp, out SdpParseError? error), error?.ToString());
        return sdp!;
    }

    [Fact]
    public void Chromium_offer_session_level_has_bundle_msid_semantic_and_extmap_allow_mixed()
    {
        SessionDescription sdp = Parse("chromium-offer.sdp");

        Assert.Equal(["0", "1"], sdp.BundleMids);
        Assert.True(sdp.ExtmapAllowMixed);
        Assert.False(sdp.IceLite);
        Assert.StartsWith(" WMS ", sdp.Attribute("msid-semantic"));
        Assert.Equal(["audio", "video"], sdp.Media.Select(m => m.Kind));
    }

    [Fact]
    public void Chromium_audio_section_yields_opus_and_header_extension_ids()
    {
        MediaDescription audio = Parse("chromium-offer.sdp").Media[0];

        SdpCodec opus = SdpCodec.FromMedia(audio).First();
        Assert.True(opus.IsOpus);
        Assert.Equal(111, opus.PayloadType);
        Assert.Equal(48000, opus.ClockRate);
        Assert.Equal(2, opus.Channels);
        Assert.Equal("1", opus.Parameters["useinbandfec"]);
        Assert.True(opus.HasFeedback("transport-cc"));
        Assert.Contains(SdpCodec.FromMedia(audio), c => c.Name == "PCMU" && c.PayloadType == 0);
        Assert.Equal(4, RtpHeaderExtensionUris.IdOf(audio, RtpHeaderExtensionUris.Mid));
        Assert.Equal(1, RtpHeaderExtensionUris.IdOf(audio, RtpHeaderExtensionUris.AudioLevel));
        Assert.Equal(2, RtpHeaderExtensionUris.IdOf(audio, RtpHeaderExtensionUris.AbsSendTime));
        Assert.Equal(3, RtpHeaderExtensionUris.IdOf(audio, RtpHeaderExtensionUris.TransportWideCc));
        Assert.Equal("0", audio.Mid);
        Assert.Equal(SdpDirection.SendRecv, audio.Direction);
        Assert.True(audio.RtcpMux);
        Assert.True(audio.RtcpReducedSize);
        Assert.Equal(SdpSetup.ActPass, audio.Setup);
        Assert.Equal("SQV9", audio.IceUfrag);
        Assert.StartsWith("sha-256 08:E3:86", Assert.Single(audio.Fingerprints));
        Assert.Contains(audio.Ssrcs, s => s.Ssrc == 1467857120 && s.Attribute == "cname" && s.Value == "sYWRd0aveqvKaBV1");
    }

    [Fact]
    public void Chromium_video_section_yields_vp8_h264_variants_and_rtx_mapping()
    {
        MediaDescription video = Parse("chromium-offer.sdp").Media[1];
        IReadOnlyList<SdpCodec> codecs = SdpCodec.FromMedia(video);

        SdpCodec vp8 = codecs.First(c => c.IsVp8);
        Assert.Equal(96, vp8.PayloadType);
        Assert.True(vp8.HasFeedback("nack pli"));
        Assert.True(vp8.HasFeedback("ccm fir"));
        Assert.True(vp8.HasFeedback("goog-remb"));
        SdpCodec h264 = codecs.First(c => c.PayloadType == 108);
        Assert.True(h264.IsH264);
        Assert.Equal(1, h264.PacketizationMode);
        Assert.Equal("42e01f", h264.ProfileLevelId);
        Assert.Equal(0, codecs.First(c => c.PayloadType == 104).PacketizationMode);

        IReadOnlyDictionary<int, int> rtx = SdpCodec.RtxMapping(video);
        Assert.Equal(96, rtx[97]);
        Assert.Equal(108, rtx[109]);
        Assert.Equal(codecs.Count(c => c.IsRtx), rtx.Count);

        SdpSsrcGroup fid = Assert.Single(video.SsrcGroups);
        Assert.Equal("FID", fid.Semantics);
        Assert.Equal([110166293u, 4129750545u], fid.Ssrcs);
        Assert.Equal(11, RtpHeaderExtensionUris.IdOf(video, RtpHeaderExtensionUris.RepairedRtpStreamId));
    }

    [Fact]
    public void Chromium_candidates_follow_rfc8839_with_tcptype_and_browser_extensions()
    {
        IReadOnlyList<SdpCandidate> candidates = Parse("chromium-offer.sdp").Media[0].Candidates;

        Assert.Equal(8, candidates.Count);
        SdpCandidate udp = candidates[0];
        Assert.Equal("3560107174", udp.Foundation);
        Assert.Equal(1, udp.Component);
        Assert.True(udp.IsUdp);
        Assert.Equal(2122194687u, udp.Priority);
        Assert.Equal("127.0.0.1", udp.Address);
        Assert.Equal(57902, udp.Port);
        Assert.Equal("host", udp.Type);
        Assert.Equal("3", udp.Extension("network-id"));
        Assert.Null(udp.TcpType);
        Assert.Contains(candidates, c => c.Address == "::1");
        SdpCandidate tcp = candidates.First(c => !c.IsUdp);
        Assert.Equal("active", tcp.TcpType);
        Assert.Equal(9, tcp.Port);
    }

    [Fact]
    public void Srflx_candidate_exposes_related_address_and_port_and_writes_back()
    {
        const string text = "842163049 1 udp 1677729535 203.0.113.10 52200 typ srflx raddr 0.0.0.0 rport 0 generation 0 network-cost 999";

        Assert.True(SdpCandidate.TryParse("candidate:" + text, out SdpCandidate? candidate, out _));

        Assert.Equal("srflx", candidate!.Type);
        Assert.Equal("0.0.0.0", candidate.RelatedAddress);
        Assert.Equal(0, candidate.RelatedPort);
        Assert.Equal(text, candidate.ToString());
    }

    [Fact]
    public void Firefox_offer_puts_fingerprint_at_session_level_and_uses_extmap_directions()
    {
        SessionDescription sdp = Parse("firefox-offer.sdp");
        MediaDescription audio = sdp.Media[0];

        Assert.Empty(audio.Fingerprints);
        Assert.StartsWith("sha-256 A9:6A", Assert.Single(sdp.FingerprintsFor(audio)));
        Assert.Equal("9a9704b0", sdp.IceUfragFor(audio));
        Assert.Equal(SdpSetup.ActPass, sdp.SetupFor(audio));
        Assert.True(audio.EndOfCandidates);
        Assert.Contains(audio.Candidates, c => c.Component == 2);
        SdpExtmap csrc = audio.Extmaps.First(e => e.Id == 2);
        Assert.Equal(SdpDirection.RecvOnly, csrc.Direction);
        Assert.Equal(109, SdpCodec.FromMedia(audio).First(c => c.IsOpus).PayloadType);
        Assert.Equal(120, SdpCodec.RtxMapping(sdp.Media[1])[124]);
    }

    [Theory]
    [InlineData("chromium-simulcast.sdp")]
    [InlineData("firefox-simulcast.sdp")]
    public void Simulcast_offers_expose_rids_and_send_streams(string file)
    {
        SessionDescription sdp = Parse(file);
        MediaDescription video = sdp.Media.Single(m => m.Kind == "video");

        Assert.Equal(["q", "h", "f"], video.Rids.Select(r => r.Id));
        Assert.All(video.Rids, r => Assert.Equal("send", r.Direction));
        Assert.Equal(["q", "h", "f"], video.Simulcast!.Send.Select(s => s[0]));
        Assert.Empty(video.Simulcast.Receive);
        Assert.Equal(SdpDirection.SendOnly, video.Direction);
        Assert.Contains(sdp.Media, m => m.Kind == "application" && !m.IsRtp);
    }
}
