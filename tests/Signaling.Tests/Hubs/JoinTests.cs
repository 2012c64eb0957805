using RedConnect.Signaling.Hubs;

namespace RedConnect.Signaling.Tests.Hubs;

public sealed class JoinTests : IAsyncLifetime
{
    private SignalingHost _host = null!;

    public async Task InitializeAsync() => _host = await SignalingHost.StartAsync(new Dictionary<string, string?>
    {
        ["Signaling:IceServers:0:Urls:0"] = "stun:stun.example.org:3478",
        ["Signaling:IceServers:1:Urls:0"] = "turn:turn.example.org:3478?transport=udp",
        ["Signaling:IceServers:1:Username"] = "user",
        ["Signaling:IceServers:1:Credential"] = "secret",
    });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Organizer_and_participant_codes_get_their_roles_in_one_room_and_the_first_is_told()
    {
        var (organizerCode, participantCode) = _host.Store.AddAppointment(SignalingHost.Now);
        await using var organizer = await _host.ConnectAsync();
        await using var participant = await _host.ConnectAsync();

        var first = await organizer.JoinAsync(organizerCode);
        var second = await participant.JoinAsync(participantCode);

        Assert.Null(first.Error);
        Assert.Equal("organizer", first.Role);
        Assert.False(first.CounterpartPresent);
        Assert.Equal("participant", second.Role);
        Assert.True(second.CounterpartPresent);
        Assert.Equal(first.RoomId, second.RoomId);
        Assert.NotEqual(first.ReconnectToken, second.ReconnectToken);
        Assert.True(second.ReconnectToken!.Length >= 22, "a reconnect token carries at least 128 bits");
        Assert.Equal(SignalingHost.Now.AddHours(24), second.ValidUntil);
        Assert.Equal(ClientEvents.PeerJoined, await organizer.NextEventAsync());
    }

    [Fact]
    public async Task Configured_ice_servers_are_handed_to_the_browser()
    {
        var (code, _) = _host.Store.AddAppointment(SignalingHost.Now);
        await using var client = await _host.ConnectAsync();

        var result = await client.JoinAsync(code);

        Assert.Collection(result.IceServers!,
            s => Assert.Equal(["stun:stun.example.org:3478"], s.Urls),
            s => { Assert.Equal("user", s.Username); Assert.Equal("secret", s.Credential); });
    }

    [Fact]
    public async Task Rooms_of_different_appointments_have_different_opaque_ids()
    {
        var (a, _) = _host.Store.AddAppointment(SignalingHost.Now);
        var (b, _) = _host.Store.AddAppointment(SignalingHost.Now);
        await using var first = await _host.ConnectAsync();
        await using var second = await _host.ConnectAsync();

        Assert.NotEqual((await first.JoinAsync(a)).RoomId, (await second.JoinAsync(b)).RoomId);
    }

    [Fact]
    public async Task A_code_typed_in_lower_case_without_dashes_is_accepted()
    {
        var (_, code) = _host.Store.AddAppointment(SignalingHost.Now);
        await using var client = await _host.ConnectAsync();

        var result = await client.JoinAsync(" " + code.Replace("-", "").ToLowerInvariant());

        Assert.Equal("participant", result.Role);
    }

    [Theory]
    [InlineData("ABCD-EFGH-JKMN")]
    [InlineData("too short")]
    [InlineData("")]
    [InlineData(null)]
    public async Task A_code_nobody_issued_is_refused_as_unknown(string? code)
    {
        _host.Store.AddAppointment(SignalingHost.Now);
        await using var client = await _host.ConnectAsync();

        var result = await client.JoinAsync(code);

        Assert.Equal(SignalingErrors.UnknownCode, result.Error);
        Assert.Null(result.RoomId);
        Assert.Null(result.ReconnectToken);
    }

    [Fact]
    public async Task A_code_before_its_early_join_window_is_refused_with_the_instant_it_opens()
    {
        var start = SignalingHost.Now.AddHours(2);
        var (_, code) = _host.Store.AddAppointment(start);
        await using var client = await _host.ConnectAsync();

        var early = await client.JoinAsync(code);
        _host.Time.Advance(TimeSpan.FromMinutes(90));
        var inWindow = await client.JoinAsync(code);

        Assert.Equal(SignalingErrors.NotYetValid, early.Error);
        Assert.Equal(start.AddMinutes(-30), early.ValidFrom);
        Assert.Equal("participant", inWindow.Role);
    }

    [Fact]
    public async Task A_code_24_hours_after_the_planned_start_is_expired()
    {
        var (_, code) = _host.Store.AddAppointment(SignalingHost.Now.AddHours(-24));
        await using var client = await _host.ConnectAsync();

        Assert.Equal(SignalingErrors.Expired, (await client.JoinAsync(code)).Error);
    }

