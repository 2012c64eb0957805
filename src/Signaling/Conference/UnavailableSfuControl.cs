using RedConnect.Sfu.Node.Control;
using RedConnect.Sfu.Routing;

namespace RedConnect.Signaling.Conference;

/// <summary>
/// The <see cref="ISfuControl"/> of a node without an SFU (in-process SFU disabled, no remote one configured):
/// every call is refused with "unavailable", so the conference page says so instead of failing obscurely.
/// </summary>
internal sealed class UnavailableSfuControl : ISfuControl
{
    public Task<RoomInfo> CreateRoomAsync(string roomToken, CancellationToken cancellationToken = default) => Refuse<RoomInfo>();

    public Task<JoinResult> JoinAsync(string roomToken, string? publisherOfferSdp, JoinOptions? options = null, CancellationToken cancellationToken = default) => Refuse<JoinResult>();

    public Task SetSubscriberAnswerAsync(string roomToken, string participantId, string answerSdp, CancellationToken cancellationToken = default) => Refuse<object>();

    public Task<string> UpdatePublisherAsync(string roomToken, string participantId, string offerSdp, CancellationToken cancellationToken = default) => Refuse<string>();

    public Task LeaveAsync(string roomToken, string participantId, CancellationToken cancellationToken = default) => Refuse<object>();

    public Task<RoomStats> GetRoomStatsAsync(string roomToken, CancellationToken cancellationToken = default) => Refuse<RoomStats>();

    public Task<SubscriberOffer?> WaitForSubscriberOfferAsync(string roomToken, string participantId, long afterVersion, TimeSpan timeout, CancellationToken cancellationToken = default) => Refuse<SubscriberOffer?>();

    private static Task<T> Refuse<T>() =>
        Task.FromException<T>(new SfuControlException(SfuErrorCodes.Unavailable, "no SFU is configured on this node"));
}
