using System.Net;
using System.Security.Cryptography;
using RedConnect.Portal.Tests.Infrastructure;

namespace RedConnect.Portal.Tests.Accounts;

public sealed class LoginApiTests : IAsyncLifetime
{
    private const string Failed = "Die Anmeldung ist fehlgeschlagen. Bitte prüfen Sie den Kurznamen der Praxis, den Kurznamen des Benutzers und das Passwort.";

    private readonly PortalApp _app = new();
    private readonly TestAccount _account = new();

    public async Task InitializeAsync()
    {
        using var client = _app.NewClient();
        Assert.Equal(HttpStatusCode.Created, (await client.RegisterAsync(_account)).StatusCode);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("praxis-test", "dr.m")]
    [InlineData("  PRAXIS-TEST ", " Dr.M  ")]
    public async Task Login_with_trimmed_case_insensitive_short_names_returns_the_wrapped_practice_key(string practice, string user)
    {
        using var client = _app.NewClient();
        var response = await client.LoginAsync(practice, user, _account.AuthKey);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await PortalClient.JsonAsync(response);
        Assert.Equal(Convert.ToBase64String(_account.WrappedPracticeKey), body["wrappedPracticeKey"]!.GetValue<string>());
        Assert.Equal(Convert.ToBase64String(_account.WrappedPracticeKeyIv), body["wrappedPracticeKeyIv"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/auth/session")).StatusCode);
    }

    [Fact]
    public async Task Each_wrong_part_gets_the_same_message()
    {
        var attempts = new (string Practice, string User, byte[] Key)[]
        {
            ("praxis-other", "dr.m", _account.AuthKey),
            ("praxis-test", "dr.x", _account.AuthKey),
            ("praxis-test", "dr.m", RandomNumberGenerator.GetBytes(32)),
            ("praxis-test", "dr.m", new byte[5]),
        };
        foreach (var (practice, user, key) in attempts)
        {
            using var client = _app.NewClient();
            var response = await client.LoginAsync(practice, user, key);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal(Failed, await PortalClient.TitleAsync(response));
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/auth/session")).StatusCode);
        }
    }

    [Fact]
    public async Task Prelogin_returns_the_stored_salt_for_a_real_account()
    {
        using var client = _app.NewClient();
        var body = await PortalClient.JsonAsync(await client.PostAsync("/api/auth/prelogin", new { practice = " Praxis-Test", user = "DR.M" }));
        Assert.Equal(Convert.ToBase64String(_account.KdfSalt), body["kdfSalt"]!.GetValue<string>());
        Assert.Equal(600_000, body["kdfIterations"]!.GetValue<int>());
    }

    [Fact]
    public async Task Prelogin_for_an_unknown_account_looks_like_a_real_one_and_stays_the_same()
    {
        using var client = _app.NewClient();
        async Task<(string Salt, int Iterations)> Ask(string practice, string user)
        {
            var body = await PortalClient.JsonAsync(await client.PostAsync("/api/auth/prelogin", new { practice, user }));
            return (body["kdfSalt"]!.GetValue<string>(), body["kdfIterations"]!.GetValue<int>());
        }
        var first = await Ask("praxis-unbekannt", "dr.x");
        var again = await Ask("PRAXIS-UNBEKANNT ", "Dr.X");
        var other = await Ask("praxis-unbekannt", "dr.y");
        Assert.Equal(first, again);
        Assert.NotEqual(first.Salt, other.Salt);
        Assert.Equal(16, Convert.FromBase64String(first.Salt).Length);
        Assert.Equal(600_000, first.Iterations);
        Assert.NotEqual(Convert.ToBase64String(_account.KdfSalt), (await Ask("praxis-test", "dr.x")).Salt);
    }

    [Fact]
    public async Task Logout_ends_the_session()
    {
        using var client = _app.NewClient();
        await client.LoginAsync(_account);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync("/api/auth/logout")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/auth/session")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/appointments")).StatusCode);
    }
}
