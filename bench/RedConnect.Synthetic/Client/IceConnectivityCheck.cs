using System.Text;
using RedConnect.Stun;

namespace RedConnect.Synthetic.Client;

/// <summary>
/// The controlling side of ICE against an ICE-lite SFU (RFC 8445 §6.1.1: the full agent controls):
/// Binding requests with USERNAME "remoteUfrag:localUfrag" (§7.2.2), PRIORITY of a peer-reflexive
/// candidate (§7.1.1), ICE-CONTROLLING with our tie-breaker (§7.1.3), USE-CANDIDATE on every check
/// (aggressive nomination is fine against a lite agent with one candidate), MESSAGE-INTEGRITY keyed
/// with the SFU's ice-pwd (RFC 8489 §9.1.1 short-term credentials) and FINGERPRINT (RFC 8445 §7.1).
/// The same request, sent every few seconds afterwards, is the consent refresh of RFC 7675 §5.1.
/// </summary>
public sealed class IceConnectivityCheck : IDisposable
{
    /// <summary>RFC 8445 §5.1.2.1 with type preference 110 (peer-reflexive), local preference 65535, component 1.</summary>
    public const uint PeerReflexivePriority = (110u << 24) | (65535u << 8) | (256 - 1);

    private readonly byte[] _username;
    private readonly StunIntegrityKey _remoteKey;
    private readonly ulong _tieBreaker = (ulong)Random.Shared.NextInt64();
    private readonly byte[] _transactionId = new byte[StunMessage.TransactionIdLength];

    public IceConnectivityCheck(string localUfrag, string remoteUfrag, string remotePwd)
    {
        _username = Encoding.UTF8.GetBytes(remoteUfrag + ":" + localUfrag);
        _remoteKey = new StunIntegrityKey(Encoding.UTF8.GetBytes(remotePwd));
    }

    /// <summary>Writes a new Binding request (fresh transaction id) and returns its length.</summary>
    public int WriteRequest(Span<byte> destination, bool useCandidate = true)
    {
        StunMessageWriter.NewTransactionId(_transactionId);
        var writer = new StunMessageWriter(destination, StunMethod.Binding, StunClass.Request, _transactionId);
        writer.AddAttribute(StunAttributeType.Username, _username);
        writer.AddUInt32(StunAttributeType.Priority, PeerReflexivePriority);
        writer.AddUInt64(StunAttributeType.IceControlling, _tieBreaker);
        if (useCandidate) writer.AddFlag(StunAttributeType.UseCandidate);
        writer.AddMessageIntegrity(_remoteKey);
        writer.AddFingerprint();
        return writer.Length;
    }

    /// <summary>
    /// True when <paramref name="datagram"/> is an authentic success response to our latest request
    /// (RFC 8445 §7.2.5.2: matching transaction, MESSAGE-INTEGRITY with the remote pwd).
    /// </summary>
    public bool IsSuccessResponse(ReadOnlySpan<byte> datagram) =>
        StunMessageReader.TryParse(datagram, out StunMessageReader response)
        && response.Method == StunMethod.Binding
        && response.Class == StunClass.SuccessResponse
        && response.TransactionId.SequenceEqual(_transactionId)
        && response.HasMessageIntegrity
        && response.VerifyMessageIntegrity(_remoteKey);

    public void Dispose() => _remoteKey.Dispose();
}
