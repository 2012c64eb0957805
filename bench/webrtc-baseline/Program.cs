using System.Globalization;
using Microsoft.Playwright;
using RedConnect.Bench.WebRtcBaseline;
using RedConnect.EndToEnd.Tests.Infrastructure;

// Median time from the participant's page load (performance.timeOrigin) to the first remote video frame presented
// (requestVideoFrameCallback), on both sides, for the minimal baseline and for RedConnect; then the ratio.
var runs = args.Length >= 2 && args[0] == "--runs" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
using var playwright = await Chromium.CreatePlaywrightAsync();

var baseline = new List<(double Participant, double Organizer)>();
await using (var relay = await BaselineRelay.StartAsync())
{
    for (var i = 0; i < runs; i++)
    {
        await using var first = await Person.StartAsync(playwright, initScript: CallUi.FirstFrameProbe);
        await using var second = await Person.StartAsync(playwright, initScript: CallUi.FirstFrameProbe);
        await first.Page.GotoAsync(relay.Origin.ToString());
        await first.Page.WaitForFunctionAsync("() => window.__wsOpen === true");
        await second.Page.GotoAsync(relay.Origin.ToString());
        baseline.Add(await MeasureAsync(second.Page, first.Page));
        Console.WriteLine($"baseline run {i + 1}: participant {baseline[^1].Participant:F0} ms, organizer {baseline[^1].Organizer:F0} ms");
    }
}

var redconnect = new List<(double Participant, double Organizer)>();
using (var portal = await PortalProcess.StartAsync())
{
    AppointmentCodes codes;
    await using (var admin = await Person.StartAsync(playwright))
    {
        await PortalUi.RegisterAndLoginAsync(admin.Page, portal.Origin);
        codes = await PortalUi.CreateAppointmentAsync(admin.Page, portal.Origin, PortalUi.UniqueText("Bench "), DateTimeOffset.Now);
    }
    for (var i = 0; i < runs; i++)
    {
        await using var organizer = await Person.StartAsync(playwright, initScript: CallUi.FirstFrameProbe);
        await using var participant = await Person.StartAsync(playwright, initScript: CallUi.FirstFrameProbe);
        await organizer.Page.GotoAsync(new Uri(portal.Origin, codes.StartCallHref).ToString());
        await CallUi.ExpectStatusAsync(organizer.Page, CallUi.Waiting);
        await CallUi.JoinAsParticipantAsync(participant.Page, codes.ParticipantLink, "Bench");
        redconnect.Add(await MeasureAsync(participant.Page, organizer.Page));
        Console.WriteLine($"redconnect run {i + 1}: participant {redconnect[^1].Participant:F0} ms, organizer {redconnect[^1].Organizer:F0} ms");
    }
}

var bp = Median(baseline.Select(r => r.Participant));
var bo = Median(baseline.Select(r => r.Organizer));
var rp = Median(redconnect.Select(r => r.Participant));
var ro = Median(redconnect.Select(r => r.Organizer));
Console.WriteLine($"median over {runs} runs, page load of the participant -> first remote frame:");
Console.WriteLine($"  baseline   participant {bp:F0} ms, organizer {bo:F0} ms");
Console.WriteLine($"  redconnect participant {rp:F0} ms, organizer {ro:F0} ms");
Console.WriteLine($"  ratio      participant {rp / bp:F2}, organizer {ro / bo:F2}");

static async Task<(double Participant, double Organizer)> MeasureAsync(IPage participant, IPage organizer)
{
    var wait = new PageWaitForFunctionOptions { Timeout = 30_000, PollingInterval = 50 };
    await participant.WaitForFunctionAsync("() => window.__firstRemoteFrameAt !== undefined", null, wait);
    await organizer.WaitForFunctionAsync("() => window.__firstRemoteFrameAt !== undefined", null, wait);
    var loadStart = await participant.EvaluateAsync<double>("() => window.__loadStartedAt");
    var participantFrame = await participant.EvaluateAsync<double>("() => window.__firstRemoteFrameAt");
    var organizerFrame = await organizer.EvaluateAsync<double>("() => window.__firstRemoteFrameAt");
    return (participantFrame - loadStart, organizerFrame - loadStart);
}

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}
