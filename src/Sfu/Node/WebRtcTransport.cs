using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using RedConnect.Sfu.Dtls;
using RedConnect.Sfu.Ice;
using RedConnect.Sfu.Sdp;
using RedConnect.Sfu.Srtp;
using RedConnect.Stun;

namespace RedConnect.Sfu.Node;

/// <summary>
/// One WebRTC peer connection terminated by the SFU: ICE-lite (<see cref="IceLiteAgent"/>) finds and
/// follows the peer's address, DTLS (we are the server, a=setup:passive, RFC 5763 §5) yields the
/// DTLS-SRTP keys (RFC 5764 §4.2), and SRTP/SRTCP (RFC 3711) protect the media, all over the node's single
/// muxed port. Incoming media is unprotected in place in the receive loop's buffer and handed to the
/// listener; outgoing media is protected into a per-thread buffer and sent to the selected address — or,
/// when the sender is a batched receive loop (<see cref="SendBatch"/>), straight into a sendmmsg slot
/// that leaves with the rest of that loop's batch.
/// </summary>
/// <remarks>
/// Threads: the receive side (STUN, DTLS hand-off, SRTP unprotect, listener calls) runs under one lock,
/// so the listener is never called concurrently for one transport even when the peer's flow moves between
/// receive loops. <see cref="SendRtp"/> and <see cref="SendRtcp"/> may be called from any thread; a
/// second lock serialises only the SRTP protect (the socket send happens outside it).
/// </remarks>
public sealed partial class WebRtcTransport : IMediaTransport
{
    /// <summary>Largest plain RTP/RTCP packet <see cref="SendRtp"/> accepts (room for the SRTP trailer).</summary>
    public const int MaxPacketLength = 1500;

    /// <summary>Validated peer addresses kept per transport (host, prflx after a network change, …).</summary>
    private const int MaxValidatedAddresses = 8;

    [ThreadStatic]
    private static byte[]? t_sendBuffer;

    private readonly SfuNode _node;
    private readonly IMediaTransportListener _listener;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private long _signaledTimestamp; // when the peer's parameters first arrived; 0 = not yet (no connect deadline)
    private readonly IceLiteAgent _ice;
    private readonly object _receiveLock = new();
    private readonly object _sendLock = new();
    private readonly TransportCounters _rx = new();
    private readonly TransportCounters _tx = new();
    private readonly List<StunAddress> _validatedAddresses = new(MaxValidatedAddresses);
    private IReadOnlyList<DtlsFingerprint>? _remoteFingerprints;
    private DtlsSession? _dtls;
    private SrtpContext? _srtpIn;
    private SrtpContext? _srtpOut;
    private volatile RemotePath? _path;
    private volatile bool _connected;
    private int _closed;

    internal WebRtcTransport(SfuNode node, IMediaTransportListener listener, string id, ILogger logger, TimeProvider time)
    {
        _node = node;
        _listener = listener;
        _logger = logger;
        _time = time;
        Id = id;
        _ice = new IceLiteAgent(time, node.Options.ConsentTimeout);
    }

    /// <inheritdoc />
    public string Id { get; }

    /// <inheritdoc />
    public bool IsConnected => _connected;

    /// <summary>Whether the transport has closed (it never reopens).</summary>
    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>Our a=ice-ufrag for this transport (8 random ice-chars).</summary>
    public string LocalIceUfrag => _ice.LocalCredentials.UsernameFragment;

    /// <summary>Our a=ice-pwd (24 random ice-chars). Secret: never log it.</summary>
    public string LocalIcePwd => _ice.LocalCredentials.Password;

    /// <summary>The node certificate's SHA-256 fingerprint for a=fingerprint.</summary>
    public DtlsFingerprint LocalFingerprint => _node.Certificate.Fingerprint;

    /// <summary>Our host candidates: every announced address on the node's port.</summary>
    public IReadOnlyList<SdpCandidate> LocalCandidates => _node.LocalCandidates;

