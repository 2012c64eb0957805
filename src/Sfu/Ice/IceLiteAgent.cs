using System.Text;
using RedConnect.Stun;

namespace RedConnect.Sfu.Ice;

/// <summary>Where an <see cref="IceLiteAgent"/> stands.</summary>
public enum IceAgentState
{
    /// <summary>No valid check yet.</summary>
    New,

    /// <summary>A valid check arrived: a pair is selected and media may flow, but none is nominated.</summary>
    Connected,

    /// <summary>The controlling agent nominated a pair with USE-CANDIDATE (RFC 8445 §8.2).</summary>
    Completed,

    /// <summary>Closed; every request is discarded.</summary>
    Closed,
}

/// <summary>
/// The SFU side of ICE for one transport: a lite implementation (RFC 8445 §2.5) that never sends checks,
/// only answers them. It is always in the controlled role (§6.1.1: against a lite agent the full agent
/// controls), has one host candidate per announced address, and learns the peer's addresses as
/// peer-reflexive from the checks it answers (§7.3.1.3). It selects the first valid pair so media can
/// flow early, moves the selected pair when a valid check carrying USE-CANDIDATE arrives from another
/// address (the client changed network), and takes every authenticated check as consent (RFC 7675 §5.1:
/// the peer's checks are what prove it still wants our media).
/// </summary>
/// <remarks>
/// Not thread-safe: the owning transport serialises calls. Per-request work allocates nothing: the
/// short-term key (RFC 8489 §9.1.1: the local ice-pwd, RFC 8445 §7.2.2) is prepared once.
/// </remarks>
public sealed class IceLiteAgent : IDisposable
{
    /// <summary>Responses fit in this many bytes (error responses with a reason phrase included).</summary>
    public const int MaxResponseLength = 256;

    private readonly TimeProvider _time;
    private StunIntegrityKey _localKey;
    private byte[] _localUfragUtf8;
    private byte[]? _remoteUfragUtf8;
    private StunAddress _selected;
    private bool _hasSelected;
    private long _lastConsentTimestamp;
    private bool _hasConsent;

