using Microsoft.Playwright;
using RedConnect.EndToEnd.Tests.Infrastructure;

namespace RedConnect.EndToEnd.Tests;

[Collection(PortalCollection.Name)]
public sealed class JoinErrorTests(PortalFixture fixture)
{
    [Fact]
    public async Task An_unknown_code_shows_that_the_code_is_not_known()
    {
        await using var visitor = await fixture.NewPersonAsync();

        await visitor.Page.GotoAsync(new Uri(fixture.Origin, "/j#ZZZZ-ZZZZ-ZZZZ").ToString());

        await CallUi.ExpectErrorAsync(visitor.Page, CallUi.UnknownCode);
        await Assertions.Expect(visitor.Page.Locator("#code")).ToBeVisibleAsync(); // can type another one
        await Assertions.Expect(visitor.Page.Locator("#displayName")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task A_third_browser_with_the_participant_code_of_a_running_call_is_told_it_is_in_use_and_the_call_goes_on()
    {
        await using var organizer = await fixture.NewPersonAsync();
        await using var participant = await fixture.NewPersonAsync();
        await using var third = await fixture.NewPersonAsync();
        await PortalUi.RegisterAndLoginAsync(organizer.Page, fixture.Origin);
        var codes = await PortalUi.CreateAppointmentAsync(organizer.Page, fixture.Origin, PortalUi.UniqueText("Patient "), DateTimeOffset.Now);
        await CallUi.JoinAsParticipantAsync(participant.Page, codes.ParticipantLink, PortalUi.UniqueText("Name "));
        await organizer.Page.ClickAsync("#startCall");
        await CallUi.AssertRemoteVideoPlaysAsync(organizer.Page);

        await third.Page.GotoAsync(codes.ParticipantLink);

        await CallUi.ExpectErrorAsync(third.Page, CallUi.CodeInUse);
        await CallUi.AssertRemoteVideoPlaysAsync(organizer.Page);
        await CallUi.AssertRemoteVideoPlaysAsync(participant.Page);
    }

    [Fact]
    public async Task Codes_of_an_appointment_more_than_24_hours_ago_are_expired_and_tomorrows_are_not_yet_valid()
    {
        await using var organizer = await fixture.NewPersonAsync();
        await using var participant = await fixture.NewPersonAsync();
        await PortalUi.RegisterAndLoginAsync(organizer.Page, fixture.Origin);
        var past = await PortalUi.CreateAppointmentAsync(organizer.Page, fixture.Origin, PortalUi.UniqueText("Patient "),
            DateTimeOffset.Now.AddHours(-25));
        var future = await PortalUi.CreateAppointmentAsync(organizer.Page, fixture.Origin, PortalUi.UniqueText("Patient "),
            DateTimeOffset.Now.AddDays(1));

        await participant.Page.GotoAsync(past.ParticipantLink);
        await CallUi.ExpectErrorAsync(participant.Page, CallUi.Expired);

        await participant.Page.GotoAsync("about:blank");
        await participant.Page.GotoAsync(future.ParticipantLink);
        await Assertions.Expect(participant.Page.Locator("#error"))
            .ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^Dieser Zugangscode ist erst ab .+ gültig\\.$"));
    }
}
