using System.Collections.Concurrent;
using System.Globalization;

namespace RedConnect.Portal.Appointments;

/// <summary>
/// Wall-clock time in the practice's time zone (Europe/Berlin by default) ↔ UTC. The browser sends the date
/// and time as typed; the server converts them here and stores UTC.
/// </summary>
public static class PracticeTime
{
    public const string DefaultZone = "Europe/Berlin";

    private static readonly ConcurrentDictionary<string, TimeZoneInfo> Zones = new(StringComparer.Ordinal);

    public static TimeZoneInfo Zone(string id) => Zones.GetOrAdd(id, TimeZoneInfo.FindSystemTimeZoneById);

    /// <summary>Parses <c>yyyy-MM-dd</c> (what <c>input type=date</c> sends).</summary>
    public static bool TryParseDate(string? input, out DateOnly date) =>
        DateOnly.TryParseExact(input?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    /// <summary>Parses <c>HH:mm</c> or <c>HH:mm:ss</c> (what <c>input type=time</c> sends).</summary>
    public static bool TryParseTime(string? input, out TimeOnly time) =>
        TimeOnly.TryParseExact(input?.Trim(), ["HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out time);

    /// <summary>
    /// The instant a wall-clock time in <paramref name="zone"/> means. Two cases have no single answer:
    /// a time skipped when clocks go forward (e.g. 02:30 on the last Sunday of March in Berlin) is read with
    /// the offset in force before the change, so it lands as far after the change as it was typed after
    /// the gap's start (02:30 → 03:30 CEST); a time that occurs twice when clocks go back (02:30 on the last
    /// Sunday of October) means its first occurrence (summer time), so nobody arrives an hour late.
    /// </summary>
    public static DateTimeOffset ToUtc(DateOnly date, TimeOnly time, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        TimeSpan offset;
        if (zone.IsInvalidTime(local))
            offset = zone.GetUtcOffset(local.AddHours(-3));
        else if (zone.IsAmbiguousTime(local))
            offset = zone.GetAmbiguousTimeOffsets(local).Max();
        else
            offset = zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    public static DateTime ToLocal(DateTimeOffset instant, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(instant, zone).DateTime;

    public static string DateText(DateTime local) => local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string TimeText(DateTime local) => local.ToString("HH:mm", CultureInfo.InvariantCulture);
}
