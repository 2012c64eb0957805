using RedConnect.Sfu.Routing;

namespace RedConnect.Sfu.Node.Control;

/// <summary>
/// A refused control call: a stable code (<see cref="SfuErrorCodes"/>) and a message. Thrown by both
/// <see cref="ISfuControl"/> implementations, so the signaling handles in-process and HTTP alike.
/// </summary>
public sealed class SfuControlException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;

    public static SfuControlException From(RoutingError error) => new(error.Code, error.Message);
}

/// <summary>Error codes of the control API, with the HTTP status each maps to.</summary>
public static class SfuErrorCodes
{
    public const string InvalidToken = "invalid_token";
    public const string InvalidSignature = "invalid_signature";
    public const string BadRequest = "bad_request";
    public const string PayloadTooLarge = "payload_too_large";
    public const string NotFound = "not_found";
    public const string Unavailable = "unavailable";

    public static int HttpStatus(string code) => code switch
    {
        InvalidSignature => 401,
        InvalidToken => 403,
        RoutingError.UnknownParticipant or RoutingError.UnknownRoom or NotFound => 404,
        RoutingError.RoomFull or RoutingError.RoomClosed or RoutingError.InvalidState => 409,
        PayloadTooLarge => 413,
        Unavailable => 503,
        _ => 400,
    };
}