    /// <summary>Everything an SDP answer or offer needs from us (SdpAnswerBuilder / SdpOfferBuilder).</summary>
    public SdpTransportParameters LocalParameters =>
        new(LocalIceUfrag, LocalIcePwd, LocalFingerprint.ToSdpValue(), LocalCandidates);

    /// <summary>The peer's selected address (where media goes), or null before the first valid check.</summary>
    public IPEndPoint? RemoteEndPoint => _path?.Address.ToIPEndPoint();

    /// <summary>The SRTP profile DTLS negotiated, once connected.</summary>
    public SrtpProfile? SrtpProfile { get; private set; }

    /// <summary>The DTLS version negotiated, once connected (always "DTLS 1.2" with our server).</summary>
    public string? DtlsProtocolVersion { get; private set; }

    /// <summary>Current counters of this transport.</summary>
    public TransportStats Stats => TransportCounters.Snapshot(_rx, _tx);

    /// <summary>
    /// The peer's ICE credentials and DTLS certificate fingerprints from its SDP (RFC 8839 §5.4, RFC 8122 §5).
    /// Call it when the offer (publisher) or the answer (subscriber) arrives; calling it again with a new
    /// ufrag accepts the peer's ICE restart. Fingerprints are fixed once the DTLS handshake has started.
    /// </summary>
    public void SetRemoteParameters(string iceUfrag, string icePwd, IReadOnlyList<DtlsFingerprint> fingerprints)
    {
        ArgumentNullException.ThrowIfNull(fingerprints);
        if (!IceCredentials.IsValid(iceUfrag, icePwd, out string? error))
        {
            throw new ArgumentException(error, nameof(iceUfrag));
        }

        if (fingerprints.Count == 0)
        {
            throw new ArgumentException("At least one a=fingerprint is required (RFC 8122 §5).", nameof(fingerprints));
        }

        lock (_receiveLock)
        {
            if (IsClosed)
            {
                return;
            }

            _ice.SetRemoteCredentials(new IceCredentials(iceUfrag, icePwd));
            _remoteFingerprints ??= fingerprints.ToArray();
            if (_signaledTimestamp == 0)
            {
                // The peer now has our parameters and we have its: the connect deadline starts here, not at
                // creation — a subscriber transport waits unsignaled for as long as its participant is
                // alone in the room (there is nothing to offer yet).
                _signaledTimestamp = Math.Max(1, _time.GetTimestamp());
            }
        }
    }

    /// <summary>
    /// ICE restart on our side (RFC 8445 §9): new local ufrag and pwd (put the returned parameters in the
    /// answer to a restart offer), then <see cref="SetRemoteParameters"/> with the peer's new ones. Media
    /// keeps flowing to the current address until the peer nominates a pair with the new credentials.
    /// </summary>
    public SdpTransportParameters RestartIce()
    {
        lock (_receiveLock)
        {
            ObjectDisposedException.ThrowIf(IsClosed, this);
            string old = LocalIceUfrag;
            _ice.Restart();
            _node.Demultiplexer.ChangeUfrag(old, LocalIceUfrag, this);
        }

        return LocalParameters;
    }

    /// <inheritdoc />
    public bool SendRtp(ReadOnlySpan<byte> rtp) => Protect(rtp, rtcp: false);

    /// <inheritdoc />
    public bool SendRtcp(ReadOnlySpan<byte> rtcp) => Protect(rtcp, rtcp: true);

    /// <summary>Closes the transport (reason <see cref="TransportCloseReason.Closed"/>); sends DTLS close_notify.</summary>
    public void Close() => Close(TransportCloseReason.Closed);

