using System.Buffers;
using System.Net.Security;
using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using RedConnect.Stun;
using RedConnect.Turn.Allocations;
using RedConnect.Turn.Protocol;

namespace RedConnect.Turn.Transport;

/// <summary>
/// One TCP or TLS client connection (RFC 8656 §3.1): STUN messages and ChannelData framed on the stream
/// (§12.5: ChannelData padded to 4 bytes), read by one loop. Everything sent to the client — responses
/// and relayed data — goes through a bounded double buffer drained by one writer loop, so a slow or dead
/// client only loses its own data and never blocks a relay poller or another client.
/// </summary>
internal sealed class StreamConnection : IAsyncDisposable
{
    /// <summary>Most a connection queues for its client before dropping (a slow reader loses its own data).</summary>
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

    public StreamConnection(Socket socket, Stream stream, ListenerEndpoint endpoint, TurnRequestHandler handler, ILogger log)
    {
        _socket = socket;
        _stream = stream;
        _endpoint = endpoint;
        _handler = handler;
        _log = log;
        _client = StunAddress.FromIPEndPoint((System.Net.IPEndPoint)socket.RemoteEndPoint!);
    }

    /// <summary>Queues one frame for the client, padded to 4 bytes (§12.5). False (dropped) when the client
    /// is not reading fast enough.</summary>
    public bool TrySend(ReadOnlySpan<byte> frame)
    {
        var padded = StunMessage.PaddedLength(frame.Length);
        lock (_sendGate)
        {
            if (_filled + padded > _filling.Length && !TryGrowFilling(_filled + padded))
            {
                return false;
            }

            frame.CopyTo(_filling.AsSpan(_filled));
            _filling.AsSpan(_filled + frame.Length, padded - frame.Length).Clear();
            _filled += padded;
        }

        _sendSignal.Writer.TryWrite(true);
        return true;
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
                    if (length == 0)
                    {
                        break;
                    }

                    (_filling, _draining) = (_draining, _filling);
                    _filled = 0;
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

    public async ValueTask DisposeAsync()
    {
        _closed.Cancel();
        await _stream.DisposeAsync();
        _socket.Dispose();
        _closed.Dispose();
    }
}
