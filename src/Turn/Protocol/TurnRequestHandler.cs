using Microsoft.Extensions.Logging;
using RedConnect.Stun;
using RedConnect.Turn.Allocations;
using RedConnect.Turn.Auth;
using RedConnect.Turn.Options;
using RedConnect.Turn.Security;
using RedConnect.Turn.Transport;

namespace RedConnect.Turn.Protocol;

/// <summary>
/// Answers STUN/TURN requests from clients (RFC 8656 §7–§12, RFC 8489 §6.3, RFC 5780 §6) and relays Send
/// indications. One instance serves every listener; it never throws on hostile input: a message that parses
/// as STUN gets an answer or is dropped, and nothing it carries reaches a peer without a permission.
/// </summary>
internal sealed partial class TurnRequestHandler
{
    /// <summary>Large enough for any response this server writes.</summary>
    public const int MaxResponseLength = 1024;

    private readonly TurnServerOptions _options;
    private readonly TurnAuthenticator _auth;
    private readonly AllocationManager _allocations;
    private readonly PeerAddressPolicy _policy;
    private readonly RelayAddressPlan _relayPlan;
    private readonly RelaySocketFactory _relaySockets;
    private readonly TimeProvider _time;
    private readonly ILogger _log;

    public TurnRequestHandler(TurnServerOptions options, TurnAuthenticator auth, AllocationManager allocations,
        PeerAddressPolicy policy, RelayAddressPlan relayPlan, RelaySocketFactory relaySockets, TimeProvider time, ILogger log)
    {
        _options = options;
        _auth = auth;
        _allocations = allocations;
        _policy = policy;
        _relayPlan = relayPlan;
        _relaySockets = relaySockets;
        _time = time;
        _log = log;
    }

    /// <summary>RESPONSE-PORT (RFC 5780 §7.5): comprehension-required, not in the shared codec's list, so
    /// the reader reports it as unknown; Binding handles it here.</summary>
    internal const ushort ResponsePortAttribute = 0x0027;

    /// <summary>
    /// Handles one parsed STUN message from a client. Returns the number of response bytes written to
    /// <paramref name="response"/> (0: nothing to send). <paramref name="route"/> may ask the caller to send
    /// the response from the partner listener or to another client port (RFC 5780 CHANGE-REQUEST, RESPONSE-PORT).
    /// </summary>
    public int Handle(in ClientOrigin origin, in StunMessageReader message, Span<byte> response, out ResponseRoute route)
    {
        route = default;
        switch (message.Class)
        {
            case StunClass.Indication:
                // RFC 8489 §6.3.1: unknown comprehension-required attributes in an indication: drop it.
                if (message.Method == StunMethod.Send && !message.HasUnknownComprehensionRequired)
                {
                    RelaySendIndication(origin, message);
                }

                return 0;
            case StunClass.Request:
                break;
            default:
                return 0; // responses are for clients, not for us
        }

        if (message.HasUnknownComprehensionRequired)
        {
            Span<ushort> unknown = stackalloc ushort[16];
            var count = message.CopyUnknownComprehensionRequired(unknown);
            if (!(count == 1 && unknown[0] == ResponsePortAttribute && message.Method == StunMethod.Binding && Rfc5780On(origin)))
            {
                return WriteUnknownAttributes(response, message, unknown[..count]);
            }
        }

        return message.Method switch
        {
            StunMethod.Binding => HandleBinding(origin, message, response, out route),
            StunMethod.Allocate => HandleAllocate(origin, message, response),
            StunMethod.Refresh => HandleRefresh(origin, message, response),
            StunMethod.CreatePermission => HandleCreatePermission(origin, message, response),
            StunMethod.ChannelBind => HandleChannelBind(origin, message, response),
            _ => WriteError(response, message, StunErrorCode.BadRequest, null, null),
        };
    }

    /// <summary>Lifetime granted for a requested one (RFC 8656 §7.2, §8.2): min(requested, max), at least the default.</summary>
    private uint GrantedLifetime(in StunMessageReader message)
    {
        var max = (uint)_options.MaxAllocateLifetimeSeconds;
        var fallback = (uint)Math.Min(_options.DefaultLifetimeSeconds, _options.MaxAllocateLifetimeSeconds);
        if (!message.TryGetUInt32(StunAttributeType.Lifetime, out var requested))
        {
            return fallback;
        }

        return Math.Max(Math.Min(requested, max), fallback);
    }

    private long ExpiryAfter(long seconds) => _time.GetTimestamp() + seconds * _time.TimestampFrequency;

