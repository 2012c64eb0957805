using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RedConnect.Sfu.Node.Control;
using RedConnect.Sfu.Routing;

namespace RedConnect.Signaling.Conference;

/// <summary>
/// Pushes each member's new subscriber offers (people came or went, so its receive connection changes) to its
/// browser as <see cref="ConferenceEvents.SubscriberOffer"/>. With the SFU in this process the offers arrive by
/// <see cref="SfuControl.SubscriberOfferChanged"/>; with a remote SFU one long-poll
/// (<see cref="ISfuControl.WaitForSubscriberOfferAsync"/>) per member fetches them. Only offers newer than the
/// last one sent go out, so a browser never sees a version go backwards.
/// </summary>
public sealed class SubscriberOfferRelay : IDisposable
{
    // An offer can be raised for a participant in the instant between the SFU admitting it and the hub
    // registering it; such offers wait here (briefly) for the registration.
    private static readonly TimeSpan EarlyOfferLifetime = TimeSpan.FromSeconds(30);

    private readonly ISfuControl _control;
    private readonly SfuControl? _inProcess;
    private readonly ConferenceRoster _roster;
    private readonly IHubContext<ConferenceHub> _hub;
    private readonly IOptions<ConferenceOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<SubscriberOfferRelay> _logger;
    private readonly ConcurrentDictionary<string, (SubscriberOffer Offer, DateTimeOffset At)> _early = new(StringComparer.Ordinal);
    private readonly ConferenceRemovals _removals;

    public SubscriberOfferRelay(ISfuControl control, ConferenceRoster roster, IHubContext<ConferenceHub> hub, IOptions<ConferenceOptions> options, TimeProvider time, ConferenceRemovals removals, ILogger<SubscriberOfferRelay> logger)
    {
        _control = control;
        _removals = removals;
        _roster = roster;
        _hub = hub;
        _options = options;
        _time = time;
        _logger = logger;
        _inProcess = control as SfuControl;
        if (_inProcess is not null) _inProcess.SubscriberOfferChanged += OnOfferChanged;
    }

    /// <summary>The member is registered and has been given <paramref name="firstVersion"/> (0 for none): relay what comes next.</summary>
    public void Start(ConferenceMember member, long firstVersion)
    {
        member.TryClaimVersion(firstVersion);
        if (_inProcess is not null)
        {
            if (_early.TryRemove(member.ParticipantId, out var early)) Send(member, early.Offer);
            return;
        }

        _ = PollAsync(member);
    }

    public void Dispose()
    {
        if (_inProcess is not null) _inProcess.SubscriberOfferChanged -= OnOfferChanged;
    }

    private void OnOfferChanged(SubscriberOffer offer)
    {
        if (_roster.FindByParticipant(offer.ParticipantId) is { } member)
        {
            Send(member, offer);
            return;
        }

        DateTimeOffset now = _time.GetUtcNow();
        _early.AddOrUpdate(offer.ParticipantId, (offer, now), (_, existing) => existing.Offer.Version >= offer.Version ? existing : (offer, now));
        foreach (var (participantId, entry) in _early)
        {
            if (now - entry.At > EarlyOfferLifetime) _early.TryRemove(participantId, out _);
        }

        // The registration may have happened between the lookup and the insertion above.
        if (_roster.FindByParticipant(offer.ParticipantId) is { } late && _early.TryRemove(offer.ParticipantId, out var pending)) Send(late, pending.Offer);
    }

    private async Task PollAsync(ConferenceMember member)
    {
        CancellationToken leaving = member.Leaving.Token;
        while (!leaving.IsCancellationRequested)
        {
            try
            {
                SubscriberOffer? offer = await _control.WaitForSubscriberOfferAsync(member.RoomToken, member.ParticipantId, member.SentVersion, _options.Value.OfferPollTimeout, leaving);
                if (offer is not null) Send(member, offer);
            }
            catch (OperationCanceledException) when (leaving.IsCancellationRequested)
            {
                return;
            }
            catch (SfuControlException refused) when (refused.Code is RoutingError.UnknownParticipant or RoutingError.UnknownRoom or SfuErrorCodes.InvalidToken)
            {
                ConferenceLog.OfferPollEnded(_logger, member.RoomId, member.ParticipantId, refused.Code);
                if ((refused.Code is RoutingError.UnknownParticipant or RoutingError.UnknownRoom) && !leaving.IsCancellationRequested)
                {
                    // The remote SFU dropped the participant on its own (consent expired, connection failed).
                    await _removals.OnRemovedAsync(member, "removed");
                }

                return;
            }
            catch (Exception exception)
            {
                // The SFU is unreachable for a moment: try again shortly rather than spinning.
                ConferenceLog.OfferPollFailed(_logger, member.RoomId, member.ParticipantId, exception.GetType().Name);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), _time, leaving);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private void Send(ConferenceMember member, SubscriberOffer offer)
    {
        if (!member.TryClaimVersion(offer.Version)) return;
        _ = SendAsync(member, offer);
    }

    private async Task SendAsync(ConferenceMember member, SubscriberOffer offer)
    {
        try
        {
            await _hub.Clients.Client(member.ConnectionId).SendAsync(ConferenceEvents.SubscriberOffer, new ConferenceOffer(offer.Sdp, offer.Version));
            ConferenceLog.OfferSent(_logger, member.RoomId, member.ParticipantId, offer.Version);
        }
        catch (Exception exception)
        {
            ConferenceLog.HubFailure(_logger, exception, nameof(SendAsync));
        }
    }
}
