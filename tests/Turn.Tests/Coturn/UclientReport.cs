using System.Globalization;
using System.Text.RegularExpressions;

namespace RedConnect.Turn.Tests.Coturn;

/// <summary>One per-second progress line of turnutils_uclient: "7: : start_mclient: msz=2, tot_send_msgs=237, tot_recv_msgs=237, …".</summary>
public readonly record struct UclientProgress(int Second, long Sent, long Received);

/// <summary>
/// What turnutils_uclient (coturn 4.6) reports. Its summary RTT has 1 ms resolution and its "total
/// transmit time" includes random start delays, so the rate comes from the per-second progress lines
/// (see shared FACTS.md): received-message growth between the first and last line that show traffic.
/// </summary>
public sealed partial record UclientReport(
    long Sent,
    long Received,
    long Lost,
    double LostPercent,
    double AverageRttMs,
    double MessagesPerSecond,
    IReadOnlyList<UclientProgress> Progress)
{
    /// <summary>(sent − received) / sent in percent; uclient's own "lost packets" misses whole early bursts.</summary>
    public double MissingPercent => Sent == 0 ? 0 : (Sent - Received) * 100.0 / Sent;

    [GeneratedRegex(@"^(\d+): : start_mclient: msz=\d+, tot_send_msgs=(\d+), tot_recv_msgs=(\d+)", RegexOptions.Multiline)]
    private static partial Regex ProgressLine();

    [GeneratedRegex(@"start_mclient: tot_send_msgs=(\d+), tot_recv_msgs=(\d+)")]
    private static partial Regex TotalsLine();

    [GeneratedRegex(@"Total lost packets (\d+) \(([\d.]+)%\)")]
    private static partial Regex LostLine();

    [GeneratedRegex(@"Average round trip delay ([\d.]+) ms")]
    private static partial Regex RttLine();

    /// <summary>Parses uclient's combined output; null when it never reached its summary (e.g. allocation failed).</summary>
    public static UclientReport? TryParse(string output)
    {
        var totals = TotalsLine().Match(output);
        var lost = LostLine().Match(output);
        if (!totals.Success || !lost.Success)
        {
            return null;
        }

        var rtt = RttLine().Match(output);
        var progress = ProgressLine().Matches(output)
            .Select(m => new UclientProgress(Int(m.Groups[1]), Long(m.Groups[2]), Long(m.Groups[3])))
            .ToList();
        var sent = Long(totals.Groups[1]);
        var received = Long(totals.Groups[2]);
        return new UclientReport(
            sent,
            received,
            Long(lost.Groups[1]),
            double.Parse(lost.Groups[2].Value, CultureInfo.InvariantCulture),
            rtt.Success ? double.Parse(rtt.Groups[1].Value, CultureInfo.InvariantCulture) : double.NaN,
            Rate(progress, received),
            progress);
    }

    private static double Rate(List<UclientProgress> progress, long received)
    {
        // From the first line showing traffic to the first line that shows the final count: the
        // steady window, without the idle start delay and without idle lines after the last echo.
        var start = progress.FindIndex(p => p.Received > 0);
        if (start >= 0)
        {
            var peak = progress.Max(p => p.Received);
            var end = progress.FindIndex(start, p => p.Received == peak);
            if (progress[end].Second > progress[start].Second)
            {
                return (double)(progress[end].Received - progress[start].Received) / (progress[end].Second - progress[start].Second);
            }
        }

        // Everything arrived within about one second.
        return received;
    }

    private static long Long(Group g) => long.Parse(g.Value, CultureInfo.InvariantCulture);

    private static int Int(Group g) => int.Parse(g.Value, CultureInfo.InvariantCulture);
}
