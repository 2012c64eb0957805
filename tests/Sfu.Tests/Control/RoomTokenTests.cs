using System.Text;
using Microsoft.Extensions.Time.Testing;
using RedConnect.Sfu.Node.Control;

namespace RedConnect.Sfu.Tests.Control;

public sealed class RoomTokenTests
{
    private static readonly byte[] Secret = Encoding.UTF8.GetBytes("room-token-secret-for-tests");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    private string Token(int max = 9, TimeSpan? validFor = null, string? name = "Dr. Example") =>
        RoomToken.Create(new RoomTokenClaims("room-42", max, _time.GetUtcNow() + (validFor ?? TimeSpan.FromMinutes(5)), name), Secret);

    [Fact]
    public void A_token_round_trips_its_claims_until_it_expires()
    {
        string token = Token(max: 3);

        Assert.True(RoomToken.TryValidate(token, Secret, _time, out RoomTokenClaims? claims, out string? error), error);
        Assert.Equal("room-42", claims!.RoomId);
        Assert.Equal(3, claims.MaxParticipants);
        Assert.Equal("Dr. Example", claims.ParticipantName);
        Assert.DoesNotContain('=', token); // base64url without padding, safe in URLs and headers

        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.False(RoomToken.TryValidate(token, Secret, _time, out _, out error));
        Assert.Equal("room token has expired", error);
    }

    [Fact]
    public void A_token_signed_with_another_secret_is_refused()
    {
        string token = RoomToken.Create(new RoomTokenClaims("room-42", 9, _time.GetUtcNow().AddHours(1)), Encoding.UTF8.GetBytes("some-other-secret-0123"));

        Assert.False(RoomToken.TryValidate(token, Secret, _time, out RoomTokenClaims? claims, out string? error));
        Assert.Null(claims);
        Assert.Equal("room token signature does not verify", error);
    }

    [Fact]
    public void A_token_whose_payload_was_changed_is_refused()
    {
        string token = Token(max: 2);
        string forgedPayload = RoomToken.Create(new RoomTokenClaims("room-42", 60, _time.GetUtcNow().AddHours(1)), Secret).Split('.')[0];

        Assert.False(RoomToken.TryValidate(forgedPayload + "." + token.Split('.')[1], Secret, _time, out _, out string? error));
        Assert.Equal("room token signature does not verify", error);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("no-dot")]
    [InlineData("a.b.c")]
    [InlineData("!!!.???")]
    [InlineData("e30.AAAA")]
    public void Garbage_is_refused_without_throwing(string? token)
    {
        Assert.False(RoomToken.TryValidate(token, Secret, _time, out RoomTokenClaims? claims, out string? error));
        Assert.Null(claims);
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void An_oversized_token_is_refused_before_any_work()
    {
        Assert.False(RoomToken.TryValidate(new string('a', RoomToken.MaxLength + 1), Secret, _time, out _, out string? error));
        Assert.Equal("room token missing or too long", error);
    }
}
