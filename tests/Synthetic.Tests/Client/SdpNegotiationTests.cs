using RedConnect.Sfu.Dtls;
using RedConnect.Sfu.Ice;
using RedConnect.Sfu.Sdp;
using RedConnect.Synthetic.Client;

namespace RedConnect.Synthetic.Tests.Client;

public sealed class SdpNegotiationTests
{
    private static readonly LocalTransportParameters Local = new(IceCredentials.Generate(), DtlsCertificate.Shared.Fingerprint);

    private static readonly SdpTransportParameters Sfu = new(
        "sfuufrag", "sfupassword0123456789abc", DtlsCertificate.Shared.SdpFingerprint,
        [SdpCandidate.Host("1", "127.0.0.1", 47000)]);

    [Fact]
    public void Publisher_offer_is_accepted_by_the_sfu_answer_builder_with_both_tracks_recvonly()
    {
        var tracks = new PublisherTracks(true, true, 1111, 2222);
        string offerText = SyntheticOfferBuilder.CreatePublisherOffer(Local, tracks);

        Assert.True(SdpParser.TryParse(offerText, out SessionDescription? offer, out SdpParseError? parseError), parseError?.ToString());
        Assert.Equal(["0", "1"], offer!.BundleMids);
        Assert.All(offer.Media, m => Assert.Equal(SdpDirection.SendOnly, m.Direction));
        Assert.All(offer.Media, m => Assert.Equal(SdpSetup.ActPass, offer.SetupFor(m)));
        Assert.Equal([1111u], offer.Media[0].Ssrcs.Select(s => s.Ssrc).Distinct());
        Assert.Equal([2222u], offer.Media[1].Ssrcs.Select(s => s.Ssrc).Distinct());

        Assert.True(SdpAnswerBuilder.TryCreateAnswer(offer, new SdpAnswerOptions { Transport = Sfu }, out SessionDescription? answer, out string? error), error);
        Assert.Equal(["0", "1"], answer!.BundleMids);
        Assert.Equal(["111"], answer.Media[0].Formats);
        Assert.Equal(["96"], answer.Media[1].Formats);
        Assert.All(answer.Media, m => Assert.Equal(SdpDirection.RecvOnly, m.Direction));
        Assert.Contains(answer.Media[0].Extmaps, e => e.Id == 1 && e.Uri == RtpHeaderExtensionUris.Mid);

        Assert.True(RemoteTransportDescription.TryFrom(answer, out RemoteTransportDescription? remote, out string? problem), problem);
        Assert.Equal("sfuufrag", remote!.IceUfrag);
        Assert.Equal(47000, remote.Candidate.Port);
        Assert.Equal(DtlsCertificate.Shared.Fingerprint, remote.Fingerprints[0]);
    }

    [Fact]
    public void Subscriber_answer_to_an_sfu_offer_is_recvonly_active_and_names_every_track()
    {
        SessionDescription offer = SdpOfferBuilder.CreateSubscriberOffer(Sfu,
        [
            new SdpOutgoingTrack("a0", "audio", "alice", "alice-mic", 501, "sfu", SdpCodecCapability.Opus, 111),
            new SdpOutgoingTrack("v0", "video", "alice", "alice-cam", 502, "sfu", SdpCodecCapability.Vp8, 96),
            new SdpOutgoingTrack("v1", "video", "bob", "bob-cam", 503, "sfu", SdpCodecCapability.Vp8, 96, Stopped: true),
        ], "1", 1);
        Assert.True(SdpParser.TryParse(SdpWriter.Write(offer), out SessionDescription? parsedOffer, out _));

        string answerText = SyntheticAnswerBuilder.CreateSubscriberAnswer(parsedOffer!, Local, out IReadOnlyList<SubscribedTrack> tracks);

        Assert.True(SdpParser.TryParse(answerText, out SessionDescription? answer, out SdpParseError? parseError), parseError?.ToString());
        Assert.True(SdpOfferBuilder.TryCheckAnswer(answer!, out IReadOnlyList<string> accepted, out string? error), error);
        Assert.Equal(["a0", "v0"], accepted);
        Assert.Equal(["a0", "v0"], answer!.BundleMids);
        Assert.True(answer.Media[2].IsRejected);
        Assert.All(answer.Media.Where(m => !m.IsRejected), m => Assert.Equal(SdpDirection.RecvOnly, m.Direction));
        Assert.Equal(
            [new SubscribedTrack("a0", "audio", 501, "alice", "alice-mic", 111), new SubscribedTrack("v0", "video", 502, "alice", "alice-cam", 96)],
            tracks);
    }

    [Fact]
    public void Sfu_description_without_candidate_or_fingerprint_is_refused_with_a_reason()
    {
        var noCandidates = Sfu with { Candidates = [] };
        SessionDescription offer = SdpOfferBuilder.CreateSubscriberOffer(noCandidates,
            [new SdpOutgoingTrack("a0", "audio", "s", "t", 1, "c", SdpCodecCapability.Opus, 111)], "1", 1);
        Assert.False(RemoteTransportDescription.TryFrom(offer, out _, out string? error));
        Assert.Contains("candidate", error);
    }
}
