using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using RedConnect.Sfu.Routing;

namespace RedConnect.Sfu.Node.Control;

/// <summary>
/// <see cref="ISfuControl"/> over HTTP, for a signaling node driving a remote rc-sfu: each call is one
/// signed POST (<see cref="ControlRequestSigner"/>); an error response becomes the same
/// <see cref="SfuControlException"/> the in-process implementation throws. Uses HttpClient only.
/// </summary>
public sealed class HttpSfuControl(HttpClient http, ControlRequestSigner signer) : ISfuControl
{
    public async Task<RoomInfo> CreateRoomAsync(string roomToken, CancellationToken cancellationToken = default) =>
        (await SendAsync<RoomInfo>(SfuControlApi.CreateRoomPath, new SfuControlApi.RoomRequest(roomToken), cancellationToken))!;

    public async Task<JoinResult> JoinAsync(string roomToken, string? publisherOfferSdp, JoinOptions? options = null, CancellationToken cancellationToken = default) =>
        (await SendAsync<JoinResult>(SfuControlApi.JoinPath, new SfuControlApi.JoinRequest(roomToken, publisherOfferSdp, options?.SubscribeToSelf ?? false), cancellationToken))!;

    public Task SetSubscriberAnswerAsync(string roomToken, string participantId, string answerSdp, CancellationToken cancellationToken = default) =>
        SendAsync<object>(SfuControlApi.SubscriberAnswerPath, new SfuControlApi.SdpRequest(roomToken, participantId, answerSdp), cancellationToken);

    public async Task<string> UpdatePublisherAsync(string roomToken, string participantId, string offerSdp, CancellationToken cancellationToken = default) =>
        (await SendAsync<SfuControlApi.SdpResponse>(SfuControlApi.PublisherOfferPath, new SfuControlApi.SdpRequest(roomToken, participantId, offerSdp), cancellationToken))!.Sdp;

    public Task LeaveAsync(string roomToken, string participantId, CancellationToken cancellationToken = default) =>
        SendAsync<object>(SfuControlApi.LeavePath, new SfuControlApi.ParticipantRequest(roomToken, participantId), cancellationToken);

    public async Task<RoomStats> GetRoomStatsAsync(string roomToken, CancellationToken cancellationToken = default) =>
        (await SendAsync<RoomStats>(SfuControlApi.RoomStatsPath, new SfuControlApi.RoomRequest(roomToken), cancellationToken))!;

    public Task<SubscriberOffer?> WaitForSubscriberOfferAsync(string roomToken, string participantId, long afterVersion, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        SendAsync<SubscriberOffer>(SfuControlApi.WaitSubscriberOfferPath, new SfuControlApi.WaitRequest(roomToken, participantId, afterVersion, (int)timeout.TotalMilliseconds), cancellationToken);

    private async Task<T?> SendAsync<T>(string path, object request, CancellationToken cancellationToken)
        where T : class
    {
        byte[] body = JsonSerializer.SerializeToUtf8Bytes(request, request.GetType(), SfuControlApi.Json);
        (string timestamp, string nonce, string signature) = signer.Sign("POST", path, body);
        using var message = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        message.Headers.Add(ControlRequestSigner.TimestampHeader, timestamp);
        message.Headers.Add(ControlRequestSigner.NonceHeader, nonce);
        message.Headers.Add(ControlRequestSigner.SignatureHeader, signature);

        using HttpResponseMessage response = await http.SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NoContent) return null;
        byte[] content = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            SfuControlApi.ErrorResponse? error = null;
            try
            {
                error = JsonSerializer.Deserialize<SfuControlApi.ErrorResponse>(content, SfuControlApi.Json);
            }
            catch (JsonException)
            {
            }

            throw new SfuControlException(error?.Error ?? SfuErrorCodes.Unavailable, error?.Message ?? $"SFU answered HTTP {(int)response.StatusCode}");
        }

        return JsonSerializer.Deserialize<T>(content, SfuControlApi.Json);
    }
}
