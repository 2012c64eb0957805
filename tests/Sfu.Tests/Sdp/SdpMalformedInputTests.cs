using RedConnect.Sfu.Sdp;

namespace RedConnect.Sfu.Tests.Sdp;

public sealed class SdpMalformedInputTests
{
    private const string Header = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";

    [Theory]
    [InlineData(null, 1, "v=0")]
    [InlineData("", 1, "v=0")]
    [InlineData("o=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n", 1, "v=0")]
    [InlineData("v=1\r\n", 1, "v=0")]
    [InlineData(Header + "m=audio\r\n", 5, "m=")]
    [InlineData(Header + "m=audio 99999 UDP/TLS/RTP/SAVPF 111\r\n", 5, "port")]
    [InlineData(Header + "m=audio 9 UDP/TLS/RTP/SAVPF opus\r\n", 5, "payload types")]
    [InlineData(Header + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=rtpmap:111 opus\r\n", 6, "rtpmap")]
    [InlineData(Header + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=candidate:1 1 udp 1 10.0.0.1 70000 typ host\r\n", 6, "port")]
    [InlineData(Header + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=candidate:1 1 udp 1 10.0.0.1 5000 host\r\n", 6, "candidate")]
    [InlineData(Header + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=extmap:0 urn:x\r\n", 6, "extmap id")]
    [InlineData(Header + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=ssrc:abc cname:x\r\n", 6, "ssrc")]
    [InlineData(Header + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=setup:sideways\r\n", 6, "setup")]
    [InlineData(Header + "a=group:\r\n", 5, "group")]
    [InlineData(Header + "garbage\r\n", 5, "<type>=<value>")]
    [InlineData(Header + "\r\n", 5, "<type>=<value>")]
    [InlineData("v=0\r\no=- x 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n", 2, "numeric")]
    [InlineData("v=0\r\ns=-\r\nt=0 0\r\n", 4, "o=")]
    [InlineData("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nm=audio 9 RTP/AVP 0\r\n", 4, "before")]
    public void Malformed_sdp_is_refused_with_the_offending_line(string? text, int line, string message)
    {
        Assert.False(SdpParser.TryParse(text, out SessionDescription? sdp, out SdpParseError? error));

        Assert.Null(sdp);
        Assert.Equal(line, error!.Line);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Huge_input_is_refused_without_parsing_it()
    {
        string huge = Header + string.Concat(Enumerable.Repeat("a=x-filler:" + new string('x', 100) + "\r\n", 3000));

        Assert.False(SdpParser.TryParse(huge, out _, out SdpParseError? error));

        Assert.Contains("larger than", error!.Message);
    }

    [Fact]
    public void Too_many_lines_are_refused_with_the_line_number_where_the_limit_was_passed()
    {
        string many = Header + string.Concat(Enumerable.Repeat("a=x\r\n", SdpParser.MaxLines));

        Assert.False(SdpParser.TryParse(many, out _, out SdpParseError? error));

        Assert.Equal(SdpParser.MaxLines + 1, error!.Line);
    }

    [Fact]
    public void Random_mutations_of_a_browser_offer_never_throw()
    {
        string original = SdpTestData.Read("chromium-offer.sdp");
        var random = new Random(20240607);
        int refused = 0;
        for (int i = 0; i < 3000; i++)
        {
            char[] chars = original.ToCharArray();
            int edits = random.Next(1, 8);
            for (int e = 0; e < edits; e++)
            {
                chars[random.Next(chars.Length)] = (char)random.Next(0, 128);
            }

            string mutated = random.Next(4) == 0 ? new string(chars, 0, random.Next(chars.Length)) : new string(chars);

            // Must return, never throw; on success the result must write back and parse again.
            if (SdpParser.TryParse(mutated, out SessionDescription? sdp, out SdpParseError? error))
            {
                Assert.True(SdpParser.TryParse(sdp!.ToString(), out _, out _));
                _ = sdp.Media.Select(SdpCodec.FromMedia).ToList();
                _ = sdp.Media.Select(m => m.Candidates).ToList();
            }
            else
            {
                Assert.InRange(error!.Line, 0, SdpParser.MaxLines + 1);
                refused++;
            }
        }

        Assert.True(refused > 0);
    }
}
