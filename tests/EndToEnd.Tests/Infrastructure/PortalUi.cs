using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace RedConnect.EndToEnd.Tests.Infrastructure;

/// <summary>An appointment as the organizer's detail page shows it (codes decrypted in the browser).</summary>
public sealed record AppointmentCodes(string OrganizerCode, string ParticipantCode, string ParticipantLink, string StartCallHref);

/// <summary>What an organizer does in the portal, through its pages and the element ids of the contract.</summary>
public static partial class PortalUi
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    public static string UniqueText(string prefix) => $"{prefix}{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}";

    /// <summary>Registers a fresh practice and logs in; ends on /appointments.</summary>
    public static async Task RegisterAndLoginAsync(IPage page, Uri origin)
    {
        var practice = UniqueText("praxis");
        var user = UniqueText("dr");
        var password = "Pw-" + UniqueText("") + "!";
        await page.GotoAsync(new Uri(origin, "/register").ToString());
        await page.FillAsync("#practiceShortName", practice);
        await page.FillAsync("#userShortName", user);
        await page.FillAsync("#password", password);
        await page.FillAsync("#passwordRepeat", password);
        await page.FillAsync("#practiceName", "Praxis am Test");
        await page.FillAsync("#email", "praxis@example.org");
        await page.FillAsync("#lanr", "999999999");
        await page.FillAsync("#bsnr", "999999999");
        await page.FillAsync("#postalCode", "10115");
        await page.CheckAsync("#acceptNoReset");
        await page.ClickAsync("#register");
        await page.WaitForURLAsync(new Regex("/(login|appointments)$"), new() { Timeout = 60_000 });

        if (page.Url.EndsWith("/login", StringComparison.Ordinal))
        {
            await page.FillAsync("#practiceShortName", practice);
            await page.FillAsync("#userShortName", user);
            await page.FillAsync("#password", password);
            await page.ClickAsync("#login");
            await page.WaitForURLAsync(new Regex("/appointments$"), new() { Timeout = 60_000 });
        }
    }

    /// <summary>Creates an appointment at <paramref name="plannedStart"/> and reads its codes on the detail page.</summary>
    public static async Task<AppointmentCodes> CreateAppointmentAsync(IPage page, Uri origin, string patientLabel, DateTimeOffset plannedStart)
    {
        var local = TimeZoneInfo.ConvertTime(plannedStart, Berlin);
        await page.GotoAsync(new Uri(origin, "/appointments/new").ToString());
        await page.FillAsync("#patientLabel", patientLabel);
        await page.FillAsync("#plannedDate", local.ToString("yyyy-MM-dd"));
        await page.FillAsync("#plannedTime", local.ToString("HH:mm"));
        await page.ClickAsync("#save");
        await page.WaitForURLAsync(AppointmentUrl());

        var code = CodePattern();
        await Assertions.Expect(page.Locator("#participantCode")).ToHaveTextAsync(code);
        await Assertions.Expect(page.Locator("#organizerCode")).ToHaveTextAsync(code);
        return new AppointmentCodes(
            (await page.Locator("#organizerCode").TextContentAsync())!.Trim(),
            (await page.Locator("#participantCode").TextContentAsync())!.Trim(),
            (await page.Locator("#participantLink").TextContentAsync())!.Trim(),
            (await page.Locator("#startCall").GetAttributeAsync("href"))!);
    }

    [GeneratedRegex(@"/appointments/[^/]+$")]
    private static partial Regex AppointmentUrl();

    [GeneratedRegex("^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$")]
    private static partial Regex CodePattern();
}