    [Fact]
    public async Task A_second_connection_with_the_same_code_gets_code_in_use_and_the_first_keeps_its_seat()
    {
        var (organizerCode, participantCode) = _host.Store.AddAppointment(SignalingHost.Now);
        await using var organizer = await _host.ConnectAsync();
        await using var participant = await _host.ConnectAsync();
        await using var intruder = await _host.ConnectAsync();
        await organizer.JoinAsync(organizerCode);
        await participant.JoinAsync(participantCode);
        await organizer.NextEventAsync();

        var refused = await intruder.JoinAsync(participantCode);
        var wrongToken = await intruder.JoinAsync(participantCode, "AAAAAAAAAAAAAAAAAAAAAA");
        await participant.RelayAsync(SignalKinds.Description, "still me");

        Assert.Equal(SignalingErrors.CodeInUse, refused.Error);
        Assert.Equal(SignalingErrors.CodeInUse, wrongToken.Error);
        Assert.Equal("signal description still me", await organizer.NextEventAsync());
        Assert.Equal(SignalingErrors.NotJoined, await intruder.RelayErrorAsync(SignalKinds.Description, "x"));
    }

    [Fact]
    public async Task A_connection_presenting_the_reconnect_token_takes_the_seat_over()
    {
        var (organizerCode, participantCode) = _host.Store.AddAppointment(SignalingHost.Now);
        await using var organizer = await _host.ConnectAsync();
        await using var oldTab = await _host.ConnectAsync();
        await using var reloaded = await _host.ConnectAsync();
        await organizer.JoinAsync(organizerCode);
        var first = await oldTab.JoinAsync(participantCode);
        Assert.Equal(ClientEvents.PeerJoined, await organizer.NextEventAsync());

        var resumed = await reloaded.JoinAsync(participantCode, first.ReconnectToken);

        Assert.Equal("participant", resumed.Role);
        Assert.True(resumed.CounterpartPresent);
        Assert.NotEqual(first.ReconnectToken, resumed.ReconnectToken);
        Assert.Equal(ClientEvents.Replaced, await oldTab.NextEventAsync());
        Assert.Equal("closed", await oldTab.NextEventAsync());
        Assert.Equal(ClientEvents.PeerJoined, await organizer.NextEventAsync());
        await reloaded.RelayAsync(SignalKinds.Candidate, "from the new tab");
        Assert.Equal("signal candidate from the new tab", await organizer.NextEventAsync());
        // The replaced connection's end is not a departure: the organizer hears nothing more.
        Assert.Empty(await organizer.EventsWithinAsync(TimeSpan.FromMilliseconds(300)));
        // The token was rotated: the old one no longer takes anything over.
        await using var thief = await _host.ConnectAsync();
        Assert.Equal(SignalingErrors.CodeInUse, (await thief.JoinAsync(participantCode, first.ReconnectToken)).Error);
    }

    [Fact]
    public async Task Leaving_frees_the_seat_and_tells_the_counterpart()
    {
        var (organizerCode, participantCode) = _host.Store.AddAppointment(SignalingHost.Now);
        await using var organizer = await _host.ConnectAsync();
        var participant = await _host.ConnectAsync();
        await organizer.JoinAsync(organizerCode);
        await participant.JoinAsync(participantCode);
        await organizer.NextEventAsync();

        await participant.DisposeAsync();
        Assert.Equal(ClientEvents.PeerLeft, await organizer.NextEventAsync());

        await using var again = await _host.ConnectAsync();
        var rejoined = await again.JoinAsync(participantCode);
        Assert.Equal("participant", rejoined.Role);
        Assert.Equal(ClientEvents.PeerJoined, await organizer.NextEventAsync());
    }

    [Fact]
    public async Task Joining_twice_on_one_connection_is_refused_and_changes_nothing()
    {
        var (organizerCode, participantCode) = _host.Store.AddAppointment(SignalingHost.Now);
        var (_, otherRoom) = _host.Store.AddAppointment(SignalingHost.Now);
        await using var organizer = await _host.ConnectAsync();
        await using var participant = await _host.ConnectAsync();
        await organizer.JoinAsync(organizerCode);
        await participant.JoinAsync(participantCode);
        await organizer.NextEventAsync();

        var second = await participant.JoinAsync(otherRoom);
        await participant.RelayAsync(SignalKinds.Description, "same room");

        Assert.Equal(SignalingErrors.InvalidRequest, second.Error);
        Assert.Equal("signal description same room", await organizer.NextEventAsync());
        await using var otherParticipant = await _host.ConnectAsync();
        Assert.Equal("participant", (await otherParticipant.JoinAsync(otherRoom)).Role);
    }

    [Fact]
    public async Task An_over_long_reconnect_token_is_an_invalid_request()
    {
        var (code, _) = _host.Store.AddAppointment(SignalingHost.Now);
        await using var client = await _host.ConnectAsync();

        Assert.Equal(SignalingErrors.InvalidRequest, (await client.JoinAsync(code, new string('A', 65))).Error);
        Assert.Equal("organizer", (await client.JoinAsync(code)).Role);
    }
}
