using System.Net;
using RedConnect.Turn.Security;

namespace RedConnect.Turn.Tests.Security;

public sealed class IpRangeTests
{
    [Theory]
    [InlineData("10.0.0.0/8", "10.255.255.255", true)]
    [InlineData("10.0.0.0/8", "11.0.0.0", false)]
    [InlineData("10.1.2.3/8", "10.0.0.0", true)] // host bits ignored
    [InlineData("172.16.0.0/12", "172.31.255.255", true)]
    [InlineData("172.16.0.0/12", "172.32.0.0", false)]
    [InlineData("1.2.3.4", "1.2.3.4", true)]
    [InlineData("1.2.3.4", "1.2.3.5", false)]
    [InlineData("1.2.3.4-1.2.3.10", "1.2.3.10", true)]
    [InlineData("1.2.3.4-1.2.3.10", "1.2.3.11", false)]
    [InlineData("1.2.3.4 - 1.2.3.10", "1.2.3.3", false)]
    [InlineData("0.0.0.0/0", "255.255.255.255", true)]
    [InlineData("fe80::/10", "febf:ffff::1", true)]
    [InlineData("fe80::/10", "fec0::1", false)]
    [InlineData("2001:db8::1-2001:db8::ff", "2001:db8::80", true)]
    [InlineData("::1", "::1", true)]
    [InlineData("::/0", "ffff::1", true)]
    public void Contains_follows_the_written_range(string range, string address, bool expected)
    {
        Assert.True(IpRange.TryParse(range, out var parsed));
        Assert.Equal(expected, parsed.Contains(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("127.0.0.0/8", "::ffff:127.0.0.1")]
    [InlineData("10.0.0.0/8", "::ffff:10.9.8.7")]
    [InlineData("192.168.1.1", "::ffff:192.168.1.1")]
    public void An_IPv4_range_contains_the_IPv4_mapped_spelling_of_its_addresses(string range, string mapped)
    {
        Assert.True(IpRange.Parse(range).Contains(IPAddress.Parse(mapped)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("10.0.0.0/33")]
    [InlineData("10.0.0.0/-1")]
    [InlineData("10.0.0.0/")]
    [InlineData("/8")]
    [InlineData("::/129")]
    [InlineData("10.0.0.10-10.0.0.1")] // reversed
    [InlineData("10.0.0.1-::1")]        // mixed families
    [InlineData("10.0.0")]             // IPAddress.TryParse would accept this shorthand
    [InlineData("1")]
    [InlineData("fe80::1%eth0")]
    [InlineData("example.org")]
    [InlineData("10.0.0.0/8/8")]
    [InlineData("1.2.3.4-")]
    [InlineData("-1.2.3.4")]
    [InlineData("10.0.0.0/+8")]
    public void Malformed_ranges_are_rejected_without_throwing(string text)
    {
        Assert.False(IpRange.TryParse(text, out _));
    }

    [Theory]
    [InlineData("10.0.0.0/8", "10.0.0.0/8")]
    [InlineData("1.2.3.4", "1.2.3.4")]
    [InlineData("1.2.3.4-1.2.3.10", "1.2.3.4-1.2.3.10")]
    [InlineData("fe80::/10", "fe80::/10")]
    public void ToString_round_trips(string text, string expected)
    {
        Assert.Equal(expected, IpRange.Parse(text).ToString());
    }

    [Fact]
    public void Random_text_never_throws()
    {
        var random = new Random(1234);
        const string alphabet = "0123456789abcdef.:/-% x";
        for (var i = 0; i < 20000; i++)
        {
            var chars = new char[random.Next(0, 40)];
            for (var j = 0; j < chars.Length; j++)
            {
                chars[j] = alphabet[random.Next(alphabet.Length)];
            }

            _ = IpRange.TryParse(new string(chars), out _);
        }
    }
}
