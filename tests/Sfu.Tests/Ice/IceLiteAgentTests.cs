using System.Net;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using RedConnect.Sfu.Ice;
using RedConnect.Stun;

namespace RedConnect.Sfu.Tests.Ice;

public sealed class IceLiteAgentTests : IDisposable
{
    private const string PeerUfrag = "peerUfrag";
    private const string PeerPwd = "peerPasswordPeerPassword";

    private static readonly StunAddress HostA = StunAddress.FromIPEndPoint(new IPEndPoint(IPAddress.Parse("192.0.2.10"), 50000));
    private static readonly StunAddress HostB = StunAddress.FromIPEndPoint(new IPEndPoint(IPAddress.Parse("198.51.100.7"), 61000));

    private readonly FakeTimeProvider _time = new();
    private readonly IceLiteAgent _agent;

    public IceLiteAgentTests()
    {
        _agent = new IceLiteAgent(_time, TimeSpan.FromSeconds(30));
        _agent.SetRemoteCredentials(new IceCredentials(PeerUfrag, PeerPwd));
    }

    public void Dispose() => _agent.Dispose();

    [Fact]
    public void Generated_credentials_have_the_length_and_alphabet_RFC_8445_asks()
    {
        IceCredentials a = IceCredentials.Generate();
        IceCredentials b = IceCredentials.Generate();
        Assert.True(IceCredentials.IsValid(a.UsernameFragment, a.Password, out _));
        Assert.True(a.UsernameFragment.Length * 6 >= 24);
        Assert.True(a.Password.Length * 6 >= 128);
        Assert.NotEqual(a.UsernameFragment, b.UsernameFragment);
        Assert.NotEqual(a.Password, b.Password);
        Assert.DoesNotContain(a.Password, a.ToString());
    }

    [Fact]
    public void Valid_check_is_answered_with_the_source_as_xor_mapped_address_and_integrity_from_our_pwd()
    {
        var request = Check();

        (IceCheckResult result, byte[] response) = Handle(request, HostA);

        Assert.Equal(IceCheckOutcome.Selected, result.Outcome);
        Assert.True(StunMessageReader.TryParse(response, out StunMessageReader reader));
        Assert.Equal(StunClass.SuccessResponse, reader.Class);
        Assert.Equal(StunMethod.Binding, reader.Method);
        Assert.True(reader.TransactionId.SequenceEqual(request.TransactionId));
        Assert.True(reader.TryGetXorAddress(StunAttributeType.XorMappedAddress, out StunAddress mapped));
        Assert.Equal(HostA, mapped);
        Assert.True(reader.VerifyMessageIntegrity(Encoding.UTF8.GetBytes(_agent.LocalCredentials.Password)));
        Assert.False(reader.VerifyMessageIntegrity(Encoding.UTF8.GetBytes(PeerPwd)));
        Assert.True(reader.VerifyFingerprint());
        Assert.Equal(IceAgentState.Connected, _agent.State);
        Assert.Equal(HostA, _agent.SelectedAddress);
    }

    [Fact]
    public void Wrong_local_ufrag_gets_401_and_changes_nothing()
    {
        var request = new BindingRequest { Username = $"notours1:{PeerUfrag}", Password = _agent.LocalCredentials.Password, UseCandidate = true };

        (IceCheckResult result, byte[] response) = Handle(request, HostA);

        AssertError(result, response, StunErrorCode.Unauthenticated, authenticated: false);
        AssertUntouched();
    }

    [Fact]
    public void Wrong_remote_ufrag_gets_401_once_the_peer_credentials_are_known()
    {
        var request = new BindingRequest { Username = $"{_agent.LocalCredentials.UsernameFragment}:someoneElse", Password = _agent.LocalCredentials.Password, UseCandidate = true };

        (IceCheckResult result, byte[] response) = Handle(request, HostA);

        AssertError(result, response, StunErrorCode.Unauthenticated, authenticated: false);
        AssertUntouched();
    }

    [Fact]
    public void Wrong_password_gets_401_and_changes_nothing()
    {
        var request = new BindingRequest { Username = $"{_agent.LocalCredentials.UsernameFragment}:{PeerUfrag}", Password = "wrongPasswordWrongPassword", UseCandidate = true };

        (IceCheckResult result, byte[] response) = Handle(request, HostA);

        AssertError(result, response, StunErrorCode.Unauthenticated, authenticated: false);
        AssertUntouched();
    }

    [Fact]
    public void Missing_message_integrity_gets_400_and_changes_nothing()
    {
        var request = new BindingRequest { Username = $"{_agent.LocalCredentials.UsernameFragment}:{PeerUfrag}", Password = null, UseCandidate = true };

        (IceCheckResult result, byte[] response) = Handle(request, HostA);

        AssertError(result, response, StunErrorCode.BadRequest, authenticated: false);
        AssertUntouched();
    }

