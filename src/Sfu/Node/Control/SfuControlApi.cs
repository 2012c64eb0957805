using System.Text.Json;

namespace RedConnect.Sfu.Node.Control;

/// <summary>
/// The HTTP shape of <see cref="ISfuControl"/>: JSON bodies POSTed to fixed paths under /sfu/v1/, each
/// signed (<see cref="ControlRequestSigner"/>). Shared by the server (<see cref="SfuControlRequestHandler"/>)
/// and the client (<see cref="HttpSfuControl"/>) so the two cannot drift apart.
/// </summary>
public static class SfuControlApi
{
    public const string CreateRoomPath = "/sfu/v1/rooms/create";
    public const string RoomStatsPath = "/sfu/v1/rooms/stats";
    public const string JoinPath = "/sfu/v1/participants/join";
    public const string SubscriberAnswerPath = "/sfu/v1/participants/subscriber-answer";
    public const string PublisherOfferPath = "/sfu/v1/participants/publisher-offer";
    public const string LeavePath = "/sfu/v1/participants/leave";
    public const string WaitSubscriberOfferPath = "/sfu/v1/participants/subscriber-offer";
    public const string HealthPath = "/healthz";

    /// <summary>Largest request body: an SDP (≤ 256 KiB, <c>SdpParser.MaxLength</c>) with JSON escaping to spare.</summary>
    public const int MaxBodyBytes = 640 * 1024;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public sealed record RoomRequest(string RoomToken);

    public sealed record JoinRequest(string RoomToken, string? Offer, bool SubscribeToSelf = false);

    public sealed record ParticipantRequest(string RoomToken, string ParticipantId);

    public sealed record SdpRequest(string RoomToken, string ParticipantId, string Sdp);

    public sealed record WaitRequest(string RoomToken, string ParticipantId, long AfterVersion, int TimeoutMs);

    public sealed record SdpResponse(string Sdp);

    public sealed record ErrorResponse(string Error, string Message);
}
