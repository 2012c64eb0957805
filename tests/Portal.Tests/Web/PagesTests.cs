using System.Net;
using RedConnect.Portal.Tests.Infrastructure;

namespace RedConnect.Portal.Tests.Web;

public sealed class PagesTests : IAsyncLifetime
{
    private readonly PortalApp _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("/", "home")]
    [InlineData("/register", "register")]
    [InlineData("/login", "login")]
    public async Task Public_pages_are_german_html_with_their_script_and_strict_headers(string path, string script)
    {
        using var client = _app.NewClient();
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"de\">", html);
        Assert.Contains($"<script type=\"module\" src=\"/js/{script}.js\"></script>", html);
        Assert.Contains("id=\"languageSwitch\"", html);

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'self'", csp);
        Assert.Contains("script-src 'self';", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("media-src 'self' blob:", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("camera=(self)", response.Headers.GetValues("Permissions-Policy").Single());
    }

    [Fact]
    public async Task The_registration_page_has_every_field_of_the_contract_and_says_a_password_cannot_be_reset()
    {
        using var client = _app.NewClient();
        var html = await (await client.GetAsync("/register")).Content.ReadAsStringAsync();
        foreach (var id in new[] { "practiceShortName", "userShortName", "password", "passwordRepeat", "practiceName", "email", "lanr", "bsnr", "postalCode", "acceptNoReset" })
        {
            Assert.Contains($"id=\"{id}\"", html);
            Assert.Contains($"<label for=\"{id}\"", html);
        }
        Assert.Contains("id=\"register\"", html);
        Assert.Contains("id=\"formError\"", html);
        Assert.Contains("Ein vergessenes Passwort kann nicht zurückgesetzt werden", html);
    }

    [Theory]
    [InlineData("/appointments")]
    [InlineData("/appointments/new")]
    [InlineData("/appointments/3f2504e0-4f89-11d3-9a0c-0305e82c3301")]
    [InlineData("/appointments/3f2504e0-4f89-11d3-9a0c-0305e82c3301/edit")]
    public async Task Pages_behind_the_login_send_anonymous_visitors_to_the_login(string path)
    {
        using var client = _app.NewClient();
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Logged_in_users_get_the_appointment_pages()
    {
        using var client = _app.NewClient();
        await client.RegisterAsync(new TestAccount());
        var html = await (await client.GetAsync("/appointments")).Content.ReadAsStringAsync();
        Assert.Contains("id=\"upcoming\"", html);
        Assert.Contains("id=\"past\"", html);
        Assert.Contains("id=\"newAppointment\"", html);
        Assert.Contains("id=\"logout\"", html);
    }

    [Fact]
    public void No_page_loads_anything_from_another_origin()
    {
        var wwwroot = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        var pages = Directory.GetFiles(wwwroot, "*.html");
        Assert.NotEmpty(pages);
        foreach (var page in pages)
        {
            var html = File.ReadAllText(page);
            Assert.DoesNotMatch("(src|href)=\"(https?:)?//", html);
            Assert.DoesNotContain("<script>", html);
            Assert.DoesNotContain("style=\"", html);
        }
    }
}
