using RedConnect.Sfu.Sdp;

namespace RedConnect.Sfu.Tests.Sdp;

public sealed class SdpRoundTripTests
{
    public static TheoryData<string> Captured => new(SdpTestData.Files);

    [Theory]
    [MemberData(nameof(Captured))]
    public void Captured_browser_sdp_writes_back_byte_for_byte(string file)
    {
        string original = SdpTestData.Read(file);

        Assert.True(SdpParser.TryParse(original, out SessionDescription? parsed, out SdpParseError? error), error?.ToString());
        string written = parsed!.ToString();

        Assert.Equal(original, written);
    }

    [Theory]
    [MemberData(nameof(Captured))]
    public void Parse_write_parse_yields_the_same_model(string file)
    {
        Assert.True(SdpParser.TryParse(SdpTestData.Read(file), out SessionDescription? first, out _));
        Assert.True(SdpParser.TryParse(first!.ToString(), out SessionDescription? second, out SdpParseError? error), error?.ToString());

        Assert.Equal(first.Origin, second!.Origin);
        Assert.Equal(first.Attributes, second.Attributes);
        Assert.Equal(first.Media.Count, second.Media.Count);
        for (int i = 0; i < first.Media.Count; i++)
        {
            MediaDescription a = first.Media[i], b = second.Media[i];
            Assert.Equal(a.MediaLineValue(), b.MediaLineValue());
            Assert.Equal(a.Connection, b.Connection);
            Assert.Equal(a.Attributes, b.Attributes);
            Assert.Equal(a.RtpMaps, b.RtpMaps);
            Assert.Equal(a.Extmaps, b.Extmaps);
            Assert.Equal(a.Candidates.Select(c => c.ToString()), b.Candidates.Select(c => c.ToString()));
        }
    }

    [Fact]
    public void Model_built_in_code_writes_crlf_lines_in_rfc_order()
    {
        var session = new SessionDescription { SessionName = "-" };
        session.Timings.Add("0 0");
        session.OtherLines.Add(new SdpLine('b', "AS:30"));
        session.Add("ice-lite");
        var media = new MediaDescription("audio", 9, "UDP/TLS/RTP/SAVPF", ["111"]) { Connection = SdpConnection.ForAddress("::1") };
        media.Add("mid", "0").Add("rtcp-mux");
        session.Media.Add(media);

        Assert.Equal(
            "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=-\r\nb=AS:30\r\nt=0 0\r\na=ice-lite\r\n"
            + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP6 ::1\r\na=mid:0\r\na=rtcp-mux\r\n",
            session.ToString());
    }
}
