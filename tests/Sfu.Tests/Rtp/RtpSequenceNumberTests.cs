using RedConnect.Sfu.Rtp;

namespace RedConnect.Sfu.Tests.Rtp;

public class RtpSequenceNumberTests
{
    [Theory]
    [InlineData(65535, 0, 1)]
    [InlineData(0, 65535, -1)]
    [InlineData(100, 200, 100)]
    [InlineData(0, 32767, 32767)]
    [InlineData(0, 32768, -32768)]
    public void Distance_is_signed_across_the_wrap(int from, int to, int expected) =>
        Assert.Equal(expected, RtpSequenceNumber.Distance((ushort)from, (ushort)to));

    [Fact]
    public void Zero_is_newer_than_65535()
    {
        Assert.True(RtpSequenceNumber.IsNewer(0, 65535));
        Assert.False(RtpSequenceNumber.IsNewer(65535, 0));
        Assert.False(RtpSequenceNumber.IsNewer(5, 5));
    }

    [Fact]
    public void Unwrapper_counts_cycles_and_tolerates_reordering()
    {
        var u = new RtpSequenceUnwrapper();
        Assert.Equal(65534, u.Unwrap(65534));
        Assert.Equal(65535, u.Unwrap(65535));
        Assert.Equal(65536, u.Unwrap(0));
        Assert.Equal(65535, u.Unwrap(65535)); // late packet from the previous cycle
        Assert.Equal(65538, u.Unwrap(2));
        Assert.Equal(65537, u.Unwrap(1));
        Assert.Equal(65538, u.Highest);
    }
}
