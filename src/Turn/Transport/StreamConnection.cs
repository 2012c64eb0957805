using System.Buffers;
using System.Net.Security;
using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using RedConnect.Stun;
using RedConnect.Turn.Allocations;
using RedConnect.Turn.Interop;
using RedConnect.Turn.Protocol;

namespace RedConnect.Turn.Transport;

/// <summary>
/// One TCP or TLS client connection (RFC 8656 §3.1): STUN messages and ChannelData framed on the stream
/// (§12.5: ChannelData padded to 4 bytes), read by one loop. Everything sent to the client — responses
/// and relayed data — goes straight to the socket when nothing is queued (plain TCP, non-blocking), else through
/// a bounded double buffer drained by one writer loop. A client that reads too slowly fills its queue; the relay
/// poller then stops reading that allocation's relay socket until the writer has taken the queue (backpressure:
/// peer datagrams wait in the relay socket's bounded kernel buffer, and its overflow is dropped as UDP would),
/// so a slow or dead client never blocks a relay poller or another client and never holds more than its queue.
/// </summary>
internal sealed class StreamConnection : IAsyncDisposable
{
    /// <summary>Most a connection queues for its client (per buffer; relayed data waits for room, responses that do
    /// not fit are dropped).</summary>
    private const int SendBufferSize = 64 * 1024;

    /// <summary>Send buffers start this small and double (up to <see cref="SendBufferSize"/>) only when a burst
    /// needs it: most connections never queue more than a few frames, and 2 × 64 KiB per connection up front
    /// was most of rc-turn's memory with 50 TCP allocations.</summary>
    private const int InitialSendBuffer = 4 * 1024;
    private const int InitialReadBuffer = 8 * 1024;
    private const int MaxFrame = StunMessage.MaxMessageLength;

    private readonly Socket _socket;
    private readonly Stream _stream;
    private readonly ListenerEndpoint _endpoint;
    private readonly StunAddress _client;
    private readonly TurnRequestHandler _handler;
    private readonly ILogger _log;
    private readonly object _sendGate = new();
    private readonly Channel<bool> _sendSignal = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly CancellationTokenSource _closed = new();
    private byte[] _filling = new byte[InitialSendBuffer];
    private byte[] _draining = new byte[InitialSendBuffer];
    private int _filled;
    private long _dropped;
    private long _pauses;

    // Plain TCP (not TLS): an idle writer lets TrySend write straight to the socket. _writing is true while the
    // writer loop owns a taken queue (guarded by _sendGate), so direct sends never overtake queued bytes.
    private readonly bool _direct;
    private bool _writing;

    // Relay sockets (at most two: an IPv4 and an IPv6 relay of this connection's allocation) whose polling is
    // paused until the queue drains. Guarded by _sendGate, as is every pause and resume of them.
    private RelaySocket? _paused1;
    private RelaySocket? _paused2;

    public StreamConnection(Socket socket, Stream stream, ListenerEndpoint endpoint, TurnRequestHandler handler, ILogger log)
    {
        _socket = socket;
        _stream = stream;
        _endpoint = endpoint;
        _handler = handler;
        _log = log;
        _client = StunAddress.FromIPEndPoint((System.Net.IPEndPoint)socket.RemoteEndPoint!);
        _direct = stream is not SslStream;
    }

    /// <summary>Sends or queues one frame for the client, padded to 4 bytes (§12.5). False (dropped) when the queue
    /// is full or the connection broken.</summary>
    public bool TrySend(ReadOnlySpan<byte> frame)
    {
        var queued = TryQueue(frame);
        Flush();
        return queued;
    }

    /// <summary>Queues one frame without sending it yet: the relay poller queues a whole received batch and then
    /// calls <see cref="Flush"/> once, so a burst leaves in one <c>send</c>.</summary>
    public bool TryQueue(ReadOnlySpan<byte> frame)
    {
        var padded = StunMessage.PaddedLength(frame.Length);
        lock (_sendGate)
        {
            if (_filled + padded > _filling.Length && !TryGrowFilling(_filled + padded))
            {
                _dropped++;
                return false;
            }

            frame.CopyTo(_filling.AsSpan(_filled));
            _filling.AsSpan(_filled + frame.Length, padded - frame.Length).Clear();
            _filled += padded;
            return true;
        }
    }

