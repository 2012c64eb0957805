using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RedConnect.Sfu.Node.Control;

/// <summary>What a room token grants: entry to one room, that room's participant limit, until when, and an optional display name.</summary>
public sealed record RoomTokenClaims(string RoomId, int MaxParticipants, DateTimeOffset ExpiresAt, string? ParticipantName = null);

/// <summary>
/// The signaling's permission slip for one room, carried by every control call: a compact
/// <c>base64url(payload) "." base64url(HMAC-SHA256(secret, payload))</c> (the JWS compact shape of
/// RFC 7515 §7.1 without its header, since the algorithm is fixed). The SFU trusts nothing in it unless
/// the MAC verifies (compared in constant time) and the expiry, read from a <see cref="TimeProvider"/>, lies ahead.
/// </summary>
public static class RoomToken
{
    /// <summary>Longest token accepted; anything longer is refused before any work is done.</summary>
    public const int MaxLength = 2048;

    /// <summary>The participant limit a token may ask for (group therapy: eight and a therapist, with room to spare).</summary>
    public const int MaxParticipantsLimit = 64;

    /// <summary>HMAC-SHA256 keys shorter than this are refused: the secret must carry at least 128 bits.</summary>
    public const int MinimumSecretLength = 16;

    /// <summary>The <c>error</c> of <see cref="TryValidate"/> for a well-formed, correctly signed token past its expiry.</summary>
    public const string ExpiredMessage = "room token has expired";

    private sealed record Payload(
        [property: JsonPropertyName("r")] string RoomId,
        [property: JsonPropertyName("m")] int MaxParticipants,
        [property: JsonPropertyName("e")] long ExpiresAt,
        [property: JsonPropertyName("n")] string? Name);

    public static string Create(RoomTokenClaims claims, ReadOnlySpan<byte> secret)
    {
        if (secret.Length < MinimumSecretLength) throw new ArgumentException($"The room token secret needs at least {MinimumSecretLength} bytes.", nameof(secret));
        if (!IsValidRoomId(claims.RoomId)) throw new ArgumentException("Room ids are 1–128 characters of A–Z, a–z, 0–9, '-', '_' or '.'.", nameof(claims));
        if (claims.MaxParticipants is < 1 or > MaxParticipantsLimit) throw new ArgumentOutOfRangeException(nameof(claims), $"MaxParticipants must be 1–{MaxParticipantsLimit}.");
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(new Payload(claims.RoomId, claims.MaxParticipants, claims.ExpiresAt.ToUnixTimeSeconds(), claims.ParticipantName));
        string payload = Base64Url.EncodeToString(json);
        return payload + "." + Base64Url.EncodeToString(Mac(secret, payload));
    }

    /// <summary>
    /// For admission (creating a room, joining it): checks MAC, shape and expiry. Never throws; on failure
    /// <paramref name="error"/> says why (safe to return to the caller).
    /// </summary>
    public static bool TryValidate(string? token, ReadOnlySpan<byte> secret, TimeProvider timeProvider, out RoomTokenClaims? claims, out string? error) =>
        TryRead(token, secret, timeProvider, out claims, out error);

    /// <summary>
    /// For a participant already admitted (answers, renegotiation, leaving, stats): checks MAC and shape but not the
    /// expiry — the token bounds when people may join, not how long a running conference lasts.
    /// </summary>
    public static bool TryValidateForSession(string? token, ReadOnlySpan<byte> secret, out RoomTokenClaims? claims, out string? error) =>
        TryRead(token, secret, expiryClock: null, out claims, out error);

    /// <summary>MAC and shape, and the expiry against <paramref name="expiryClock"/> unless it is null.</summary>
    private static bool TryRead(string? token, ReadOnlySpan<byte> secret, TimeProvider? expiryClock, out RoomTokenClaims? claims, out string? error)
    {
        claims = null;
        if (string.IsNullOrEmpty(token) || token.Length > MaxLength)
        {
            error = "room token missing or too long";
            return false;
        }

        int dot = token.IndexOf('.');
        if (dot <= 0 || dot != token.LastIndexOf('.'))
        {
            error = "room token is not payload.signature";
            return false;
        }

        string payloadPart = token[..dot];
        byte[] signature;
        byte[] json;
        try
        {
            signature = Base64Url.DecodeFromChars(token.AsSpan(dot + 1));
            json = Base64Url.DecodeFromChars(payloadPart);
        }
        catch (FormatException)
        {
            error = "room token is not base64url";
            return false;
        }

        if (!CryptographicOperations.FixedTimeEquals(signature, Mac(secret, payloadPart)))
        {
            error = "room token signature does not verify";
            return false;
        }

        Payload? payload;
        try
        {
            payload = JsonSerializer.Deserialize<Payload>(json);
        }
        catch (JsonException)
        {
            payload = null;
        }

        if (payload is null || !IsValidRoomId(payload.RoomId) || payload.MaxParticipants is < 1 or > MaxParticipantsLimit || payload.Name is { Length: > 128 })
        {
            error = "room token payload is malformed";
            return false;
        }

        if (expiryClock is not null && expiryClock.GetUtcNow().ToUnixTimeSeconds() >= payload.ExpiresAt)
        {
            error = ExpiredMessage;
            return false;
        }

        claims = new RoomTokenClaims(payload.RoomId, payload.MaxParticipants, DateTimeOffset.FromUnixTimeSeconds(payload.ExpiresAt), payload.Name);
        error = null;
        return true;
    }

    public static bool IsValidRoomId(string? roomId) =>
        roomId is { Length: > 0 and <= 128 } && roomId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    private static byte[] Mac(ReadOnlySpan<byte> secret, string payloadPart) =>
        HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(payloadPart));
}
