using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using RedConnect.Portal.Tests.Infrastructure;
using RedConnect.Signaling.AccessCodes;

namespace RedConnect.Portal.Tests.Appointments;

/// <summary>Registration → login → appointment create, read, list, edit, renew codes, delete, over HTTP against the real app.</summary>
public sealed class AppointmentApiTests : IAsyncLifetime
{
    private readonly PortalApp _app = new();
    private readonly TestAccount _account = new();
    private PortalClient _client = null!;

    public async Task InitializeAsync()
    {
        _client = _app.NewClient();
        Assert.Equal(HttpStatusCode.Created, (await _client.RegisterAsync(_account)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.LoginAsync(_account)).StatusCode);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    private async Task<(Guid Id, string Organizer, string Participant)> CreateAsync(string label, string date, string time)
    {
        var response = await _client.PostAsync("/api/appointments", new { patientLabel = _account.Seal(label), plannedDate = date, plannedTime = time });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await PortalClient.JsonAsync(response);
        var id = Guid.Parse(body["id"]!.GetValue<string>());
        Assert.Equal($"/api/appointments/{id}", response.Headers.Location!.OriginalString);
        return (id, body["organizerCode"]!.GetValue<string>(), body["participantCode"]!.GetValue<string>());
    }

    private async Task<JsonObject> DetailAsync(Guid id)
    {
        var response = await _client.GetAsync($"/api/appointments/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await PortalClient.JsonAsync(response);
    }

    private Task<AccessCodeEntry?> FindAsync(string code)
    {
        Assert.True(AccessCode.TryNormalize(code, out var normalized));
        var hash = _app.Services.GetRequiredService<AccessCodeHasher>().Hash(normalized);
        return _app.Services.GetRequiredService<IAccessCodeStore>().FindByHashAsync(hash, CancellationToken.None);
    }

    [Fact]
    public async Task Creating_an_appointment_issues_two_distinct_formatted_codes_the_store_finds_by_hash()
    {
        var (id, organizer, participant) = await CreateAsync("Erika Mustermann", "2026-05-12", "14:30");
        Assert.Matches("^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$", organizer);
        Assert.Matches("^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$", participant);
        Assert.NotEqual(organizer, participant);

        var org = await FindAsync(organizer);
        var part = await FindAsync(participant.ToLowerInvariant());
        Assert.Equal(ParticipantRole.Organizer, org!.Role);
        Assert.Equal(ParticipantRole.Participant, part!.Role);
        Assert.Equal(id, org.AppointmentId);
        Assert.Equal(id, part.AppointmentId);
        // 14:30 in Berlin in May is CEST (UTC+2).
        Assert.Equal(new DateTimeOffset(2026, 5, 12, 12, 30, 0, TimeSpan.Zero), org.PlannedStart);
        Assert.Null(await FindAsync("0000-0000-0000"));
    }

    [Fact]
    public async Task The_detail_view_returns_the_sealed_label_and_codes_and_the_validity_window()
    {
        var (id, organizer, participant) = await CreateAsync("Erika Mustermann", "2026-05-12", "14:30");
        var before = await DetailAsync(id);
        Assert.Null(before["organizerCode"]);

        var stored = await _client.PutAsync($"/api/appointments/{id}/sealed-codes",
            new { organizer = _account.Seal(organizer), participant = _account.Seal(participant) });
        Assert.Equal(HttpStatusCode.NoContent, stored.StatusCode);

        var detail = await DetailAsync(id);
        Assert.Equal("Erika Mustermann", _account.Open(detail["patientLabel"]!));
        Assert.Equal(organizer, _account.Open(detail["organizerCode"]!));
        Assert.Equal(participant, _account.Open(detail["participantCode"]!));
        Assert.Equal("2026-05-12", detail["plannedDate"]!.GetValue<string>());
        Assert.Equal("14:30", detail["plannedTime"]!.GetValue<string>());
        Assert.Equal("Europe/Berlin", detail["timeZone"]!.GetValue<string>());
        Assert.Equal("2026-05-12T14:00", detail["validFromLocal"]!.GetValue<string>());
        Assert.Equal("2026-05-13T14:30", detail["validUntilLocal"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_list_splits_upcoming_and_past_by_whether_the_codes_still_admit()
    {
        // Now is 2026-05-04 10:00 Berlin. Codes admit for 24 h after the planned start.
        var past = await CreateAsync("Alt", "2026-05-02", "09:00");
        var running = await CreateAsync("Läuft", "2026-05-03", "11:00");
        var later = await CreateAsync("Später", "2026-06-01", "08:15");
        var soon = await CreateAsync("Bald", "2026-05-04", "11:00");

        var list = await PortalClient.JsonAsync(await _client.GetAsync("/api/appointments"));
        Guid[] Ids(string section) => list[section]!.AsArray().Select(a => Guid.Parse(a!["id"]!.GetValue<string>())).ToArray();
        Assert.Equal([running.Id, soon.Id, later.Id], Ids("upcoming"));
        Assert.Equal([past.Id], Ids("past"));
        var first = list["upcoming"]![0]!;
        Assert.Equal("Läuft", _account.Open(first["patientLabel"]!));

        _app.Time.Advance(TimeSpan.FromHours(1));
        list = await PortalClient.JsonAsync(await _client.GetAsync("/api/appointments"));
        Assert.Equal([soon.Id, later.Id], Ids("upcoming"));
        Assert.Equal([running.Id, past.Id], Ids("past"));
    }

    [Fact]
    public async Task Editing_changes_time_and_label_but_keeps_the_codes()
    {
        var (id, organizer, participant) = await CreateAsync("Erika Mustermann", "2026-05-12", "14:30");
        var response = await _client.PutAsync($"/api/appointments/{id}",
            new { patientLabel = _account.Seal("Max Mustermann"), plannedDate = "2026-12-01", plannedTime = "09:05" });
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);

        var detail = await DetailAsync(id);
        Assert.Equal("Max Mustermann", _account.Open(detail["patientLabel"]!));
        Assert.Equal("09:05", detail["plannedTime"]!.GetValue<string>());
        var entry = await FindAsync(participant);
        Assert.Equal(id, entry!.AppointmentId);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 8, 5, 0, TimeSpan.Zero), entry.PlannedStart); // CET, UTC+1
        Assert.NotNull(await FindAsync(organizer));
    }

    [Fact]
    public async Task New_codes_replace_both_old_ones()
    {
        var (id, organizer, participant) = await CreateAsync("Erika Mustermann", "2026-05-12", "14:30");
        await _client.PutAsync($"/api/appointments/{id}/sealed-codes", new { organizer = _account.Seal(organizer), participant = _account.Seal(participant) });

        var response = await _client.PostAsync($"/api/appointments/{id}/codes");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var renewed = await PortalClient.JsonAsync(response);
        var newOrganizer = renewed["organizerCode"]!.GetValue<string>();
        var newParticipant = renewed["participantCode"]!.GetValue<string>();

        Assert.Null(await FindAsync(organizer));
        Assert.Null(await FindAsync(participant));
        Assert.Equal(id, (await FindAsync(newOrganizer))!.AppointmentId);
        Assert.Equal(id, (await FindAsync(newParticipant))!.AppointmentId);
        Assert.Null((await DetailAsync(id))["participantCode"]); // the old sealed copies are gone with the old codes
    }

    [Fact]
    public async Task Deleting_removes_the_appointment_and_its_codes()
    {
        var (id, organizer, participant) = await CreateAsync("Erika Mustermann", "2026-05-12", "14:30");
        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/api/appointments/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/appointments/{id}")).StatusCode);
        Assert.Null(await FindAsync(organizer));
        Assert.Null(await FindAsync(participant));
        Assert.Equal(0, Sql.Count(_app.DatabaseFile, "access_codes"));
        Assert.Equal(HttpStatusCode.NotFound, (await _client.DeleteAsync($"/api/appointments/{id}")).StatusCode);
    }

    [Fact]
    public async Task All_users_of_the_practice_see_its_appointments_in_a_new_session()
    {
        var (id, _, _) = await CreateAsync("Erika Mustermann", "2026-05-12", "14:30");
        using var second = _app.NewClient();
        await second.LoginAsync(_account);
        var list = await PortalClient.JsonAsync(await second.GetAsync("/api/appointments"));
        Assert.Equal(id.ToString(), list["upcoming"]![0]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_database_file_holds_no_access_code_and_no_patient_label_in_clear()
    {
        var codes = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var (id, organizer, participant) = await CreateAsync($"Patientin Nummer {i}", "2026-05-12", "14:30");
            await _client.PutAsync($"/api/appointments/{id}/sealed-codes", new { organizer = _account.Seal(organizer), participant = _account.Seal(participant) });
            codes.Add(organizer);
            codes.Add(participant);
        }
        var bytes = Sql.FileBytes(_app.DatabaseFile);
        Assert.True(bytes.Length > 0);
        foreach (var code in codes)
        {
            Assert.False(Sql.Contains(bytes, code), $"dashed code {code} found in the database file");
            Assert.False(Sql.Contains(bytes, code.Replace("-", "")), $"plain code {code} found in the database file");
        }
        Assert.False(Sql.Contains(bytes, "Patientin Nummer"));
    }

    [Fact]
    public async Task A_time_skipped_by_the_spring_clock_change_lands_after_the_change()
    {
        var (id, organizer, _) = await CreateAsync("Frühling", "2026-03-29", "02:30");
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 1, 30, 0, TimeSpan.Zero), (await FindAsync(organizer))!.PlannedStart);
        Assert.Equal("03:30", (await DetailAsync(id))["plannedTime"]!.GetValue<string>());
    }

    [Fact]
    public async Task Without_a_session_every_appointment_call_is_refused()
    {
        using var anonymous = _app.NewClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/appointments")).StatusCode);
        var response = await anonymous.PostAsync("/api/appointments", new { patientLabel = _account.Seal("x"), plannedDate = "2026-05-12", plannedTime = "14:30" });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bitte melden Sie sich an.", await PortalClient.TitleAsync(response));
        Assert.Equal(0, Sql.Count(_app.DatabaseFile, "appointments"));
    }
}
