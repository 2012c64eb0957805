using System.Net;
using RedConnect.Portal.Tests.Infrastructure;

namespace RedConnect.Portal.Tests.Web;

/// <summary>Bad input anywhere gets a clear problem response and changes nothing.</summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private readonly PortalApp _app = new();
    private readonly TestAccount _account = new();
    private PortalClient _client = null!;

    public async Task InitializeAsync()
    {
        _client = _app.NewClient();
        await _client.RegisterAsync(_account);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    private long Appointments => Sql.Count(_app.DatabaseFile, "appointments");

    [Fact]
    public async Task A_value_of_the_wrong_type_is_named_in_the_errors()
    {
        var response = await _client.PostAsync("/api/appointments", """{"patientLabel": 42, "plannedDate": "2026-05-12", "plannedTime": "14:30"}""");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("patientLabel", (await PortalClient.FieldErrorsAsync(response)).Keys);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);

        var registration = await _app.NewClient().PostAsync("/api/register", """{"practiceShortName": "neu", "lanr": 123456789}""");
        Assert.Equal(HttpStatusCode.BadRequest, registration.StatusCode);
        Assert.Equal(["Dieser Wert hat nicht das erwartete Format."], (await PortalClient.FieldErrorsAsync(registration))["lanr"]);
        Assert.Equal(0, Appointments);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("[1,2,3]")]
    public async Task A_body_that_is_not_a_json_object_is_refused(string body)
    {
        var response = await _client.PostAsync("/api/appointments", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Die Anfrage ist ungültig.", await PortalClient.TitleAsync(response));
        Assert.Equal(0, Appointments);
    }

    [Fact]
    public async Task An_oversized_body_is_refused_with_413()
    {
        var huge = new string('A', 20_000);
        var response = await _client.PostAsync("/api/appointments", new { patientLabel = new { ciphertext = huge, iv = huge }, plannedDate = "2026-05-12", plannedTime = "14:30" });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("Die Anfrage ist zu groß.", await PortalClient.TitleAsync(response));
        Assert.Equal(0, Appointments);
    }

    [Fact]
    public async Task A_body_that_is_not_json_typed_is_refused_with_415()
    {
        var response = await _client.SendAsync(HttpMethod.Post, "/api/appointments", configure: r =>
            r.Content = new StringContent("patientLabel=x", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal(0, Appointments);
    }

    [Theory]
    [InlineData("2026-02-30", "14:30", "plannedDate")]
    [InlineData("12.05.2026", "14:30", "plannedDate")]
    [InlineData("1999-12-31", "14:30", "plannedDate")]
    [InlineData("2026-05-12", "24:00", "plannedTime")]
    [InlineData("2026-05-12", "2 pm", "plannedTime")]
    public async Task Impossible_dates_and_times_are_refused_per_field(string date, string time, string field)
    {
        var response = await _client.PostAsync("/api/appointments", new { patientLabel = _account.Seal("x"), plannedDate = date, plannedTime = time });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], (await PortalClient.FieldErrorsAsync(response)).Keys);
        Assert.Equal(0, Appointments);
    }

    [Fact]
    public async Task A_patient_label_that_is_too_large_or_has_the_wrong_iv_is_refused()
    {
        var tooLong = new { ciphertext = Convert.ToBase64String(new byte[817]), iv = Convert.ToBase64String(new byte[12]) };
        var badIv = new { ciphertext = Convert.ToBase64String(new byte[40]), iv = Convert.ToBase64String(new byte[16]) };
        var onlyTag = new { ciphertext = Convert.ToBase64String(new byte[16]), iv = Convert.ToBase64String(new byte[12]) };
        foreach (var label in new object[] { tooLong, badIv, onlyTag })
        {
            var response = await _client.PostAsync("/api/appointments", new { patientLabel = label, plannedDate = "2026-05-12", plannedTime = "14:30" });
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal(["Bitte geben Sie eine Patientenbezeichnung an (höchstens 200 Zeichen)."], (await PortalClient.FieldErrorsAsync(response))["patientLabel"]);
        }
        Assert.Equal(0, Appointments);
    }

    [Theory]
    [InlineData("/api/appointments/3f2504e0-4f89-11d3-9a0c-0305e82c3301")]
    [InlineData("/api/appointments/not-a-guid")]
    public async Task Unknown_appointment_ids_get_not_found(string path)
    {
        var response = await _client.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Diesen Termin gibt es nicht (mehr).", await PortalClient.TitleAsync(response));
    }

    [Fact]
    public async Task Sealed_codes_of_the_wrong_size_are_refused_and_nothing_is_stored()
    {
        var created = await PortalClient.JsonAsync(await _client.PostAsync("/api/appointments",
            new { patientLabel = _account.Seal("x"), plannedDate = "2026-05-12", plannedTime = "14:30" }));
        var id = created["id"]!.GetValue<string>();
        var response = await _client.PutAsync($"/api/appointments/{id}/sealed-codes",
            new { organizer = _account.Seal(new string('A', 40)), participant = new { ciphertext = "", iv = "" } });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(new[] { "organizer", "participant" }, (await PortalClient.FieldErrorsAsync(response)).Keys.Order().ToArray());
        var detail = await PortalClient.JsonAsync(await _client.GetAsync($"/api/appointments/{id}"));
        Assert.Null(detail["organizerCode"]);
    }
}
