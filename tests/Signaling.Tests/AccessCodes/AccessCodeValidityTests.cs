using RedConnect.Signaling.AccessCodes;

namespace RedConnect.Signaling.Tests.AccessCodes;

public class AccessCodeValidityTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(-31, AccessCodeState.NotYetValid)]
    [InlineData(-30, AccessCodeState.Valid)]
    [InlineData(0, AccessCodeState.Valid)]
    [InlineData(24 * 60 - 1, AccessCodeState.Valid)]
    [InlineData(24 * 60, AccessCodeState.Expired)]
    [InlineData(48 * 60, AccessCodeState.Expired)]
    public void Default_window_opens_30_minutes_early_and_lasts_24_hours(int minutesFromStart, AccessCodeState expected)
    {
        Assert.Equal(expected, AccessCodeValidity.Default.StateAt(Start, Start.AddMinutes(minutesFromStart)));
    }

    [Fact]
    public void Early_join_window_is_configurable()
    {
        var strict = new AccessCodeValidity(TimeSpan.Zero, TimeSpan.FromHours(24));
        Assert.Equal(AccessCodeState.NotYetValid, strict.StateAt(Start, Start.AddSeconds(-1)));
        Assert.Equal(AccessCodeState.Valid, strict.StateAt(Start, Start));
    }
}
