using Microsoft.Playwright;
using RedConnect.EndToEnd.Tests.Infrastructure;

namespace RedConnect.EndToEnd.Tests;

[Collection(PortalCollection.Name)]
public sealed class CallTests(PortalFixture fixture)
{
    [Fact]
    public async Task Organizer_and_participant_see_each_other_the_organizer_sees_the_name_and_hang_up_ends_it_for_both()
    {
        await using var organizer = await fixture.NewPersonAsync();
        await using var participant = await fixture.NewPersonAsync();
        await PortalUi.RegisterAndLoginAsync(organizer.Page, fixture.Origin);
        var codes = await PortalUi.CreateAppointmentAsync(organizer.Page, fixture.Origin, PortalUi.UniqueText("Patient "), DateTimeOffset.Now);
        var displayName = PortalUi.UniqueText("Frau ");

        Assert.Equal(new Uri(fixture.Origin, "/j#" + codes.ParticipantCode).ToString(), codes.ParticipantLink);
        await CallUi.JoinAsParticipantAsync(participant.Page, codes.ParticipantLink, displayName);
        await CallUi.ExpectStatusAsync(participant.Page, CallUi.Waiting);
        await organizer.Page.ClickAsync("#startCall");

        await CallUi.AssertRemoteVideoPlaysAsync(organizer.Page);
        await CallUi.AssertRemoteVideoPlaysAsync(participant.Page);
        await Assertions.Expect(organizer.Page.Locator("#remoteName")).ToHaveTextAsync(displayName);
        await Assertions.Expect(organizer.Page.Locator("#displayName")).ToBeHiddenAsync(); // the organizer is not asked

        await participant.Page.ClickAsync("#hangup");
        await CallUi.ExpectStatusAsync(participant.Page, CallUi.Ended);
        await CallUi.ExpectStatusAsync(organizer.Page, CallUi.Ended);
    }

    [Fact]
    public async Task A_participant_who_reloads_the_page_mid_call_is_back_in_the_call()
    {
        await using var organizer = await fixture.NewPersonAsync();
        await using var participant = await fixture.NewPersonAsync();
        await PortalUi.RegisterAndLoginAsync(organizer.Page, fixture.Origin);
        var codes = await PortalUi.CreateAppointmentAsync(organizer.Page, fixture.Origin, PortalUi.UniqueText("Patient "), DateTimeOffset.Now);
        var displayName = PortalUi.UniqueText("Herr ");
        await CallUi.JoinAsParticipantAsync(participant.Page, codes.ParticipantLink, displayName);
        await organizer.Page.ClickAsync("#startCall");
        await CallUi.AssertRemoteVideoPlaysAsync(organizer.Page);
        await CallUi.AssertRemoteVideoPlaysAsync(participant.Page);

        await participant.Page.ReloadAsync();

        // Resumed without being asked for the name again; both pictures move again and the name is still shown.
        await CallUi.AssertRemoteVideoPlaysAsync(participant.Page);
        await CallUi.AssertRemoteVideoPlaysAsync(organizer.Page);
        await Assertions.Expect(participant.Page.Locator("#error")).ToBeHiddenAsync();
        await Assertions.Expect(organizer.Page.Locator("#remoteName")).ToHaveTextAsync(displayName);
    }
}
