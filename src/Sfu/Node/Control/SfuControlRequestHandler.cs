using System.Text.Json;
using RedConnect.Sfu.Routing;

namespace RedConnect.Sfu.Node.Control;

/// <summary>One HTTP response of the control API: status and JSON body (null for 204).</summary>
public sealed record ControlResponse(int Status, byte[]? Body);

/// <summary>
/// Serves the control API independent of the web server: checks size and signature before parsing
/// anything, reads the JSON request, calls the in-process <see cref="ISfuControl"/>, and returns a status
/// with JSON. Every refusal carries <c>{ "error": code, "message": text }</c>; nothing the caller sends can
/// make it throw. The rc-sfu host adapts ASP.NET Core requests to it.
/// </summary>
public sealed class SfuControlRequestHandler(ISfuControl control, ControlRequestSigner signer)
{
    /// <summary>Unexpected failures (bugs) go here, so the host can log them; the caller only sees "internal error".</summary>
    public event Action<Exception>? UnexpectedError;

    public async Task<ControlResponse> HandleAsync(string method, string path, string? timestamp, string? nonce, string? signature, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        if (body.Length > SfuControlApi.MaxBodyBytes) return Error(SfuErrorCodes.PayloadTooLarge, $"request body exceeds {SfuControlApi.MaxBodyBytes} bytes");
        if (!IsKnownPath(path)) return Error(SfuErrorCodes.NotFound, "no such control endpoint");
        if (!string.Equals(method, "POST", StringComparison.Ordinal)) return new ControlResponse(405, Serialize(new SfuControlApi.ErrorResponse(SfuErrorCodes.BadRequest, "use POST")));
        if (!signer.TryVerify(method, path, timestamp, nonce, signature, body.Span, out string? signatureError)) return Error(SfuErrorCodes.InvalidSignature, signatureError!);

        try
        {
            return path switch
            {
                SfuControlApi.CreateRoomPath => Ok(await control.CreateRoomAsync(Read<SfuControlApi.RoomRequest>(body).RoomToken, cancellationToken)),
                SfuControlApi.RoomStatsPath => Ok(await control.GetRoomStatsAsync(Read<SfuControlApi.RoomRequest>(body).RoomToken, cancellationToken)),
                SfuControlApi.JoinPath => await JoinAsync(Read<SfuControlApi.JoinRequest>(body), cancellationToken),
                SfuControlApi.SubscriberAnswerPath => await SubscriberAnswerAsync(Read<SfuControlApi.SdpRequest>(body), cancellationToken),
                SfuControlApi.PublisherOfferPath => await PublisherOfferAsync(Read<SfuControlApi.SdpRequest>(body), cancellationToken),
                SfuControlApi.LeavePath => await LeaveAsync(Read<SfuControlApi.ParticipantRequest>(body), cancellationToken),
                _ => await WaitAsync(Read<SfuControlApi.WaitRequest>(body), cancellationToken),
            };
        }
        catch (SfuControlException refused)
        {
            return Error(refused.Code, refused.Message);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Error(SfuErrorCodes.Unavailable, "request cancelled");
        }
        catch (Exception unexpected)
        {
            UnexpectedError?.Invoke(unexpected);
            return new ControlResponse(500, Serialize(new SfuControlApi.ErrorResponse("internal_error", "internal error")));
        }
    }

    public static bool IsKnownPath(string path) => path is SfuControlApi.CreateRoomPath or SfuControlApi.RoomStatsPath or SfuControlApi.JoinPath
        or SfuControlApi.SubscriberAnswerPath or SfuControlApi.PublisherOfferPath or SfuControlApi.LeavePath or SfuControlApi.WaitSubscriberOfferPath;

    private async Task<ControlResponse> JoinAsync(SfuControlApi.JoinRequest request, CancellationToken cancellationToken) =>
        Ok(await control.JoinAsync(request.RoomToken, request.Offer, request.SubscribeToSelf ? new JoinOptions(SubscribeToSelf: true) : null, cancellationToken));

    private async Task<ControlResponse> SubscriberAnswerAsync(SfuControlApi.SdpRequest request, CancellationToken cancellationToken)
    {
        Require(request.ParticipantId, "participantId");
        await control.SetSubscriberAnswerAsync(request.RoomToken, request.ParticipantId, Require(request.Sdp, "sdp"), cancellationToken);
        return new ControlResponse(204, null);
    }

    private async Task<ControlResponse> PublisherOfferAsync(SfuControlApi.SdpRequest request, CancellationToken cancellationToken)
    {
        Require(request.ParticipantId, "participantId");
        return Ok(new SfuControlApi.SdpResponse(await control.UpdatePublisherAsync(request.RoomToken, request.ParticipantId, Require(request.Sdp, "sdp"), cancellationToken)));
    }

    private async Task<ControlResponse> LeaveAsync(SfuControlApi.ParticipantRequest request, CancellationToken cancellationToken)
    {
        await control.LeaveAsync(request.RoomToken, Require(request.ParticipantId, "participantId"), cancellationToken);
        return new ControlResponse(204, null);
    }

    private async Task<ControlResponse> WaitAsync(SfuControlApi.WaitRequest request, CancellationToken cancellationToken)
    {
        SubscriberOffer? offer = await control.WaitForSubscriberOfferAsync(
            request.RoomToken, Require(request.ParticipantId, "participantId"), request.AfterVersion, TimeSpan.FromMilliseconds(request.TimeoutMs), cancellationToken);
        return offer is null ? new ControlResponse(204, null) : Ok(offer);
    }

    private static T Read<T>(ReadOnlyMemory<byte> body)
        where T : class
    {
        T? request;
        try
        {
            request = JsonSerializer.Deserialize<T>(body.Span, SfuControlApi.Json);
        }
        catch (JsonException e)
        {
            throw new SfuControlException(SfuErrorCodes.BadRequest, "request body is not the expected JSON: " + e.Message);
        }

        return request ?? throw new SfuControlException(SfuErrorCodes.BadRequest, "request body is empty");
    }

    private static string Require(string? value, string name) =>
        string.IsNullOrEmpty(value) ? throw new SfuControlException(SfuErrorCodes.BadRequest, name + " is required") : value;

    private static ControlResponse Ok<T>(T value) => new(200, Serialize(value));

    private static ControlResponse Error(string code, string message) =>
        new(SfuErrorCodes.HttpStatus(code), Serialize(new SfuControlApi.ErrorResponse(code, message)));

    private static byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, SfuControlApi.Json);
}