    /// <summary>
    /// Sends what is queued. Plain TCP with an idle writer: straight to the kernel on the calling thread (the relay
    /// poller's or the read loop's), never blocking, which saves a thread-pool wake-up per message; whatever the
    /// socket buffer cannot take now is left for the writer loop. Otherwise the writer loop is woken.
    /// </summary>
    public void Flush()
    {
        lock (_sendGate)
        {
            if (_filled == 0)
            {
                return;
            }

            if (_direct && !_writing)
            {
                var sent = SendNow(_filling.AsSpan(0, _filled));
                if (sent < 0)
                {
                    _filled = 0; // the connection is broken; its read loop ends it
                    return;
                }

                if (sent == _filled)
                {
                    _filled = 0;
                    ResumePausedRelays();
                    return;
                }

                _filling.AsSpan(sent, _filled - sent).CopyTo(_filling);
                _filled -= sent;
            }
        }

        _sendSignal.Writer.TryWrite(true);
    }

    /// <summary>One non-blocking <c>send</c> on the plain TCP socket (under <see cref="_sendGate"/>): bytes taken,
    /// 0 when the socket buffer is full, -1 when the connection is broken or closed.</summary>
    private unsafe int SendNow(ReadOnlySpan<byte> data)
    {
        var handle = _socket.SafeHandle;
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            nint sent;
            fixed (byte* bytes = data)
            {
                sent = LinuxSockets.SendTo((int)handle.DangerousGetHandle(), bytes, (nuint)data.Length,
                    LinuxSockets.MsgDontWait | LinuxSockets.MsgNoSignal, null, 0);
            }

            if (sent >= 0)
            {
                return (int)sent;
            }

            return System.Runtime.InteropServices.Marshal.GetLastPInvokeError() is LinuxSockets.Eagain or LinuxSockets.Eintr ? 0 : -1;
        }
        catch (ObjectDisposedException)
        {
            return -1;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>
    /// Called by the relay poller before it receives peer datagrams for this client: how many of up to
    /// <paramref name="wanted"/> frames of at most <paramref name="maxFrame"/> bytes the send queue can take whole.
    /// When none fit, <paramref name="relay"/> stops being polled (backpressure, as coturn gets from its
    /// bufferevent: the datagrams wait in the relay socket's bounded kernel buffer) until the writer has taken
    /// the queue; the writer then resumes it.
    /// </summary>
    public int ReserveRelayFrames(RelaySocket relay, int wanted, int maxFrame)
    {
        lock (_sendGate)
        {
            var room = (SendBufferSize - _filled) / maxFrame;
            if (room > 0)
            {
                return Math.Min(room, wanted);
            }

            if (!ReferenceEquals(_paused1, relay) && !ReferenceEquals(_paused2, relay))
            {
                if (_paused1 is null)
                {
                    _paused1 = relay;
                }
                else
                {
                    _paused2 = relay;
                }

                _pauses++;
                relay.Poller?.SetReading(relay, false);
            }

            return 0;
        }
    }

    /// <summary>Resumes the relay sockets paused by <see cref="ReserveRelayFrames"/> (under <see cref="_sendGate"/>,
    /// after the queue was taken by the writer, so it has room again).</summary>
    private void ResumePausedRelays()
    {
        if (_paused1 is { } first)
        {
            _paused1 = null;
            first.Poller?.SetReading(first, true);
        }

        if (_paused2 is { } second)
        {
            _paused2 = null;
            second.Poller?.SetReading(second, true);
        }
    }

    /// <summary>Doubles the filling buffer (under <see cref="_sendGate"/>) until <paramref name="needed"/> bytes fit,
    /// at most to <see cref="SendBufferSize"/>. Allocates only while a connection's bursts grow, a few times at most.</summary>
    private bool TryGrowFilling(int needed)
    {
        if (needed > SendBufferSize)
        {
            return false;
        }

        var size = _filling.Length;
        while (size < needed)
        {
            size *= 2;
        }

        var bigger = new byte[Math.Min(size, SendBufferSize)];
        _filling.AsSpan(0, _filled).CopyTo(bigger);
        _filling = bigger;
        return true;
    }

    /// <summary>Serves the connection until the client closes it, sends garbage, or the server stops.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, _closed.Token);
        var writer = WriteLoopAsync(linked.Token);
        try
        {
            await ReadLoopAsync(linked.Token);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException
                                       or System.Security.Authentication.AuthenticationException)
        {
        }
        finally
        {
            _closed.Cancel();
            try
            {
                await writer;
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
            }
        }
    }

