using System.Text.RegularExpressions;
using Microsoft.Playwright;
using RedConnect.EndToEnd.Tests.Infrastructure;

namespace RedConnect.EndToEnd.Tests;

/// <summary>
/// The portal pages in real Chromium: registration with the browser-side key derivation, logout and login,
/// appointment create / edit / renew codes / delete, the language switch, and no console or CSP errors.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed partial class PortalPagesTests(PortalFixture fixture)
{
    private static List<string> CollectErrors(IPage page)
    {
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            // The browser reports the expected 401 of a wrong login as a console error; anything else counts.
            var expected = message.Text.Contains("status of 401") && message.Location.Contains("/api/auth/login");
            if (message.Type == "error" && !expected) errors.Add(message.Text + " @ " + message.Location);
        };
        page.PageError += (_, error) => errors.Add(error);
        return errors;
    }

    /// <summary>
    /// Waits for a navigation the page makes after a request; when it does not come, the failure says what the page
    /// showed instead (its form messages, the URL, console errors), so a rare failure can be diagnosed from the log.
    /// </summary>
    private static async Task WaitForUrlOrExplainAsync(IPage page, string url, List<string> errors, string when)
    {
        try
        {
            await page.WaitForURLAsync(url, new() { Timeout = 45_000 });
        }
        catch (TimeoutException timeout)
        {
            async Task<string> TextAsync(string selector) =>
                await page.Locator(selector).CountAsync() > 0 ? await page.Locator(selector).InnerTextAsync(new() { Timeout = 2_000 }) : "(none)";
            throw new Xunit.Sdk.XunitException(
                $"No navigation to {url} {when} within 45 s: the page is at {page.Url}, formError '{await TextAsync("#formError")}', "
                + $"formStatus '{await TextAsync("#formStatus")}', console errors [{string.Join(" | ", errors)}]. ({timeout.Message})");
        }
    }

    private async Task<(string Practice, string User, string Password)> RegisterAsync(IPage page)
    {
        var practice = PortalUi.UniqueText("Praxis-");
        var user = PortalUi.UniqueText("dr.");
        var password = "Geheim " + PortalUi.UniqueText("ß") + "!";
        await page.GotoAsync(new Uri(fixture.Origin, "/register").ToString());
        await page.FillAsync("#practiceShortName", practice);
        await page.FillAsync("#userShortName", user);
        await page.FillAsync("#password", password);
        await page.FillAsync("#passwordRepeat", password);
        await page.FillAsync("#practiceName", "Praxis Dr. Test");
        await page.FillAsync("#email", "praxis@example.de");
        await page.FillAsync("#lanr", "999999999");
        await page.FillAsync("#bsnr", "999999999");
        await page.FillAsync("#postalCode", "99999");
        await page.CheckAsync("#acceptNoReset");
        await page.ClickAsync("#register");
        await page.WaitForURLAsync(new Regex("/appointments$"), new() { Timeout = 60_000 });
        return (practice, user, password);
    }

    [Fact]
    public async Task Organizer_registers_logs_in_again_and_manages_an_appointment()
    {
        await using var person = await fixture.NewPersonAsync();
        var page = person.Page;
        var errors = CollectErrors(page);
        var (practice, user, password) = await RegisterAsync(page);

        var label = PortalUi.UniqueText("Erika Testfrau ");
        var codes = await PortalUi.CreateAppointmentAsync(page, fixture.Origin, label, DateTimeOffset.UtcNow.AddHours(2));
        Assert.Equal($"{fixture.Origin.ToString().TrimEnd('/')}/j#{codes.ParticipantCode}", codes.ParticipantLink);
        Assert.Equal($"/j#{codes.OrganizerCode}", codes.StartCallHref);
        Assert.Equal(label, (await page.Locator("#patientLabel").TextContentAsync())!.Trim());
        var mailto = (await page.Locator("#mailtoLink").GetAttributeAsync("href"))!;
        Assert.StartsWith("mailto:?subject=", mailto);
        Assert.Contains(Uri.EscapeDataString(codes.ParticipantLink), mailto);
        var detailUrl = page.Url;

        await page.ClickAsync("#logout");
        await page.WaitForURLAsync(new Regex("/login"));
        await page.FillAsync("#practiceShortName", "  " + practice.ToUpperInvariant() + " ");
        await page.FillAsync("#userShortName", user);
        await page.FillAsync("#password", password + "x");
        await page.ClickAsync("#login");
        await Assertions.Expect(page.Locator("#loginError")).ToHaveTextAsync(
            "Die Anmeldung ist fehlgeschlagen. Bitte prüfen Sie den Kurznamen der Praxis, den Kurznamen des Benutzers und das Passwort.");
        await page.FillAsync("#password", password);
        await page.ClickAsync("#login");
        await page.WaitForURLAsync(new Regex("/appointments$"), new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#upcoming [data-appointment-id]")).ToContainTextAsync(label);

        await page.GotoAsync(detailUrl);
        await Assertions.Expect(page.Locator("#participantCode")).ToHaveTextAsync(codes.ParticipantCode);
        await page.ClickAsync("#renewCodes");
        await page.ClickAsync("#confirmRenew");
        await Assertions.Expect(page.Locator("#participantCode")).Not.ToHaveTextAsync(codes.ParticipantCode);
        await Assertions.Expect(page.Locator("#participantCode")).ToHaveTextAsync(CodePattern());

        await page.ClickAsync("#editAppointment");
        await Assertions.Expect(page.Locator("#patientLabel")).ToHaveValueAsync(label);
        await page.FillAsync("#patientLabel", label + " geändert");
        await page.ClickAsync("#save");
        await WaitForUrlOrExplainAsync(page, detailUrl, errors, "after saving the edit");
        await Assertions.Expect(page.Locator("#patientLabel")).ToHaveTextAsync(label + " geändert");

        await page.ClickAsync("#editAppointment");
        await page.ClickAsync("#delete");
        await page.ClickAsync("#confirmDelete");
        await page.WaitForURLAsync(new Regex("/appointments$"));
        await Assertions.Expect(page.Locator("#upcoming")).Not.ToContainTextAsync(label);

        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task Registration_shows_each_problem_at_its_field_and_stays_on_the_page()
    {
        await using var person = await fixture.NewPersonAsync();
        var page = person.Page;
        await page.GotoAsync(new Uri(fixture.Origin, "/register").ToString());
        await page.FillAsync("#practiceShortName", PortalUi.UniqueText("praxis"));
        await page.FillAsync("#userShortName", "dr");
        await page.FillAsync("#password", new string('x', 33));
        await page.FillAsync("#passwordRepeat", new string('x', 33));
        await page.CheckAsync("#acceptNoReset");
        await page.ClickAsync("#register");
        await Assertions.Expect(page.Locator("[data-error-for='password']")).ToHaveTextAsync("Das Passwort darf höchstens 32 Zeichen lang sein.");
        await Assertions.Expect(page.Locator("#password")).ToHaveAttributeAsync("aria-invalid", "true");

        await page.FillAsync("#password", "richtig-lang-genug");
        await page.FillAsync("#passwordRepeat", "richtig-lang-genug");
        await page.FillAsync("#practiceName", "Praxis");
        await page.FillAsync("#email", "praxis@example.de");
        await page.FillAsync("#lanr", "12345678");
        await page.FillAsync("#bsnr", "999999999");
        await page.FillAsync("#postalCode", "1234");
        await page.ClickAsync("#register");
        await Assertions.Expect(page.Locator("[data-error-for='lanr']")).ToHaveTextAsync(
            "Die LANR besteht aus genau 9 Ziffern. Ohne KV-Zulassung geben Sie 999999999 ein.", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("[data-error-for='postalCode']")).ToHaveTextAsync(
            "Die Postleitzahl besteht aus genau 5 Ziffern. Außerhalb Deutschlands geben Sie 99999 ein.");
        await Assertions.Expect(page.Locator("[data-error-for='password']")).ToBeHiddenAsync();
        Assert.EndsWith("/register", page.Url);
    }

    [Fact]
    public async Task The_language_switch_turns_the_page_and_server_messages_english_and_back()
    {
        await using var person = await fixture.NewPersonAsync();
        var page = person.Page;
        var errors = CollectErrors(page);
        await page.GotoAsync(new Uri(fixture.Origin, "/login").ToString());
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Anmelden");
        await page.ClickAsync("#languageSwitch");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Log in");

        await page.FillAsync("#practiceShortName", PortalUi.UniqueText("nobody"));
        await page.FillAsync("#userShortName", "dr");
        await page.FillAsync("#password", "whatever-it-is");
        await page.ClickAsync("#login");
        await Assertions.Expect(page.Locator("#loginError")).ToHaveTextAsync(
            "Login failed. Please check the practice short name, the user short name and the password.", new() { Timeout = 60_000 });

        await page.GotoAsync(new Uri(fixture.Origin, "/register").ToString());
        await Assertions.Expect(page.Locator("label[for='postalCode']")).ToHaveTextAsync("Postal code");
        await page.ClickAsync("#languageSwitch");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "de");
        await Assertions.Expect(page.Locator("label[for='postalCode']")).ToHaveTextAsync("Postleitzahl");
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [GeneratedRegex("^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$")]
    private static partial Regex CodePattern();
}
