namespace RedConnect.Turn.Tests.Coturn;

public sealed class UclientReportTests
{
    // Captured from turnutils_uclient 4.6.1 (-m 2 -n 200 -z 20) against coturn on this machine.
    private const string Sample = """
        0: : Total connect time is 0
        1: : start_mclient: msz=2, tot_send_msgs=0, tot_recv_msgs=0, tot_send_bytes ~ 0, tot_recv_bytes ~ 0
        4: : start_mclient: msz=2, tot_send_msgs=42, tot_recv_msgs=42, tot_send_bytes ~ 7224, tot_recv_bytes ~ 7224
        5: : start_mclient: msz=2, tot_send_msgs=92, tot_recv_msgs=92, tot_send_bytes ~ 15824, tot_recv_bytes ~ 15824
        10: : start_mclient: msz=2, tot_send_msgs=391, tot_recv_msgs=390, tot_send_bytes ~ 67252, tot_recv_bytes ~ 67252
        10: : start_mclient: tot_send_msgs=400, tot_recv_msgs=398
        10: : start_mclient: tot_send_bytes ~ 68800, tot_recv_bytes ~ 68800
        10: : Total transmit time is 10
        10: : Total lost packets 2 (0.500000%), total send dropped 0 (0.000000%)
        10: : Average round trip delay 1.535000 ms; min = 0 ms, max = 56 ms
        """;

    [Fact]
    public void Summary_lines_give_sent_received_lost_and_rtt()
    {
        var report = UclientReport.TryParse(Sample);

        Assert.NotNull(report);
        Assert.Equal(400, report.Sent);
        Assert.Equal(398, report.Received);
        Assert.Equal(2, report.Lost);
        Assert.Equal(0.5, report.LostPercent, 6);
        Assert.Equal(1.535, report.AverageRttMs, 6);
        Assert.Equal(0.5, report.MissingPercent, 6);
    }

    [Fact]
    public void Rate_comes_from_progress_lines_that_show_traffic_not_from_transmit_time()
    {
        var report = UclientReport.TryParse(Sample);

        Assert.NotNull(report);
        Assert.Equal(4, report.Progress.Count);
        Assert.Equal((390 - 42) / 6.0, report.MessagesPerSecond, 6);
    }

    [Fact]
    public void Output_without_a_summary_is_not_a_report()
    {
        Assert.Null(UclientReport.TryParse("0: : ERROR: Cannot complete Allocation\n"));
    }
}