    /// <summary>Handles a Binding request routed here by its USERNAME (RFC 8445 §7.3).</summary>
    internal void ReceiveStun(StunMessageReader request, StunAddress source, SocketAddress sourceAddress, ReceiveLoop loop)
    {
        lock (_receiveLock)
        {
            if (IsClosed)
            {
                return;
            }

            _rx.PacketsReceived++;
            _rx.BytesReceived += request.Message.Length;
            IceCheckResult result = _ice.HandleBindingRequest(request, source, loop.ResponseBuffer);
            if (result.IsValid)
            {
                _rx.IceChecksAccepted++;
                RememberValidatedAddress(source);
                if (result.SelectedAddressChanged)
                {
                    if (_path is not null)
                    {
                        _rx.IceAddressChanges++;
                    }

                    _path = new RemotePath(loop.Socket, SocketAddressConversion.Clone(sourceAddress), source);
                    if (_logger.IsEnabled(LogLevel.Debug))
                    {
                        NodeLog.IceSelected(_logger, Id, result.Outcome.ToString(), source.ToString());
                    }
                }
            }
            else if (result.ErrorCode is StunErrorCode.BadRequest or StunErrorCode.Unauthenticated || result.Outcome == IceCheckOutcome.Discarded)
            {
                _rx.IceChecksUnauthenticated++;
            }

            if (result.ResponseLength > 0 && TrySend(loop.Socket, sourceAddress, loop.ResponseBuffer.AsSpan(0, result.ResponseLength)))
            {
                _rx.PacketsSent++;
                _rx.BytesSent += result.ResponseLength;
            }
        }
    }

    /// <summary>Unprotects one SRTP or SRTCP packet in place and hands the plain packet to the listener.</summary>
    internal void ReceiveSrtp(Span<byte> datagram, bool rtcp)
    {
        lock (_receiveLock)
        {
            if (IsClosed)
            {
                return;
            }

            _rx.PacketsReceived++;
            _rx.BytesReceived += datagram.Length;
            SrtpContext? context = _srtpIn;
            if (context is null)
            {
                // Media before the DTLS handshake finished: cannot be authenticated yet.
                _rx.Dropped++;
                return;
            }

            int length;
            SrtpResult result = rtcp ? context.UnprotectRtcp(datagram, out length) : context.UnprotectRtp(datagram, out length);
            switch (result)
            {
                case SrtpResult.Ok:
                    if (rtcp)
                    {
                        _rx.RtcpPacketsReceived++;
                        Notify(static (l, t, p) => l.OnRtcp(t, p), datagram[..length], nameof(IMediaTransportListener.OnRtcp));
                    }
                    else
                    {
                        _rx.RtpPacketsReceived++;
                        Notify(static (l, t, p) => l.OnRtp(t, p), datagram[..length], nameof(IMediaTransportListener.OnRtp));
                    }

                    break;
                case SrtpResult.AuthFailed:
                    _rx.SrtpAuthFailures++;
                    break;
                case SrtpResult.Replay:
                    _rx.SrtpReplays++;
                    break;
                case SrtpResult.TooShort or SrtpResult.Malformed:
                    if (rtcp)
                    {
                        _rx.MalformedRtcp++;
                    }
                    else
                    {
                        _rx.MalformedRtp++;
                    }

                    break;
                default:
                    _rx.Dropped++;
                    break;
            }
        }
    }

    /// <summary>Connect timeout and consent expiry, checked by the node's timer.</summary>
    internal void CheckTimers()
    {
        TransportCloseReason? reason = null;
        lock (_receiveLock)
        {
            if (IsClosed)
            {
                return;
            }

            if (!_connected && _signaledTimestamp != 0 && _time.GetElapsedTime(_signaledTimestamp) >= _node.Options.IceConnectTimeout)
            {
                // ICE found the peer but DTLS never finished: a DTLS failure; otherwise ICE never completed.
                reason = _ice.HasSelectedAddress ? TransportCloseReason.DtlsFailed : TransportCloseReason.IceTimeout;
            }
            else if (_ice.IsConsentExpired)
            {
                reason = TransportCloseReason.ConsentExpired;
            }
        }

        if (reason is { } value)
        {
            Close(value);
        }
    }

    internal void Close(TransportCloseReason reason)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        DtlsSession? dtls;
        List<StunAddress> addresses;
        lock (_receiveLock)
        {
            _connected = false;
            lock (_sendLock)
            {
                _srtpOut?.Dispose();
                _srtpOut = null;
            }

            _srtpIn?.Dispose();
            _srtpIn = null;
            dtls = _dtls;
            addresses = [.. _validatedAddresses];
            _node.Demultiplexer.Unregister(LocalIceUfrag, addresses, this);
            _ice.Dispose();
        }

