using RedConnect.Signaling.Hubs;

namespace RedConnect.Signaling.Tests.Hubs;

public sealed class RelayTests : IAsyncLifetime
{
    private const int MaxMessageBytes = 2048;
    private SignalingHost _host = null!;

    public async Task InitializeAsync() => _host = await SignalingHost.StartAsync(new Dictionary<string, string?>
    {
        ["Signaling:MaxMessageBytes"] = MaxMessageBytes.ToString(),
    });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<(CallClient Organizer, CallClient Participant)> RoomAsync()
    {
        var (organizerCode, participantCode) = _host.Store.AddAppointment(SignalingHost.Now);
        var organizer = await _host.ConnectAsync();
        var participant = await _host.ConnectAsync();
        await organizer.JoinAsync(organizerCode);
        await participant.JoinAsync(participantCode);
        Assert.Equal(ClientEvents.PeerJoined, await organizer.NextEventAsync());
        return (organizer, participant);
    }

    [Fact]
    public async Task A_message_reaches_only_the_other_member_of_the_same_room()
    {
        var (organizer, participant) = await RoomAsync();
        var (otherOrganizer, otherParticipant) = await RoomAsync();
        await using var _1 = organizer; await using var _2 = participant;
        await using var _3 = otherOrganizer; await using var _4 = otherParticipant;

        await organizer.RelayAsync(SignalKinds.Description, "{\"type\":\"offer\"}");
        await participant.RelayAsync(SignalKinds.Candidate, "{\"candidate\":\"c\"}");

        Assert.Equal("signal description {\"type\":\"offer\"}", await participant.NextEventAsync());
        Assert.Equal("signal candidate {\"candidate\":\"c\"}", await organizer.NextEventAsync());
        Assert.Empty(await otherOrganizer.EventsWithinAsync(TimeSpan.FromMilliseconds(300)));
        Assert.Empty(await otherParticipant.EventsWithinAsync(TimeSpan.Zero));
        Assert.Empty(await organizer.EventsWithinAsync(TimeSpan.Zero));
    }

    [Fact]
    public async Task Hang_up_is_relayed_without_a_payload()
    {
        var (organizer, participant) = await RoomAsync();
        await using var _1 = organizer; await using var _2 = participant;

        await participant.RelayAsync(SignalKinds.Hangup, null);

        Assert.Equal("signal hangup ", await organizer.NextEventAsync());
    }

    [Fact]
    public async Task A_connection_that_has_not_joined_cannot_relay()
    {
        var (organizer, participant) = await RoomAsync();
        await using var _1 = organizer; await using var _2 = participant;
        await using var stranger = await _host.ConnectAsync();

        Assert.Equal(SignalingErrors.NotJoined, await stranger.RelayErrorAsync(SignalKinds.Description, "x"));
        Assert.Empty(await organizer.EventsWithinAsync(TimeSpan.FromMilliseconds(300)));
        Assert.Empty(await participant.EventsWithinAsync(TimeSpan.Zero));
    }

    [Fact]
    public async Task An_oversize_payload_is_refused_and_the_call_goes_on()
    {
        var (organizer, participant) = await RoomAsync();
        await using var _1 = organizer; await using var _2 = participant;

        var error = await participant.RelayErrorAsync(SignalKinds.Description, new string('a', MaxMessageBytes + 1));
        // Multi-byte characters count by their UTF-8 size: 700 × 3 bytes is over the limit.
        var multiByte = await participant.RelayErrorAsync(SignalKinds.Description, new string('€', 700));
        await participant.RelayAsync(SignalKinds.Description, new string('a', MaxMessageBytes));

        Assert.Equal(SignalingErrors.MessageTooLarge, error);
        Assert.Equal(SignalingErrors.MessageTooLarge, multiByte);
        Assert.Equal($"signal description {new string('a', MaxMessageBytes)}", await organizer.NextEventAsync());
        Assert.Empty(await organizer.EventsWithinAsync(TimeSpan.FromMilliseconds(200)));
    }

    [Theory]
    [InlineData("offer", "x")]
    [InlineData("DESCRIPTION", "x")]
    [InlineData(null, "x")]
    [InlineData("description", null)]
    [InlineData("candidate", "")]
    public async Task A_malformed_message_is_refused_and_nothing_is_relayed(string? kind, string? payload)
    {
        var (organizer, participant) = await RoomAsync();
        await using var _1 = organizer; await using var _2 = participant;

        var error = await participant.RelayErrorAsync(kind, payload);
        await participant.RelayAsync(SignalKinds.Candidate, "after");

        Assert.Equal(SignalingErrors.InvalidRequest, error);
        Assert.Equal("signal candidate after", await organizer.NextEventAsync());
    }

    [Fact]
    public async Task A_message_of_the_wrong_shape_is_refused_without_closing_the_connection()
    {
        var (organizer, participant) = await RoomAsync();
        await using var _1 = organizer; await using var _2 = participant;

        var error = await Record.ExceptionAsync(() => participant.InvokeRawAsync("Relay", 42));
        await participant.RelayAsync(SignalKinds.Candidate, "after");

        Assert.NotNull(error);
        Assert.Equal("signal candidate after", await organizer.NextEventAsync());
    }
}
