using RedConnect.Signaling.Hubs;

namespace RedConnect.Signaling.Tests.Hubs;

/// <summary>
/// With the default 64 KiB limit an SDP well above SignalR's own 32 KiB default must still be relayed, and one above
/// the limit refused with an error code — not by a dropped connection.
/// </summary>
public sealed class DefaultSizeLimitTests : IAsyncLifetime
{
    private SignalingHost _host = null!;

    public async Task InitializeAsync() => _host = await SignalingHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_48_KiB_description_is_relayed_and_a_65_KiB_one_is_refused_with_the_call_still_up()
    {
        var (organizerCode, participantCode) = _host.Store.AddAppointment(SignalingHost.Now);
        await using var organizer = await _host.ConnectAsync();
        await using var participant = await _host.ConnectAsync();
        await organizer.JoinAsync(organizerCode);
        await participant.JoinAsync(participantCode);
        Assert.Equal(ClientEvents.PeerJoined, await organizer.NextEventAsync());

        var large = new string('s', 48 * 1024);
        await participant.RelayAsync(SignalKinds.Description, large);
        Assert.Equal($"signal description {large}", await organizer.NextEventAsync());

        var error = await participant.RelayErrorAsync(SignalKinds.Description, new string('s', 65 * 1024 + 1));
        Assert.Equal(SignalingErrors.MessageTooLarge, error);
        await participant.RelayAsync(SignalKinds.Candidate, "still here");
        Assert.Equal("signal candidate still here", await organizer.NextEventAsync());
    }
}
