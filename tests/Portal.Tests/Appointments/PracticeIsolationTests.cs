using System.Net;
using RedConnect.Portal.Tests.Infrastructure;

namespace RedConnect.Portal.Tests.Appointments;

/// <summary>Another practice cannot read, edit, delete, re-seal or renew an appointment: it behaves like an unknown id.</summary>
public sealed class PracticeIsolationTests : IAsyncLifetime
{
    private readonly PortalApp _app = new();
    private readonly TestAccount _owner = new(PracticeShortName: "praxis-a");
    private readonly TestAccount _stranger = new(PracticeShortName: "praxis-b");
    private PortalClient _ownerClient = null!;
    private PortalClient _strangerClient = null!;
    private Guid _id;

    public async Task InitializeAsync()
    {
        _ownerClient = _app.NewClient();
        _strangerClient = _app.NewClient();
        await _ownerClient.RegisterAsync(_owner);
        await _strangerClient.RegisterAsync(_stranger);
        var created = await _ownerClient.PostAsync("/api/appointments",
            new { patientLabel = _owner.Seal("Erika Mustermann"), plannedDate = "2026-05-12", plannedTime = "14:30" });
        _id = Guid.Parse((await PortalClient.JsonAsync(created))["id"]!.GetValue<string>());
    }

    public async Task DisposeAsync()
    {
        _ownerClient.Dispose();
        _strangerClient.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Another_practice_gets_not_found_for_every_operation_and_changes_nothing()
    {
        var before = await (await _ownerClient.GetAsync($"/api/appointments/{_id}")).Content.ReadAsStringAsync();
        var codeHashesBefore = Sql.Count(_app.DatabaseFile, "access_codes");

        var responses = new[]
        {
            await _strangerClient.GetAsync($"/api/appointments/{_id}"),
            await _strangerClient.PutAsync($"/api/appointments/{_id}", new { patientLabel = _stranger.Seal("Übernommen"), plannedDate = "2026-06-01", plannedTime = "10:00" }),
            await _strangerClient.PutAsync($"/api/appointments/{_id}/sealed-codes", new { organizer = _stranger.Seal("AAAA-AAAA-AAAA"), participant = _stranger.Seal("BBBB-BBBB-BBBB") }),
            await _strangerClient.PostAsync($"/api/appointments/{_id}/codes"),
            await _strangerClient.DeleteAsync($"/api/appointments/{_id}"),
        };
        foreach (var response in responses)
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("Diesen Termin gibt es nicht (mehr).", await PortalClient.TitleAsync(response));
        }

        var list = await PortalClient.JsonAsync(await _strangerClient.GetAsync("/api/appointments"));
        Assert.Empty(list["upcoming"]!.AsArray());
        Assert.Empty(list["past"]!.AsArray());
        var after = await (await _ownerClient.GetAsync($"/api/appointments/{_id}")).Content.ReadAsStringAsync();
        Assert.Equal(before, after);
        Assert.Equal(codeHashesBefore, Sql.Count(_app.DatabaseFile, "access_codes"));
    }
}