    private async Task ReadLoopAsync(CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(InitialReadBuffer);
        var response = new byte[TurnRequestHandler.MaxResponseLength];
        var count = 0;
        try
        {
            while (true)
            {
                if (count == buffer.Length)
                {
                    // Only reached while a frame longer than the buffer is being assembled (bounded by MaxFrame).
                    var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, MaxFrame + 4));
                    buffer.AsSpan(0, count).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }

                var read = await _stream.ReadAsync(buffer.AsMemory(count), ct);
                if (read == 0)
                {
                    return;
                }

                count += read;
                var consumed = ProcessFrames(buffer.AsSpan(0, count), response, out var fatal);
                if (fatal)
                {
                    return;
                }

                if (consumed > 0)
                {
                    buffer.AsSpan(consumed, count - consumed).CopyTo(buffer);
                    count -= consumed;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Handles every complete frame in <paramref name="data"/>; returns bytes consumed. A stream that
    /// is neither STUN nor ChannelData cannot be re-synchronised: <paramref name="fatal"/> closes it.</summary>
    private int ProcessFrames(ReadOnlySpan<byte> data, byte[] response, out bool fatal)
    {
        fatal = false;
        var offset = 0;
        while (data.Length - offset >= ChannelDataMessage.HeaderLength)
        {
            var rest = data[offset..];
            int frameLength;
            if (ChannelDataMessage.LooksLikeChannelData(rest[0]))
            {
                ChannelDataMessage.TryGetFrameLength(rest, out frameLength);
                if (rest.Length < frameLength)
                {
                    break;
                }

                _handler.RelayChannelData(new ClientOrigin(_endpoint, _client, default, this), rest[..frameLength]);
            }
            else
            {
                if (rest.Length < StunMessage.HeaderLength)
                {
                    break;
                }

                if (!StunMessage.TryGetMessageLength(rest, out frameLength))
                {
                    fatal = true;
                    return offset;
                }

                if (rest.Length < frameLength)
                {
                    break;
                }

                if (StunMessageReader.TryParse(rest[..frameLength], out var message))
                {
                    var length = _handler.Handle(new ClientOrigin(_endpoint, _client, default, this), message, response, out _);
                    if (length > 0)
                    {
                        TrySend(response.AsSpan(0, length));
                    }
                }
            }

            offset += frameLength;
        }

        return offset;
    }

    private async Task WriteLoopAsync(CancellationToken ct)
    {
        while (await _sendSignal.Reader.WaitToReadAsync(ct))
        {
            _sendSignal.Reader.TryRead(out _);
            while (true)
            {
                int length;
                lock (_sendGate)
                {
                    length = _filled;
                    _writing = length > 0;
                    if (length == 0)
                    {
                        break;
                    }

                    (_filling, _draining) = (_draining, _filling);
                    _filled = 0;
                    ResumePausedRelays();
                }

                if (_stream is SslStream)
                {
                    await WriteRecordPerMessageAsync(_draining.AsMemory(0, length), ct);
                }
                else
                {
                    await _stream.WriteAsync(_draining.AsMemory(0, length), ct);
                }
            }
        }
    }

    /// <summary>
    /// Over TLS each message gets its own record: clients built on OpenSSL (coturn's uclient among them)
    /// read one message per SSL_read and then wait on the socket, so a second message already decrypted
    /// inside their TLS buffer would sit there until more bytes arrive.
    /// </summary>
    private async ValueTask WriteRecordPerMessageAsync(ReadOnlyMemory<byte> frames, CancellationToken ct)
    {
        while (!frames.IsEmpty)
        {
            var span = frames.Span;
            int length;
            if (ChannelDataMessage.LooksLikeChannelData(span[0]))
            {
                ChannelDataMessage.TryGetFrameLength(span, out length);
            }
            else if (!StunMessage.TryGetMessageLength(span, out length))
            {
                length = frames.Length; // cannot happen: only whole frames are queued
            }

            length = Math.Min(length, frames.Length);
            await _stream.WriteAsync(frames[..length], ct);
            frames = frames[length..];
        }
    }

    /// <summary>Frames dropped because the client's send queue was full (responses only, since relayed data
    /// waits for room instead).</summary>
    public long DroppedFrames
    {
        get
        {
            lock (_sendGate)
            {
                return _dropped;
            }
        }
    }

    /// <summary>How often a relay socket of this client was paused because its send queue was full.</summary>
    public long RelayPauses
    {
        get
        {
            lock (_sendGate)
            {
                return _pauses;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        long dropped, pauses;
        lock (_sendGate)
        {
            dropped = _dropped;
            pauses = _pauses;
        }

        if (dropped > 0 || pauses > 0)
        {
            _log.LogInformation("TCP/TLS client {Client} closed; its send queue was full {Pauses} time(s) (relay paused), {Dropped} frame(s) dropped",
                _client, pauses, dropped);
        }

        _closed.Cancel();
        await _stream.DisposeAsync();
        _socket.Dispose();
        _closed.Dispose();
    }
}
