using RedConnect.Signaling.Conference;

namespace RedConnect.Signaling.Tests.Conference;

public sealed class ConferenceOptionsTests
{
    [Fact]
    public void A_short_secret_and_an_impossible_room_size_are_each_reported()
    {
        var result = new ConferenceOptionsValidator().Validate(null, new ConferenceOptions { RoomTokenSecret = new byte[8], MaxParticipantsPerRoom = 1 });

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.Contains("Sfu:RoomTokenSecret", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("Sfu:MaxParticipantsPerRoom", StringComparison.Ordinal));
    }

    [Fact]
    public void The_defaults_with_a_secret_are_valid_and_admit_eight_participants_and_a_therapist()
    {
        var options = new ConferenceOptions { RoomTokenSecret = new byte[32] };

        Assert.True(new ConferenceOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal(9, options.MaxParticipantsPerRoom);
    }
}
