using System.Text;
using RedConnect.EndToEnd.Tests.Infrastructure;

namespace RedConnect.EndToEnd.Tests;

[Collection(PortalCollection.Name)]
public sealed class PrivacyTests(PortalFixture fixture)
{
    [Fact]
    public async Task Patient_label_display_name_and_codes_reach_neither_the_database_nor_the_log_nor_the_wire_in_clear()
    {
        var traffic = new TrafficRecorder();
        var patientLabel = PortalUi.UniqueText("Patientin Zeynep ");
        var displayName = PortalUi.UniqueText("Zeynep K ");
        AppointmentCodes codes;
        await using (var organizer = await fixture.NewPersonAsync(traffic))
        await using (var participant = await fixture.NewPersonAsync(traffic))
        {
            await PortalUi.RegisterAndLoginAsync(organizer.Page, fixture.Origin);
            codes = await PortalUi.CreateAppointmentAsync(organizer.Page, fixture.Origin, patientLabel, DateTimeOffset.Now);
            await organizer.Page.GotoAsync(new Uri(fixture.Origin, "/appointments").ToString());
            await Microsoft.Playwright.Assertions.Expect(organizer.Page.Locator("#upcoming")).ToContainTextAsync(patientLabel);
            await organizer.Page.GoBackAsync();
            await CallUi.JoinAsParticipantAsync(participant.Page, codes.ParticipantLink, displayName);
            await organizer.Page.ClickAsync("#startCall");
            await CallUi.AssertRemoteVideoPlaysAsync(organizer.Page);
            await Microsoft.Playwright.Assertions.Expect(organizer.Page.Locator("#remoteName")).ToHaveTextAsync(displayName);
        }

        var codeForms = new[] { codes.ParticipantCode, codes.OrganizerCode }
            .SelectMany(c => new[] { c, c.Replace("-", ""), c.Replace("-", "").ToLowerInvariant() })
            .ToArray();
        var secrets = new[] { patientLabel, displayName };

        // Traffic: the label and the name never leave the browsers in clear; codes travel only inside the hub's Join
        // frame, never in a URL (the fragment of /j#CODE is not sent).
        Assert.NotEmpty(traffic.Entries);
        Assert.Contains(traffic.Entries, e => e.StartsWith("> ", StringComparison.Ordinal)); // WebSocket frames were seen
        foreach (var secret in secrets)
            Assert.DoesNotContain(secret, traffic.All, StringComparison.Ordinal);
        var urlsSent = traffic.Entries
            .Where(e => !e.StartsWith('<') && !e.StartsWith('>'))
            .Select(e => e.Split('\n')[0])
            .Select(line => line.Split('#')[0]);
        foreach (var url in urlsSent)
            foreach (var code in codeForms)
                Assert.DoesNotContain(code, url, StringComparison.OrdinalIgnoreCase);

        // Server log: none of it.
        var log = fixture.Portal.ReadLog();
        Assert.Contains("Now listening on", log);
        foreach (var text in secrets.Concat(codeForms))
            Assert.DoesNotContain(text, log, StringComparison.OrdinalIgnoreCase);

        // Database files (with -wal and -shm) and key files: none of it, in UTF-8 or UTF-16.
        var files = Directory.GetFiles(fixture.Portal.DataDirectory, "*", SearchOption.AllDirectories);
        Assert.Contains(files, f => f.EndsWith(".db", StringComparison.Ordinal));
        foreach (var file in files)
        {
            var bytes = await ReadSharedAsync(file);
            foreach (var text in secrets.Concat(codeForms))
            {
                Assert.False(Contains(bytes, Encoding.UTF8.GetBytes(text)), $"{Path.GetFileName(file)} holds a secret in UTF-8");
                Assert.False(Contains(bytes, Encoding.Unicode.GetBytes(text)), $"{Path.GetFileName(file)} holds a secret in UTF-16");
            }
        }
    }

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