    [Fact]
    public void Missing_or_corrupt_fingerprint_is_discarded_without_answer()
    {
        var noFingerprint = new BindingRequest
        {
            Username = $"{_agent.LocalCredentials.UsernameFragment}:{PeerUfrag}", Password = _agent.LocalCredentials.Password, UseCandidate = true, Fingerprint = false,
        };
        byte[] corrupt = Check(useCandidate: true).Encode();
        corrupt[^1] ^= 0xFF;

        (IceCheckResult first, _) = Handle(noFingerprint, HostA);
        Assert.True(StunMessageReader.TryParse(corrupt, out StunMessageReader corruptReader));
        IceCheckResult second = _agent.HandleBindingRequest(corruptReader, HostA, new byte[IceLiteAgent.MaxResponseLength]);

        Assert.Equal(IceCheckOutcome.Discarded, first.Outcome);
        Assert.Equal(0, first.ResponseLength);
        Assert.Equal(IceCheckOutcome.Discarded, second.Outcome);
        Assert.Equal(0, second.ResponseLength);
        AssertUntouched(unauthenticated: 2);
    }

    [Fact]
    public void Peer_claiming_controlled_role_gets_authenticated_487()
    {
        var request = new BindingRequest
        {
            Username = $"{_agent.LocalCredentials.UsernameFragment}:{PeerUfrag}", Password = _agent.LocalCredentials.Password, UseCandidate = true, Controlling = false,
        };

        (IceCheckResult result, byte[] response) = Handle(request, HostA);

        AssertError(result, response, StunErrorCode.RoleConflict, authenticated: true);
        Assert.Equal(1, _agent.RoleConflicts);
        Assert.False(_agent.HasSelectedAddress);
        Assert.Null(_agent.ConsentExpiresAt);
    }

    [Fact]
    public void Authenticated_check_without_priority_gets_400()
    {
        var request = new BindingRequest
        {
            Username = $"{_agent.LocalCredentials.UsernameFragment}:{PeerUfrag}", Password = _agent.LocalCredentials.Password, Priority = false,
        };

        (IceCheckResult result, byte[] response) = Handle(request, HostA);

        AssertError(result, response, StunErrorCode.BadRequest, authenticated: true);
        Assert.False(_agent.HasSelectedAddress);
    }

    [Fact]
    public void Use_candidate_nominates_the_pair()
    {
        (IceCheckResult first, _) = Handle(Check(), HostA);
        (IceCheckResult second, _) = Handle(Check(useCandidate: true), HostA);

        Assert.Equal(IceCheckOutcome.Selected, first.Outcome);
        Assert.True(first.SelectedAddressChanged);
        Assert.Equal(IceCheckOutcome.Nominated, second.Outcome);
        Assert.False(second.SelectedAddressChanged);
        Assert.Equal(IceAgentState.Completed, _agent.State);
        Assert.Equal(HostA, _agent.SelectedAddress);
    }

    [Fact]
    public void Valid_check_from_another_address_without_use_candidate_does_not_move_media()
    {
        Handle(Check(useCandidate: true), HostA);

        (IceCheckResult result, _) = Handle(Check(), HostB);

        Assert.Equal(IceCheckOutcome.Accepted, result.Outcome);
        Assert.False(result.SelectedAddressChanged);
        Assert.Equal(HostA, _agent.SelectedAddress);
    }

    [Fact]
    public void Nomination_from_a_new_address_moves_media_there()
    {
        Handle(Check(useCandidate: true), HostA);

        (IceCheckResult result, byte[] response) = Handle(Check(useCandidate: true), HostB);

        Assert.Equal(IceCheckOutcome.Nominated, result.Outcome);
        Assert.True(result.SelectedAddressChanged);
        Assert.Equal(HostB, _agent.SelectedAddress);
        Assert.Equal(1, _agent.AddressChanges);
        Assert.True(StunMessageReader.TryParse(response, out StunMessageReader reader));
        Assert.True(reader.TryGetXorAddress(StunAttributeType.XorMappedAddress, out StunAddress mapped));
        Assert.Equal(HostB, mapped);
    }

    [Fact]
    public void Ice_restart_by_the_peer_accepts_checks_with_its_new_ufrag_only()
    {
        Handle(Check(useCandidate: true), HostA);
        _agent.SetRemoteCredentials(new IceCredentials("newPeerUfrag", "newPeerPasswordNewPeerPwd"));

        (IceCheckResult old, _) = Handle(Check(useCandidate: true), HostB);
        var fresh = new BindingRequest
        {
            Username = $"{_agent.LocalCredentials.UsernameFragment}:newPeerUfrag", Password = _agent.LocalCredentials.Password, UseCandidate = true,
        };
        (IceCheckResult renewed, _) = Handle(fresh, HostB);

        Assert.Equal(StunErrorCode.Unauthenticated, old.ErrorCode);
        Assert.Equal(IceCheckOutcome.Nominated, renewed.Outcome);
        Assert.Equal(HostB, _agent.SelectedAddress);
    }

