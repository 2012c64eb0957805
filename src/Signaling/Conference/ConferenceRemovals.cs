using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;
using RedConnect.Sfu.Node.Control;
using RedConnect.Sfu.Routing;

namespace RedConnect.Signaling.Conference;

/// <summary>
/// Keeps the roster true when the SFU removes a participant the hub did not ask it to remove — its media connection
/// failed, or it stayed silent past the consent timeout (RFC 7675), or it said goodbye (RTCP BYE): the member leaves
/// the roster and the room's group, its browser is told <see cref="ConferenceEvents.Removed"/>, and the others
/// <see cref="ConferenceEvents.ParticipantLeft"/> — as when someone leaves through the hub. An in-process SFU reports
/// removals by <see cref="SfuControl.ParticipantRemoved"/>; with a remote one the member's offer long-poll ends with
/// <c>unknown_participant</c> (<see cref="SubscriberOfferRelay"/> calls <see cref="OnRemovedAsync"/>).
/// </summary>
public sealed class ConferenceRemovals : IDisposable
{
    private readonly SfuControl? _inProcess;
    private readonly ConferenceRoster _roster;
    private readonly IHubContext<ConferenceHub> _hub;
    private readonly ILogger<ConferenceRemovals> _logger;

    public ConferenceRemovals(ISfuControl control, ConferenceRoster roster, IHubContext<ConferenceHub> hub, ILogger<ConferenceRemovals> logger)
    {
        _roster = roster;
        _hub = hub;
        _logger = logger;
        _inProcess = control as SfuControl;
        if (_inProcess is not null) _inProcess.ParticipantRemoved += OnParticipantRemoved;
    }

    /// <summary>The SFU no longer has <paramref name="member"/>'s participant; does nothing when the hub removed it already.</summary>
    public async Task OnRemovedAsync(ConferenceMember member, string reason)
    {
        if (!_roster.TryRemove(member)) return; // the hub's own Leave or disconnect got there first
        await member.Leaving.CancelAsync();
        ConferenceLog.RemovedBySfu(_logger, member.RoomId, member.ParticipantId, reason);
        try
        {
            await _hub.Groups.RemoveFromGroupAsync(member.ConnectionId, ConferenceHub.Group(member.RoomId));
            await _hub.Clients.Client(member.ConnectionId).SendAsync(ConferenceEvents.Removed, reason);
            await _hub.Clients.Group(ConferenceHub.Group(member.RoomId)).SendAsync(ConferenceEvents.ParticipantLeft, member.ParticipantId);
        }
        catch (Exception exception)
        {
            ConferenceLog.HubFailure(_logger, exception, nameof(OnRemovedAsync));
        }
    }

    public void Dispose()
    {
        if (_inProcess is not null) _inProcess.ParticipantRemoved -= OnParticipantRemoved;
    }

    private void OnParticipantRemoved(string roomId, string participantId, ParticipantLeaveReason reason)
    {
        // The hub's own Leave removes the member from the roster before it asks the SFU, so this finds nobody then.
        if (_roster.FindByParticipant(participantId) is { } member && member.RoomId == roomId)
        {
            _ = OnRemovedAsync(member, ReasonCode(reason));
        }
    }

    /// <summary>What the browser is told (a code, nothing about the network).</summary>
    public static string ReasonCode(ParticipantLeaveReason reason) => reason switch
    {
        ParticipantLeaveReason.TransportClosed => "connection_lost",
        ParticipantLeaveReason.Goodbye => "goodbye",
        ParticipantLeaveReason.RoomClosed => "room_closed",
        _ => "removed",
    };
}
