using System.Net;
using System.Text;
using System.Text.Json;
using RedConnect.Sfu.Host;
using RedConnect.Sfu.Node.Control;
using RedConnect.Sfu.Routing;
using RedConnect.Sfu.Tests.Routing;

namespace RedConnect.Sfu.Tests.Control;

/// <summary>The rc-sfu program in-process: real Kestrel on 127.0.0.1, real SfuNode on an ephemeral UDP port.</summary>
public sealed class HttpControlApiTests : IAsyncLifetime
{
    private const string NodeSecret = "node-secret-0123456789-0123456789-abcdef";
    private const string TokenSecret = "room-token-secret-for-tests";
    private SfuHost _host = null!;
    private HttpClient _http = null!;
    private HttpSfuControl _control = null!;

    public async Task InitializeAsync()
    {
        _host = SfuHost.TryCreate(
            ["--Sfu:Port=0", "--Sfu:ControlPort=0", "--Sfu:ListenAddress=127.0.0.1", "--Sfu:ReceiveLoops=1", $"--Sfu:NodeSecret={NodeSecret}", $"--Sfu:RoomTokenSecret={TokenSecret}"],
            out IReadOnlyList<string> errors) ?? throw new InvalidOperationException(string.Join("; ", errors));
        await _host.StartAsync().WaitAsync(TimeSpan.FromSeconds(20));
        _http = new HttpClient { BaseAddress = _host.ControlAddress, Timeout = TimeSpan.FromSeconds(20) };
        _control = new HttpSfuControl(_http, new ControlRequestSigner(Encoding.UTF8.GetBytes(NodeSecret)));
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20));
    }

    private static string Token(int max = 9) =>
        RoomToken.Create(new RoomTokenClaims("http-room", max, DateTimeOffset.UtcNow.AddMinutes(5)), Encoding.UTF8.GetBytes(TokenSecret));

    [Fact]
    public async Task A_signed_join_over_http_returns_an_answer_with_the_nodes_candidate_and_stats_count_the_participant()
    {
        JoinResult joined = await _control.JoinAsync(Token(), TestSdp.PublisherOffer(11, 22));

        Assert.StartsWith("p", joined.ParticipantId);
        Assert.Contains($" {_host.Node.Port} typ host", joined.PublisherAnswerSdp);
        Assert.Contains("a=setup:passive", joined.PublisherAnswerSdp);
        RoomStats stats = await _control.GetRoomStatsAsync(Token());
        Assert.Equal(1, stats.Participants);
        Assert.Equal(2, stats.Producers);
        await _control.LeaveAsync(Token(), joined.ParticipantId);
    }

    [Fact]
    public async Task Room_limit_and_malformed_sdp_come_back_as_the_same_errors_as_in_process()
    {
        string token = Token(max: 1);
        await _control.JoinAsync(token, null);

        var full = await Assert.ThrowsAsync<SfuControlException>(() => _control.JoinAsync(token, TestSdp.PublisherOffer(1, 2)));
        Assert.Equal(RoutingError.RoomFull, full.Code);

        var malformed = await Assert.ThrowsAsync<SfuControlException>(() => _control.CreateRoomAsync("not-a-token"));
        Assert.Equal(SfuErrorCodes.InvalidToken, malformed.Code);
    }

    [Fact]
    public async Task Malformed_sdp_is_a_400_with_a_message_and_creates_nothing()
    {
        HttpResponseMessage response = await PostAsync(SfuControlApi.JoinPath, new { roomToken = Token(), offer = "v=0\r\nm=garbage" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        JsonElement error = await ReadJson(response);
        Assert.Equal(RoutingError.InvalidSdp, error.GetProperty("error").GetString());
        Assert.StartsWith("publisher offer:", error.GetProperty("message").GetString());
        Assert.Empty(_host.Control.Rooms.SelectMany(r => r.Participants));
    }

    [Fact]
    public async Task Unsigned_badly_signed_skewed_and_replayed_requests_are_refused_with_401()
    {
        byte[] body = JsonSerializer.SerializeToUtf8Bytes(new { roomToken = Token() });
        var signer = new ControlRequestSigner(Encoding.UTF8.GetBytes(NodeSecret));

        HttpResponseMessage unsigned = await _http.PostAsync(SfuControlApi.CreateRoomPath, new ByteArrayContent(body));
        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);

        var wrongSigner = new ControlRequestSigner(Encoding.UTF8.GetBytes("another-node-secret-0123456789-xxxxxxxx"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendSigned(wrongSigner.Sign("POST", SfuControlApi.CreateRoomPath, body), body)).StatusCode);

        (string ts, string nonce, string sig) = signer.Sign("POST", SfuControlApi.CreateRoomPath, body);
        byte[] tampered = JsonSerializer.SerializeToUtf8Bytes(new { roomToken = Token(max: 60) });
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendSigned((ts, nonce, sig), tampered)).StatusCode);

        var skewedClock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow.AddSeconds(-90));
        var skewed = new ControlRequestSigner(Encoding.UTF8.GetBytes(NodeSecret), skewedClock);
        HttpResponseMessage late = await SendSigned(skewed.Sign("POST", SfuControlApi.CreateRoomPath, body), body);
        Assert.Equal(HttpStatusCode.Unauthorized, late.StatusCode);
        Assert.Contains("60 s", (await ReadJson(late)).GetProperty("message").GetString());

        Assert.Equal(HttpStatusCode.OK, (await SendSigned((ts, nonce, sig), body)).StatusCode);
        HttpResponseMessage replay = await SendSigned((ts, nonce, sig), body);
        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        Assert.Contains("replay", (await ReadJson(replay)).GetProperty("message").GetString());
    }

    [Fact]
    public async Task An_oversized_body_is_refused_with_413()
    {
        HttpResponseMessage response = await PostAsync(SfuControlApi.JoinPath, new { roomToken = Token(), offer = new string('a', SfuControlApi.MaxBodyBytes) });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Health_answers_without_a_signature()
    {
        HttpResponseMessage response = await _http.GetAsync(SfuControlApi.HealthPath);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", (await ReadJson(response)).GetProperty("status").GetString());
    }

    private async Task<HttpResponseMessage> PostAsync(string path, object request)
    {
        byte[] body = JsonSerializer.SerializeToUtf8Bytes(request);
        return await SendSigned(new ControlRequestSigner(Encoding.UTF8.GetBytes(NodeSecret)).Sign("POST", path, body), body, path);
    }

    private async Task<HttpResponseMessage> SendSigned((string Timestamp, string Nonce, string Signature) headers, byte[] body, string path = SfuControlApi.CreateRoomPath)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Headers.Add(ControlRequestSigner.TimestampHeader, headers.Timestamp);
        request.Headers.Add(ControlRequestSigner.NonceHeader, headers.Nonce);
        request.Headers.Add(ControlRequestSigner.SignatureHeader, headers.Signature);
        return await _http.SendAsync(request);
    }

    private static async Task<JsonElement> ReadJson(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
}