    /// <summary>Creates an agent with fresh local credentials (<see cref="IceCredentials.Generate"/>).</summary>
    public IceLiteAgent(TimeProvider? timeProvider = null, TimeSpan? consentTimeout = null, IceCredentials? localCredentials = null)
    {
        _time = timeProvider ?? TimeProvider.System;
        ConsentTimeout = consentTimeout ?? TimeSpan.FromSeconds(30);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ConsentTimeout, TimeSpan.Zero, nameof(consentTimeout));
        LocalCredentials = localCredentials ?? IceCredentials.Generate();
        (_localKey, _localUfragUtf8) = Prepare(LocalCredentials);
    }

    /// <summary>Our ice-ufrag and ice-pwd, for the SDP.</summary>
    public IceCredentials LocalCredentials { get; private set; }

    /// <summary>The peer's ice-ufrag and ice-pwd from its SDP, once known.</summary>
    public IceCredentials? RemoteCredentials { get; private set; }

    /// <summary>How long without an authenticated check before consent is lost (RFC 7675 §5.1: 30 s).</summary>
    public TimeSpan ConsentTimeout { get; }

    public IceAgentState State { get; private set; } = IceAgentState.New;

    /// <summary>Where media goes: the source of the selected (or nominated) pair; valid only when
    /// <see cref="HasSelectedAddress"/>.</summary>
    public StunAddress SelectedAddress => _selected;

    public bool HasSelectedAddress => _hasSelected;

    /// <summary>Valid checks answered with a success response.</summary>
    public long ChecksAccepted { get; private set; }

    /// <summary>Checks refused for a wrong or missing USERNAME or MESSAGE-INTEGRITY (400/401), or discarded
    /// for a missing or wrong FINGERPRINT. None of them changed any state.</summary>
    public long UnauthenticatedChecks { get; private set; }

    /// <summary>Authenticated checks answered 487 because the peer also claimed the controlled role.</summary>
    public long RoleConflicts { get; private set; }

    /// <summary>Authenticated checks answered 400 or 420 (no PRIORITY, unknown required attribute).</summary>
    public long BadRequests { get; private set; }

    /// <summary>Times the selected address moved to a new source after it was first chosen.</summary>
    public long AddressChanges { get; private set; }

    /// <summary>When consent runs out unless another authenticated check arrives; null before the first.</summary>
    public DateTimeOffset? ConsentExpiresAt =>
        _hasConsent ? _time.GetUtcNow() + (ConsentTimeout - _time.GetElapsedTime(_lastConsentTimestamp)) : null;

    /// <summary>Whether a check was once received and none has arrived for <see cref="ConsentTimeout"/>.</summary>
    public bool IsConsentExpired => _hasConsent && _time.GetElapsedTime(_lastConsentTimestamp) >= ConsentTimeout;

    /// <summary>
    /// Takes the peer's credentials from its SDP. A new ufrag is an ICE restart by the peer (RFC 8445 §9):
    /// checks must then name it; the selected address is kept until a new nomination moves it.
    /// </summary>
    public void SetRemoteCredentials(IceCredentials remote)
    {
        ArgumentNullException.ThrowIfNull(remote);
        if (!IceCredentials.IsValid(remote.UsernameFragment, remote.Password, out string? error))
        {
            throw new ArgumentException(error, nameof(remote));
        }

        RemoteCredentials = remote;
        _remoteUfragUtf8 = Encoding.UTF8.GetBytes(remote.UsernameFragment);
    }

    /// <summary>
    /// ICE restart on our side (RFC 8445 §9, RFC 8839 §4.4.1.1.2: an answer to a restart carries new
    /// credentials): new local ufrag and pwd, the remote ones forgotten until set again. The selected
    /// address stays, so media keeps flowing while the peer re-checks.
    /// </summary>
    public IceCredentials Restart()
    {
        ObjectDisposedException.ThrowIf(State == IceAgentState.Closed, this);
        StunIntegrityKey old = _localKey;
        LocalCredentials = IceCredentials.Generate();
        (_localKey, _localUfragUtf8) = Prepare(LocalCredentials);
        old.Dispose();
        RemoteCredentials = null;
        _remoteUfragUtf8 = null;
        return LocalCredentials;
    }

    /// <summary>
    /// Answers one Binding request (RFC 8445 §7.3) from <paramref name="source"/>, writing the response into
    /// <paramref name="response"/> (at least <see cref="MaxResponseLength"/> bytes). Order of checks follows
    /// RFC 8489 §6.3 and §9.1.3: FINGERPRINT (else discard), unknown comprehension-required attributes
    /// (420), USERNAME and MESSAGE-INTEGRITY present (400), USERNAME "localUfrag:remoteUfrag" and integrity
    /// with our pwd (401); then, authenticated, PRIORITY (400) and the role (487). Only a check that passes
    /// all of these changes state.
    /// </summary>
    public IceCheckResult HandleBindingRequest(StunMessageReader request, StunAddress source, Span<byte> response)
    {
        if (State == IceAgentState.Closed || request.Method != StunMethod.Binding || request.Class != StunClass.Request)
        {
            return new IceCheckResult(IceCheckOutcome.Discarded, 0, 0, false);
        }

        if (!request.VerifyFingerprint())
        {
            UnauthenticatedChecks++;
            return new IceCheckResult(IceCheckOutcome.Discarded, 0, 0, false);
        }

        if (request.HasUnknownComprehensionRequired)
        {
            // RFC 8489 §6.3.1.1: 420 listing the attributes; not authenticated, so no MESSAGE-INTEGRITY.
            BadRequests++;
            Span<ushort> unknown = stackalloc ushort[16];
            int count = request.CopyUnknownComprehensionRequired(unknown);
            var writer = new StunMessageWriter(response, StunMethod.Binding, StunClass.ErrorResponse, request.TransactionId);
            writer.AddErrorCode(StunErrorCode.UnknownAttribute);
            writer.AddUnknownAttributes(unknown[..count]);
            writer.AddFingerprint();
            return new IceCheckResult(IceCheckOutcome.ErrorResponse, writer.Length, StunErrorCode.UnknownAttribute, false);
        }

        if (!request.TryGetValue(StunAttributeType.Username, out ReadOnlySpan<byte> username) || !request.HasMessageIntegrity)
        {
            // RFC 8489 §9.1.3: a request without USERNAME or MESSAGE-INTEGRITY gets 400.
            UnauthenticatedChecks++;
            return Error(request, response, StunErrorCode.BadRequest, authenticated: false);
        }

        if (!UsernameMatches(username) || !request.VerifyMessageIntegrity(_localKey))
        {
            // RFC 8489 §9.1.3: unknown username or failed integrity gets 401, without MESSAGE-INTEGRITY.
            UnauthenticatedChecks++;
            return Error(request, response, StunErrorCode.Unauthenticated, authenticated: false);
        }

        if (!request.TryGetUInt32(StunAttributeType.Priority, out _))
        {
            // RFC 8445 §7.1.1: every check carries PRIORITY (we would need it for a peer-reflexive candidate).
            BadRequests++;
            return Error(request, response, StunErrorCode.BadRequest, authenticated: true);
        }

        if (request.Contains(StunAttributeType.IceControlled))
        {
            // RFC 8445 §7.3.1.1: both sides claim the controlled role. The rule compares tie-breakers and
            // lets the larger one switch to controlling, but a lite agent can never control (§6.1.1), so we
            // always answer 487 and the full agent must switch; this changes nothing on our side.
            RoleConflicts++;
            return Error(request, response, StunErrorCode.RoleConflict, authenticated: true);
        }

        // A valid check. RFC 7675 §5.1: it is the peer's consent to keep receiving from us.
        ChecksAccepted++;
        _lastConsentTimestamp = _time.GetTimestamp();
        _hasConsent = true;

        IceCheckOutcome outcome;
        bool changed = false;
        bool useCandidate = request.Contains(StunAttributeType.UseCandidate);
        if (!_hasSelected)
        {
            _selected = source;
            _hasSelected = true;
            changed = true;
            State = useCandidate ? IceAgentState.Completed : IceAgentState.Connected;
            outcome = useCandidate ? IceCheckOutcome.Nominated : IceCheckOutcome.Selected;
        }
        else if (useCandidate)
        {
            // RFC 8445 §7.3.1.5 and §8.1.1: the controlling agent nominates this pair; if it is not the
            // selected one the client moved (network change, ICE restart) and media follows it.
            if (source != _selected)
            {
                _selected = source;
                changed = true;
                AddressChanges++;
            }

            State = IceAgentState.Completed;
            outcome = IceCheckOutcome.Nominated;
        }
        else
        {
            outcome = IceCheckOutcome.Accepted;
        }

        var success = new StunMessageWriter(response, StunMethod.Binding, StunClass.SuccessResponse, request.TransactionId);
        // RFC 8445 §7.3.1.2 / RFC 8489 §14.2: the source address as we saw it, XOR-encoded.
        success.AddXorAddress(StunAttributeType.XorMappedAddress, source);
        success.AddMessageIntegrity(_localKey);
        success.AddFingerprint();
        return new IceCheckResult(outcome, success.Length, 0, changed);
    }

    /// <summary>Stops answering and releases the integrity key.</summary>
    public void Dispose()
    {
        if (State == IceAgentState.Closed)
        {
            return;
        }

        State = IceAgentState.Closed;
        _localKey.Dispose();
    }

    private IceCheckResult Error(StunMessageReader request, Span<byte> response, int code, bool authenticated)
    {
        var writer = new StunMessageWriter(response, StunMethod.Binding, StunClass.ErrorResponse, request.TransactionId);
        writer.AddErrorCode(code);
        if (authenticated)
        {
            // RFC 8489 §9.1.3: responses to an authenticated request carry MESSAGE-INTEGRITY.
            writer.AddMessageIntegrity(_localKey);
        }

        writer.AddFingerprint();
        return new IceCheckResult(IceCheckOutcome.ErrorResponse, writer.Length, code, false);
    }

    /// <summary>RFC 8445 §7.2.2: USERNAME is "receiver-ufrag:sender-ufrag". The sender part is checked once
    /// we know the peer's ufrag; before that (a check that overtakes the SDP answer) any is accepted.</summary>
    private bool UsernameMatches(ReadOnlySpan<byte> username)
    {
        int colon = username.IndexOf((byte)':');
        if (colon < 0 || !username[..colon].SequenceEqual(_localUfragUtf8))
        {
            return false;
        }

        return _remoteUfragUtf8 is null || username[(colon + 1)..].SequenceEqual(_remoteUfragUtf8);
    }

    private static (StunIntegrityKey Key, byte[] Ufrag) Prepare(IceCredentials local)
    {
        Span<byte> key = stackalloc byte[Encoding.UTF8.GetMaxByteCount(local.Password.Length)];
        int length = StunCredentials.WriteShortTermKey(local.Password, key);
        var prepared = new StunIntegrityKey(key[..length]);
        key.Clear();
        return (prepared, Encoding.UTF8.GetBytes(local.UsernameFragment));
    }
}