    /// <summary>
    /// Checks a request that arrives on an existing allocation (RFC 8656 §5: same credentials as the Allocate):
    /// NONCE, then USERNAME (441 Wrong Credentials when it differs), then MESSAGE-INTEGRITY with the
    /// allocation's key. Returns 0 when authenticated, else the length of the error response written.
    /// Call under the allocation's gate.
    /// </summary>
    private int AuthenticateOnAllocation(in ClientOrigin origin, in StunMessageReader message, Allocation allocation, Span<byte> response)
    {
        if (!_auth.Enabled)
        {
            return 0;
        }

        Span<byte> ip = stackalloc byte[16];
        var ipLength = origin.Client.CopyAddressTo(ip);
        var check = _auth.CheckNonce(message, ip[..ipLength]);
        if (check != AuthResult.Ok)
        {
            return WriteAuthError(response, message, check, ip[..ipLength]);
        }

        message.TryGetValue(StunAttributeType.Username, out var username);
        if (!username.SequenceEqual(allocation.UsernameBytes))
        {
            return WriteError(response, message, StunErrorCode.WrongCredentials, null, null);
        }

        return message.VerifyMessageIntegrity(allocation.IntegrityKey)
            ? 0
            : WriteAuthError(response, message, AuthResult.Unauthenticated, ip[..ipLength]);
    }

    /// <summary>Checks credentials for a request without an allocation; returns 0 and the key when authenticated.</summary>
    private int AuthenticateNew(in ClientOrigin origin, in StunMessageReader message, Span<byte> response, out string username, out byte[] key)
    {
        username = string.Empty;
        key = [];
        if (!_auth.Enabled)
        {
            return 0;
        }

        Span<byte> ip = stackalloc byte[16];
        var ipLength = origin.Client.CopyAddressTo(ip);
        var result = _auth.Authenticate(message, ip[..ipLength], out var name, out var found);
        if (result != AuthResult.Ok)
        {
            return WriteAuthError(response, message, result, ip[..ipLength]);
        }

        username = name!;
        key = found!;
        return 0;
    }

    private bool Signed => _auth.Enabled;

    // ---- response writing ---------------------------------------------------------------------------------

    /// <summary>SOFTWARE (unless switched off), MESSAGE-INTEGRITY when a key is known, FINGERPRINT when the
    /// request carried one or the operator asked for it (RFC 8489 §14.7).</summary>
    private int Finish(ref StunMessageWriter writer, in StunMessageReader request, byte[]? rawKey, StunIntegrityKey? preparedKey)
    {
        if (!_options.NoSoftwareAttribute)
        {
            writer.AddText(StunAttributeType.Software, _options.Software);
        }

        if (Signed)
        {
            if (preparedKey is not null)
            {
                writer.AddMessageIntegrity(preparedKey);
            }
            else if (rawKey is not null)
            {
                writer.AddMessageIntegrity(rawKey);
            }
        }

        if (request.HasFingerprint || _options.Fingerprint)
        {
            writer.AddFingerprint();
        }

        return writer.Length;
    }

    private int WriteError(Span<byte> response, in StunMessageReader request, int code, byte[]? rawKey, StunIntegrityKey? preparedKey)
    {
        if (_log.IsEnabled(LogLevel.Debug))
        {
            var types = new List<string>();
            foreach (var attribute in request.Attributes)
            {
                types.Add($"{attribute.Type:x4}/{attribute.Value.Length}"); // types and lengths only: never values (credentials)
            }

            _log.LogDebug("{Method} → {Code} (attributes {Attributes})", request.Method, code, string.Join(" ", types));
        }

        var writer = new StunMessageWriter(response, request.Method, StunClass.ErrorResponse, request.TransactionId);
        writer.AddErrorCode(code);
        return Finish(ref writer, request, rawKey, preparedKey);
    }

    private int WriteUnknownAttributes(Span<byte> response, in StunMessageReader request, ReadOnlySpan<ushort> unknown)
    {
        // RFC 8489 §6.3.1.1: 420 with UNKNOWN-ATTRIBUTES listing them.
        var writer = new StunMessageWriter(response, request.Method, StunClass.ErrorResponse, request.TransactionId);
        writer.AddErrorCode(StunErrorCode.UnknownAttribute);
        writer.AddUnknownAttributes(unknown);
        return Finish(ref writer, request, null, null);
    }

    /// <summary>401 and 438 carry REALM and a fresh NONCE (RFC 8489 §9.2.4); 400 carries neither.</summary>
    private int WriteAuthError(Span<byte> response, in StunMessageReader request, AuthResult result, ReadOnlySpan<byte> clientIp)
    {
        if (result == AuthResult.BadRequest)
        {
            return WriteError(response, request, StunErrorCode.BadRequest, null, null);
        }

        var code = result == AuthResult.StaleNonce ? StunErrorCode.StaleNonce : StunErrorCode.Unauthenticated;
        var writer = new StunMessageWriter(response, request.Method, StunClass.ErrorResponse, request.TransactionId);
        writer.AddErrorCode(code);
        writer.AddText(StunAttributeType.Realm, _auth.Realm);
        Span<char> nonce = stackalloc char[NonceService.Length];
        _auth.Nonces.Create(clientIp, nonce);
        writer.AddText(StunAttributeType.Nonce, nonce);
        return Finish(ref writer, request, null, null);
    }
}