    [Fact]
    public void Local_restart_rejects_the_old_credentials_and_keeps_media_flowing()
    {
        Handle(Check(useCandidate: true), HostA);
        string oldPwd = _agent.LocalCredentials.Password;
        string oldUfrag = _agent.LocalCredentials.UsernameFragment;

        IceCredentials renewed = _agent.Restart();

        var stale = new BindingRequest { Username = $"{oldUfrag}:{PeerUfrag}", Password = oldPwd, UseCandidate = true };
        (IceCheckResult result, _) = Handle(stale, HostB);
        Assert.NotEqual(oldUfrag, renewed.UsernameFragment);
        Assert.Equal(StunErrorCode.Unauthenticated, result.ErrorCode);
        Assert.Equal(HostA, _agent.SelectedAddress);
    }

    [Fact]
    public void Check_that_overtakes_the_remote_sdp_is_answered()
    {
        using var agent = new IceLiteAgent(_time);
        var request = new BindingRequest { Username = $"{agent.LocalCredentials.UsernameFragment}:anyPeer", Password = agent.LocalCredentials.Password };
        var response = new byte[IceLiteAgent.MaxResponseLength];

        IceCheckResult result = agent.HandleBindingRequest(Parse(request.Encode()), HostA, response);

        Assert.Equal(IceCheckOutcome.Selected, result.Outcome);
    }

    [Fact]
    public void Consent_expires_after_the_timeout_without_checks_and_each_check_refreshes_it()
    {
        Assert.False(_agent.IsConsentExpired);
        Handle(Check(useCandidate: true), HostA);

        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(_agent.IsConsentExpired);
        Handle(Check(), HostA);
        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(_agent.IsConsentExpired);
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.True(_agent.IsConsentExpired);
    }

    [Fact]
    public void Unauthenticated_checks_do_not_refresh_consent()
    {
        Handle(Check(useCandidate: true), HostA);
        _time.Advance(TimeSpan.FromSeconds(20));
        Handle(new BindingRequest { Username = $"{_agent.LocalCredentials.UsernameFragment}:{PeerUfrag}", Password = "forgedPasswordForgedPassword" }, HostA);

        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.True(_agent.IsConsentExpired);
    }

    [Fact]
    public void Unknown_comprehension_required_attribute_gets_420()
    {
        var buffer = new byte[512];
        var writer = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.Request, new byte[12]);
        writer.AddText(StunAttributeType.Username, $"{_agent.LocalCredentials.UsernameFragment}:{PeerUfrag}");
        writer.AddAttribute(0x7F01, [1, 2, 3, 4]);
        writer.AddMessageIntegrity(Encoding.UTF8.GetBytes(_agent.LocalCredentials.Password));
        writer.AddFingerprint();
        var response = new byte[IceLiteAgent.MaxResponseLength];

        IceCheckResult result = _agent.HandleBindingRequest(Parse(buffer.AsSpan(0, writer.Length).ToArray()), HostA, response);

        Assert.Equal(StunErrorCode.UnknownAttribute, result.ErrorCode);
        Assert.True(StunMessageReader.TryParse(response.AsSpan(0, result.ResponseLength), out StunMessageReader reader));
        Assert.True(reader.TryGetValue(StunAttributeType.UnknownAttributes, out ReadOnlySpan<byte> unknown));
        Assert.Equal(new byte[] { 0x7F, 0x01 }, unknown.ToArray());
        Assert.False(_agent.HasSelectedAddress);
    }

    private BindingRequest Check(bool useCandidate = false) =>
        BindingRequest.For(PeerUfrag, _agent.LocalCredentials.UsernameFragment, _agent.LocalCredentials.Password, useCandidate);

    private (IceCheckResult Result, byte[] Response) Handle(BindingRequest request, StunAddress source)
    {
        var response = new byte[IceLiteAgent.MaxResponseLength];
        IceCheckResult result = _agent.HandleBindingRequest(Parse(request.Encode()), source, response);
        return (result, response.AsSpan(0, result.ResponseLength).ToArray());
    }

    private static StunMessageReader Parse(byte[] datagram)
    {
        Assert.True(StunMessageReader.TryParse(datagram, out StunMessageReader reader));
        return reader;
    }

    private void AssertError(IceCheckResult result, byte[] response, int code, bool authenticated)
    {
        Assert.Equal(IceCheckOutcome.ErrorResponse, result.Outcome);
        Assert.Equal(code, result.ErrorCode);
        Assert.True(StunMessageReader.TryParse(response, out StunMessageReader reader));
        Assert.Equal(StunClass.ErrorResponse, reader.Class);
        Assert.True(reader.TryGetErrorCode(out int sent, out _));
        Assert.Equal(code, sent);
        Assert.True(reader.VerifyFingerprint());
        Assert.Equal(authenticated, reader.HasMessageIntegrity);
        if (authenticated)
        {
            Assert.True(reader.VerifyMessageIntegrity(Encoding.UTF8.GetBytes(_agent.LocalCredentials.Password)));
        }
    }

    private void AssertUntouched(int unauthenticated = 1)
    {
        Assert.Equal(IceAgentState.New, _agent.State);
        Assert.False(_agent.HasSelectedAddress);
        Assert.Null(_agent.ConsentExpiresAt);
        Assert.Equal(0, _agent.ChecksAccepted);
        Assert.Equal(unauthenticated, _agent.UnauthenticatedChecks);
    }
}
