using System.Net;
using RedConnect.Portal.Tests.Infrastructure;

namespace RedConnect.Portal.Tests.Web;

/// <summary>Every state-changing call needs the page's anti-forgery token; cross-site requests are refused outright.</summary>
public sealed class AntiforgeryTests : IAsyncLifetime
{
    private const string Refused = "Die Anfrage konnte nicht überprüft werden. Bitte laden Sie die Seite neu und versuchen Sie es erneut.";

    private readonly PortalApp _app = new();
    private readonly TestAccount _account = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Registration_without_a_token_is_refused_and_stores_nothing()
    {
        using var client = _app.NewClient();
        var response = await client.PostAsync("/api/register", _account.RegistrationBody(), withToken: false);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(Refused, await PortalClient.TitleAsync(response));
        Assert.Equal(0, Sql.Count(_app.DatabaseFile, "practices"));
    }

    [Fact]
    public async Task A_token_from_another_browser_does_not_count()
    {
        using var other = _app.NewClient();
        var foreignToken = await other.TokenAsync();
        using var client = _app.NewClient();
        await client.TokenAsync(); // has its own cookie, but sends the other browser's token
        var response = await client.SendAsync(HttpMethod.Post, "/api/register", _account.RegistrationBody(), withToken: false,
            configure: r => r.Headers.Add("X-CSRF-TOKEN", foreignToken));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, Sql.Count(_app.DatabaseFile, "practices"));
    }

    [Fact]
    public async Task A_cross_site_request_is_refused_even_with_a_token()
    {
        using var client = _app.NewClient();
        var response = await client.SendAsync(HttpMethod.Post, "/api/register", _account.RegistrationBody(),
            configure: r => r.Headers.Add("Sec-Fetch-Site", "cross-site"));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, Sql.Count(_app.DatabaseFile, "practices"));
    }

    [Fact]
    public async Task Appointment_changes_and_logout_need_the_token_of_the_logged_in_session()
    {
        using var client = _app.NewClient();
        await client.RegisterAsync(_account);
        var body = new { patientLabel = _account.Seal("x"), plannedDate = "2026-05-12", plannedTime = "14:30" };
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("/api/appointments", body, withToken: false)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("/api/auth/logout", withToken: false)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/auth/session")).StatusCode);
        Assert.Equal(0, Sql.Count(_app.DatabaseFile, "appointments"));

        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync("/api/appointments", body)).StatusCode);
    }
}
