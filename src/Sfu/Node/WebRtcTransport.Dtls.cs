using System.Security.Cryptography;
using RedConnect.Sfu.Dtls;
using RedConnect.Sfu.Srtp;

namespace RedConnect.Sfu.Node;

// The DTLS part of a transport (RFC 5764): the session starts on the first DTLS datagram from an address
// ICE validated, its flights go to the selected address, and its exported keys become the SRTP contexts.
public sealed partial class WebRtcTransport
{
    /// <summary>Hands one DTLS datagram from a validated address to the session, starting it on the first.</summary>
    internal void ReceiveDtls(ReadOnlySpan<byte> datagram)
    {
        lock (_receiveLock)
        {
            if (IsClosed)
            {
                return;
            }

            _rx.PacketsReceived++;
            _rx.BytesReceived += datagram.Length;
            if (!DtlsRecordFraming.IsWellFormed(datagram))
            {
                _rx.MalformedDtls++;
                return;
            }

            if (_dtls is null)
            {
                if (_remoteFingerprints is null)
                {
                    // The ClientHello overtook the SDP; the client retransmits it (RFC 6347 §4.2.4).
                    _rx.Dropped++;
                    return;
                }

                StartDtls(_remoteFingerprints);
            }

            if (!_dtls!.TryEnqueueDatagram(datagram))
            {
                _rx.Dropped++;
            }
        }
    }

    /// <summary>DTLS flights go to the selected address, from whichever thread BouncyCastle runs on.</summary>
    private void SendDtls(ReadOnlySpan<byte> datagram)
    {
        RemotePath? path = _path;
        bool sent = path is not null && TrySend(path.Socket, path.SocketAddress, datagram);
        lock (_sendLock)
        {
            if (sent)
            {
                _tx.PacketsSent++;
                _tx.BytesSent += datagram.Length;
            }
            else
            {
                _tx.Dropped++;
            }
        }
    }

    private void StartDtls(IReadOnlyList<DtlsFingerprint> fingerprints)
    {
        _dtls = DtlsSession.CreateServer(_node.Certificate, fingerprints, SendDtls, _node.Options.Dtls);
        _dtls.Closed += OnDtlsClosed;
        _ = _dtls.HandshakeAsync().ContinueWith(
            static (task, state) => ((WebRtcTransport)state!).OnHandshakeCompleted(task.Result),
            this,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously | TaskContinuationOptions.OnlyOnRanToCompletion,
            TaskScheduler.Default);
    }

    private void OnHandshakeCompleted(DtlsHandshakeOutcome outcome)
    {
        if (IsClosed)
        {
            return;
        }

        if (outcome.Result is not { } result
            || !SrtpProfiles.TryFromDtlsProtectionProfile((int)result.Profile, out SrtpProfile profile))
        {
            NodeLog.DtlsFailed(_logger, Id, outcome.FailureReason ?? "no usable SRTP profile");
            Close(TransportCloseReason.DtlsFailed);
            return;
        }

        SrtpKeyingMaterial keys = SrtpKeyingMaterial.Split(result.KeyingMaterial, profile, isServer: true);
        CryptographicOperations.ZeroMemory(result.KeyingMaterial);
        lock (_receiveLock)
        {
            if (IsClosed)
            {
                return;
            }

            lock (_sendLock)
            {
                _srtpOut = keys.CreateSendContext();
            }

            _srtpIn = keys.CreateReceiveContext();
            SrtpProfile = profile;
            DtlsProtocolVersion = result.ProtocolVersion;
            _connected = true;
            NodeLog.Connected(_logger, Id, result.ProtocolVersion, profile, (long)outcome.Elapsed.TotalMilliseconds);
            Notify(static (l, t, _) => l.OnConnected(t), 0, nameof(IMediaTransportListener.OnConnected));
        }
    }

    private void OnDtlsClosed(DtlsSession session, string reason) =>
        Close(reason.Contains("close_notify", StringComparison.Ordinal)
            ? TransportCloseReason.DtlsClosed
            : TransportCloseReason.DtlsFailed);
}
