using System.Net;
using RedConnect.Portal.Tests.Infrastructure;

namespace RedConnect.Portal.Tests.Accounts;

public sealed class RegistrationApiTests : IAsyncLifetime
{
    private readonly PortalApp _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Registering_logs_the_new_admin_in_and_returns_the_wrapped_practice_key()
    {
        using var client = _app.NewClient();
        var account = new TestAccount();
        var response = await client.RegisterAsync(account);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("rc_session=") && c.Contains("httponly") && c.Contains("samesite=strict"));

        var session = await PortalClient.JsonAsync(await client.GetAsync("/api/auth/session"));
        Assert.Equal("praxis-test", session["practiceShortName"]!.GetValue<string>());
        Assert.Equal("dr.m", session["userShortName"]!.GetValue<string>());
        Assert.True(session["isAdmin"]!.GetValue<bool>());
        Assert.Equal(Convert.ToBase64String(account.WrappedPracticeKey), session["wrappedPracticeKey"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("praxis-test")]
    [InlineData("PRAXIS-TEST")]
    [InlineData("  Praxis-Test  ")]
    public async Task A_taken_practice_short_name_is_refused_whatever_its_case_or_spaces(string second)
    {
        using var client = _app.NewClient();
        Assert.Equal(HttpStatusCode.Created, (await client.RegisterAsync(new TestAccount())).StatusCode);

        using var other = _app.NewClient();
        var response = await other.RegisterAsync(new TestAccount(PracticeShortName: second, UserShortName: "someone"));
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var errors = await PortalClient.FieldErrorsAsync(response);
        Assert.Equal(["Dieser Kurzname der Praxis ist bereits vergeben. Bitte wählen Sie einen anderen."], errors["practiceShortName"]);
        Assert.Equal(1, Sql.Count(_app.DatabaseFile, "practices"));
        Assert.Equal(1, Sql.Count(_app.DatabaseFile, "users"));
    }

    [Fact]
    public async Task An_invalid_registration_names_each_wrong_field_and_stores_nothing()
    {
        using var client = _app.NewClient();
        var response = await client.RegisterAsync(new TestAccount(Lanr: "12345678", PostalCode: "1234", Email: "praxis@"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = await PortalClient.FieldErrorsAsync(response);
        Assert.Equal(new[] { "email", "lanr", "postalCode" }, errors.Keys.Order().ToArray());
        Assert.Equal("Bitte prüfen Sie die markierten Angaben.", await PortalClient.TitleAsync(response));
        Assert.Equal(0, Sql.Count(_app.DatabaseFile, "practices"));
        Assert.Equal(0, Sql.Count(_app.DatabaseFile, "users"));
    }

    [Fact]
    public async Task The_substitute_numbers_for_therapists_and_foreign_addresses_are_accepted()
    {
        using var client = _app.NewClient();
        var response = await client.RegisterAsync(new TestAccount(Lanr: "999999999", Bsnr: "999999999", PostalCode: "99999"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Server_messages_follow_the_language_cookie()
    {
        using var client = _app.NewClient();
        client.Http.DefaultRequestHeaders.Add("Cookie", "rc_lang=en");
        var response = await client.RegisterAsync(new TestAccount(PostalCode: "x"));
        var errors = await PortalClient.FieldErrorsAsync(response);
        Assert.Equal(["The postal code consists of exactly 5 digits. Outside Germany enter 99999."], errors["postalCode"]);
    }

    [Fact]
    public async Task The_database_holds_neither_the_authentication_key_nor_anything_but_a_salted_verifier()
    {
        using var client = _app.NewClient();
        var account = new TestAccount();
        await client.RegisterAsync(account);
        var bytes = Sql.FileBytes(_app.DatabaseFile);
        Assert.False(bytes.AsSpan().IndexOf(account.AuthKey) >= 0);
        Assert.False(Sql.Contains(bytes, Convert.ToBase64String(account.AuthKey)));
        Assert.True(Sql.Contains(bytes, "pbkdf2-sha256$100000$"));
    }
}