        if (dtls is not null)
        {
            dtls.Closed -= OnDtlsClosed;
            dtls.Close();
        }

        NodeLog.Closed(_logger, Id, reason);
        lock (_receiveLock)
        {
            Notify(static (l, t, r) => l.OnClosed(t, r), reason, nameof(IMediaTransportListener.OnClosed));
        }

        _node.OnTransportClosed(this);
    }

    private bool Protect(ReadOnlySpan<byte> packet, bool rtcp)
    {
        RemotePath? path = _path;
        if (!_connected || path is null || packet.Length > MaxPacketLength)
        {
            return false;
        }

        // On a batched receive loop the packet is protected straight into a sendmmsg slot and leaves with
        // the rest of the batch; elsewhere (timers, DTLS threads, per-packet loops) it is sent at once.
        SendBatch? batch = SendBatch.Current;
        if (batch is not null && ReferenceEquals(batch.Node, _node))
        {
            Span<byte> slot = batch.Reserve();
            return ProtectInto(packet, rtcp, slot, out int protectedLength) && batch.Commit(protectedLength, path.SocketAddress);
        }

        byte[] buffer = t_sendBuffer ??= GC.AllocateUninitializedArray<byte>(MaxPacketLength + 64);
        if (!ProtectInto(packet, rtcp, buffer, out int length))
        {
            return false;
        }

        if (TrySend(path.Socket, path.SocketAddress, buffer.AsSpan(0, length)))
        {
            return true;
        }

        lock (_sendLock)
        {
            _tx.Dropped++;
        }

        return false;
    }

    /// <summary>Copies <paramref name="packet"/> into <paramref name="buffer"/> and protects it there with the send context.</summary>
    private bool ProtectInto(ReadOnlySpan<byte> packet, bool rtcp, Span<byte> buffer, out int length)
    {
        length = 0;
        lock (_sendLock)
        {
            SrtpContext? context = _srtpOut;
            if (context is null)
            {
                return false;
            }

            packet.CopyTo(buffer);
            SrtpResult result = rtcp
                ? context.ProtectRtcp(buffer, packet.Length, out length)
                : context.ProtectRtp(buffer, packet.Length, out length);
            if (result != SrtpResult.Ok)
            {
                _tx.Dropped++;
                return false;
            }

            _tx.PacketsSent++;
            _tx.BytesSent += length;
            if (rtcp)
            {
                _tx.RtcpPacketsSent++;
            }
            else
            {
                _tx.RtpPacketsSent++;
            }
        }

        return true;
    }

    private static bool TrySend(Socket socket, SocketAddress address, ReadOnlySpan<byte> datagram)
    {
        try
        {
            socket.SendTo(datagram, SocketFlags.None, address);
            return true;
        }
        catch (SocketException)
        {
            // A full send buffer or an ICMP error surfacing: UDP is lossy, so is this.
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    private void RememberValidatedAddress(StunAddress source)
    {
        if (_validatedAddresses.Contains(source))
        {
            return;
        }

        if (_validatedAddresses.Count == MaxValidatedAddresses)
        {
            // Forget the oldest address that is not the selected one.
            int victim = _validatedAddresses[0] == _path?.Address ? 1 : 0;
            _node.Demultiplexer.UnregisterAddress(_validatedAddresses[victim], this);
            _validatedAddresses.RemoveAt(victim);
        }

        _validatedAddresses.Add(source);
        _node.Demultiplexer.RegisterAddress(source, this);
    }

    private void Notify<T>(ListenerCall<T> call, T argument, string callback)
        where T : allows ref struct
    {
        try
        {
            call(_listener, this, argument);
        }
        catch (Exception exception)
        {
            // The contract says listeners do not throw; one that does must not take the receive loop down.
            NodeLog.ListenerError(_logger, exception, callback);
        }
    }

    private delegate void ListenerCall<T>(IMediaTransportListener listener, WebRtcTransport transport, T argument)
        where T : allows ref struct;
}
