using RedConnect.Portal.Appointments;

namespace RedConnect.Portal.Tests.Appointments;

/// <summary>Wall-clock time in Europe/Berlin ↔ UTC, including both clock changes.</summary>
public sealed class PracticeTimeTests
{
    private static readonly TimeZoneInfo Berlin = PracticeTime.Zone("Europe/Berlin");

    private static DateTimeOffset Utc(int y, int mo, int d, int h, int mi) => new(y, mo, d, h, mi, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("2026-01-15", "09:00", 2026, 1, 15, 8, 0)]   // CET, UTC+1
    [InlineData("2026-07-15", "09:00", 2026, 7, 15, 7, 0)]   // CEST, UTC+2
    [InlineData("2026-03-29", "01:59", 2026, 3, 29, 0, 59)]  // just before the spring change
    [InlineData("2026-03-29", "03:00", 2026, 3, 29, 1, 0)]   // first minute of summer time
    [InlineData("2026-03-29", "02:30", 2026, 3, 29, 1, 30)]  // skipped: read as 03:30 CEST
    [InlineData("2026-10-25", "02:30", 2026, 10, 25, 0, 30)] // occurs twice: the first (summer time) one
    [InlineData("2026-10-25", "03:00", 2026, 10, 25, 2, 0)]  // after the autumn change, CET
    public void Typed_times_become_the_expected_instant(string date, string time, int y, int mo, int d, int h, int mi)
    {
        Assert.True(PracticeTime.TryParseDate(date, out var day));
        Assert.True(PracticeTime.TryParseTime(time, out var clock));
        Assert.Equal(Utc(y, mo, d, h, mi), PracticeTime.ToUtc(day, clock, Berlin));
    }

    [Fact]
    public void A_skipped_time_is_shown_as_the_time_it_became()
    {
        var instant = PracticeTime.ToUtc(new DateOnly(2026, 3, 29), new TimeOnly(2, 30), Berlin);
        Assert.Equal("03:30", PracticeTime.TimeText(PracticeTime.ToLocal(instant, Berlin)));
    }

    [Theory]
    [InlineData("2026-02-29")]
    [InlineData("2026-13-01")]
    [InlineData("29.03.2026")]
    [InlineData("")]
    [InlineData(null)]
    public void Impossible_or_foreign_dates_do_not_parse(string? input) => Assert.False(PracticeTime.TryParseDate(input, out _));

    [Theory]
    [InlineData("14:30", true)]
    [InlineData("14:30:00", true)]
    [InlineData("24:00", false)]
    [InlineData("9:5", false)]
    [InlineData("14.30", false)]
    public void Times_parse_as_the_time_input_sends_them(string input, bool ok) => Assert.Equal(ok, PracticeTime.TryParseTime(input, out _));
}
