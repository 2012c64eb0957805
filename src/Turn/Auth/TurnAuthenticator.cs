using System.Text;
using RedConnect.Stun;
using RedConnect.Turn.Options;

namespace RedConnect.Turn.Auth;

/// <summary>Result of the long-term credential check on one request (RFC 8489 §9.2.4).</summary>
internal enum AuthResult
{
    Ok,
    /// <summary>No MESSAGE-INTEGRITY, unknown user, expired REST username, or wrong integrity: 401 with REALM and NONCE.</summary>
    Unauthenticated,
    /// <summary>MESSAGE-INTEGRITY without USERNAME, REALM or NONCE: 400.</summary>
    BadRequest,
    /// <summary>NONCE stale or not ours: 438 with a fresh NONCE.</summary>
    StaleNonce,
}

/// <summary>
/// The long-term credential mechanism (RFC 8489 §9.2) for TURN requests that do not yet have an
/// allocation: static users (<c>user=</c>) and time-limited shared-secret usernames (<c>use-auth-secret</c>,
/// <see cref="TurnRestCredentials"/>). Requests on an existing allocation are verified with the
/// allocation's prepared key instead (see <c>TurnRequestHandler</c>).
/// </summary>
internal sealed class TurnAuthenticator
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);
    private readonly TurnServerOptions _options;
    private readonly StaticUserKeys _users;
    private readonly TimeProvider _time;
    private readonly byte[] _realm;

    public TurnAuthenticator(TurnServerOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
        _users = StaticUserKeys.FromOptions(options);
        Realm = options.Realm ?? string.Empty;
        _realm = Encoding.UTF8.GetBytes(Realm);
        Nonces = new NonceService(time, options.StaleNonceSeconds);
    }

    public string Realm { get; }

    public NonceService Nonces { get; }

    /// <summary>Whether any credential mechanism is configured; without one, TURN requests are not authenticated.</summary>
    public bool Enabled => _options.LongTermCredentials || _options.UseAuthSecret || _users.Count > 0;

    /// <summary>
    /// Checks the request's USERNAME, REALM, NONCE and MESSAGE-INTEGRITY in the order of RFC 8489 §9.2.4.
    /// On <see cref="AuthResult.Ok"/> returns the user name and the long-term key to sign the response with.
    /// </summary>
    public AuthResult Authenticate(in StunMessageReader request, ReadOnlySpan<byte> clientIp, out string? username, out byte[]? key)
    {
        username = null;
        key = null;
        var precheck = CheckNonce(request, clientIp);
        if (precheck != AuthResult.Ok)
        {
            return precheck;
        }

        request.TryGetValue(StunAttributeType.Username, out var usernameBytes);
        string name;
        try
        {
            name = StrictUtf8.GetString(usernameBytes);
        }
        catch (ArgumentException)
        {
            return AuthResult.Unauthenticated;
        }

        if (_users.TryGetKey(name, out var staticKey) && request.VerifyMessageIntegrity(staticKey))
        {
            username = name;
            key = staticKey;
            return AuthResult.Ok;
        }

        if (_options.UseAuthSecret && TurnRestCredentials.TryGetPasswords(name, _options.StaticAuthSecrets, _time, out var passwords))
        {
            foreach (var password in passwords)
            {
                var candidate = LongTermKey.ComputeMd5(name, Realm, password);
                if (request.VerifyMessageIntegrity(candidate))
                {
                    username = name;
                    key = candidate;
                    return AuthResult.Ok;
                }
            }
        }

        return AuthResult.Unauthenticated;
    }

    /// <summary>The steps before the key is known: MESSAGE-INTEGRITY present, USERNAME/REALM/NONCE present,
    /// REALM ours, NONCE valid.</summary>
    public AuthResult CheckNonce(in StunMessageReader request, ReadOnlySpan<byte> clientIp)
    {
        if (!request.HasMessageIntegrity)
        {
            return AuthResult.Unauthenticated;
        }

        if (!request.TryGetValue(StunAttributeType.Username, out var user) || user.IsEmpty
            || !request.TryGetValue(StunAttributeType.Realm, out var realm)
            || !request.TryGetValue(StunAttributeType.Nonce, out var nonce))
        {
            return AuthResult.BadRequest;
        }

        if (Nonces.Check(nonce, clientIp) != NonceCheck.Valid)
        {
            return AuthResult.StaleNonce;
        }

        return realm.SequenceEqual(_realm) ? AuthResult.Ok : AuthResult.Unauthenticated;
    }
}
