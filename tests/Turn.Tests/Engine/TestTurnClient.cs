using System.Net;
using System.Net.Sockets;
using RedConnect.Stun;

namespace RedConnect.Turn.Tests.Engine;

/// <summary>Fills in the attributes of a request before it is signed.</summary>
public delegate void RequestBuilder(ref StunMessageWriter writer);

/// <summary>A response as a test sees it: class, error code, raw attributes, and whether it verifies with the key.</summary>
public sealed record TurnResponse(StunClass Class, StunMethod Method, int ErrorCode, IReadOnlyList<(ushort Type, byte[] Value)> Attributes,
    byte[] Raw, bool IntegrityValid)
{
    public bool IsSuccess => Class == StunClass.SuccessResponse;

    public byte[]? Get(ushort type) => Attributes.FirstOrDefault(a => a.Type == type).Value;

    public IEnumerable<byte[]> GetAll(ushort type) => Attributes.Where(a => a.Type == type).Select(a => a.Value);

    public string? Text(ushort type) => Get(type) is { } v ? System.Text.Encoding.UTF8.GetString(v) : null;

    public StunAddress XorAddress(ushort type)
    {
        StunMessageReader.TryParse(Raw, out var reader);
        Assert.True(reader.TryGetXorAddress(type, out var address), $"no {type:x4} in response");
        return address;
    }

    public uint UInt32(ushort type)
    {
        StunMessageReader.TryParse(Raw, out var reader);
        Assert.True(reader.TryGetUInt32(type, out var value), $"no {type:x4} in response");
        return value;
    }
}

/// <summary>
/// A small TURN client over UDP built on src/Stun, for the protocol and security tests: the 401 → REALM/NONCE
/// dance, signed requests, ChannelData and Send indications, and receiving what the relay delivers.
/// </summary>
public sealed class TestTurnClient : IDisposable
{
    private static readonly TimeSpan ReceiveTimeout = TimeSpan.FromSeconds(3);
    private readonly Socket _socket;
    private readonly EndPoint _server;
    private readonly Queue<byte[]> _unsolicited = new();
    private byte[] _key = [];

    public TestTurnClient(IPEndPoint server, string username, string password, string realm = Coturn.CoturnServer.Realm, bool v6 = false)
    {
        _server = server;
        Username = username;
        Password = password;
        Realm = realm;
        _socket = new Socket(v6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(new IPEndPoint(v6 ? IPAddress.IPv6Loopback : IPAddress.Loopback, 0));
        DeriveKey();
    }

    public string Username { get; set; }

    public string Password { get; set; }

    public string Realm { get; private set; }

    public string? Nonce { get; set; }

    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    public StunAddress Relayed { get; private set; }

    private void DeriveKey()
    {
        var key = new byte[16];
        StunCredentials.WriteLongTermKey(StunPasswordAlgorithm.Md5, Username, Realm, Password, key);
        _key = key;
    }

    /// <summary>Sends a request (signed with USERNAME, REALM, NONCE and MESSAGE-INTEGRITY when a nonce is known)
    /// and waits for the response with the same transaction id.</summary>
    public Task<TurnResponse> RequestAsync(StunMethod method, RequestBuilder? build = null, bool sign = true, byte[]? transactionId = null,
        bool fingerprint = true)
    {
        var buffer = new byte[2048];
        var tid = transactionId ?? NewTransactionId();
        var writer = new StunMessageWriter(buffer, method, StunClass.Request, tid);
        build?.Invoke(ref writer);
        if (sign && Nonce is not null)
        {
            writer.AddText(StunAttributeType.Username, Username);
            writer.AddText(StunAttributeType.Realm, Realm);
            writer.AddText(StunAttributeType.Nonce, Nonce);
            writer.AddMessageIntegrity(_key);
        }

        if (fingerprint)
        {
            writer.AddFingerprint();
        }

        return SendAndReceiveAsync(buffer.AsSpan(0, writer.Length).ToArray(), tid);
    }

    /// <summary>Sends raw bytes and waits for a STUN response with <paramref name="transactionId"/>.</summary>
    public async Task<TurnResponse> SendAndReceiveAsync(byte[] request, byte[] transactionId)
    {
        await _socket.SendToAsync(request, _server);
        var deadline = DateTime.UtcNow + ReceiveTimeout;
        var buffer = new byte[65536];
        while (DateTime.UtcNow < deadline)
        {
            var received = await ReceiveRawAsync(buffer, deadline - DateTime.UtcNow);
            if (received is null)
            {
                break;
            }

            if (StunMessageReader.TryParse(received, out var message) && message.TransactionId.SequenceEqual(transactionId))
            {
                return ToResponse(received);
            }

            _unsolicited.Enqueue(received);
        }

        throw new TimeoutException("no response from the TURN server");
    }

    private TurnResponse ToResponse(byte[] raw)
    {
        StunMessageReader.TryParse(raw, out var message);
        var attributes = new List<(ushort, byte[])>();
        foreach (var attribute in message.Attributes)
        {
            attributes.Add((attribute.Type, attribute.Value.ToArray()));
        }

        message.TryGetErrorCode(out var code, out _);
        return new TurnResponse(message.Class, message.Method, code, attributes, raw, message.VerifyMessageIntegrity(_key));
    }

    /// <summary>Learns REALM and NONCE from a 401 (or 438) and stores them.</summary>
    public void Learn(TurnResponse challenge)
    {
        Nonce = challenge.Text(StunAttributeType.Nonce) ?? Nonce;
        Realm = challenge.Text(StunAttributeType.Realm) ?? Realm;
        DeriveKey();
    }

    /// <summary>Allocate with the full 401 dance; returns the final response.</summary>
    public async Task<TurnResponse> AllocateAsync(RequestBuilder? extra = null)
    {
        RequestBuilder build = (ref StunMessageWriter w) =>
        {
            w.AddRequestedTransport(17);
            extra?.Invoke(ref w);
        };
        if (Nonce is null)
        {
            var challenge = await RequestAsync(StunMethod.Allocate, build, sign: false);
            Assert.Equal(StunErrorCode.Unauthenticated, challenge.ErrorCode);
            Learn(challenge);
        }

        var response = await RequestAsync(StunMethod.Allocate, build);
        if (response.IsSuccess)
        {
            Relayed = response.XorAddress(StunAttributeType.XorRelayedAddress);
        }

        return response;
    }

    public Task<TurnResponse> CreatePermissionAsync(params StunAddress[] peers) =>
        RequestAsync(StunMethod.CreatePermission, (ref StunMessageWriter w) =>
        {
            foreach (var peer in peers)
            {
                w.AddXorAddress(StunAttributeType.XorPeerAddress, peer);
            }
        });

    public Task<TurnResponse> ChannelBindAsync(ushort channel, StunAddress peer) =>
        RequestAsync(StunMethod.ChannelBind, (ref StunMessageWriter w) =>
        {
            w.AddChannelNumber(channel);
            w.AddXorAddress(StunAttributeType.XorPeerAddress, peer);
        });

    public Task<TurnResponse> RefreshAsync(uint lifetime) =>
        RequestAsync(StunMethod.Refresh, (ref StunMessageWriter w) => w.AddUInt32(StunAttributeType.Lifetime, lifetime));

    public async Task SendIndicationAsync(StunAddress peer, byte[] data)
    {
        var buffer = new byte[data.Length + 128];
        var tid = NewTransactionId();
        var writer = new StunMessageWriter(buffer, StunMethod.Send, StunClass.Indication, tid);
        writer.AddXorAddress(StunAttributeType.XorPeerAddress, peer);
        writer.AddAttribute(StunAttributeType.Data, data);
        await _socket.SendToAsync(buffer.AsMemory(0, writer.Length), _server);
    }

    public async Task SendChannelDataAsync(ushort channel, byte[] data)
    {
        var frame = new byte[4 + data.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(frame, channel);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(2), (ushort)data.Length);
        data.CopyTo(frame, 4);
        await _socket.SendToAsync(frame, _server);
    }

    public Task SendRawAsync(byte[] datagram) => _socket.SendToAsync(datagram, _server);

    /// <summary>The next datagram the server sends that is not a response we waited for (Data indication,
    /// ChannelData), or null after <paramref name="timeout"/>.</summary>
    public async Task<byte[]?> ReceiveAsync(TimeSpan timeout)
    {
        if (_unsolicited.Count > 0)
        {
            return _unsolicited.Dequeue();
        }

        return await ReceiveRawAsync(new byte[65536], timeout);
    }

    private async Task<byte[]?> ReceiveRawAsync(byte[] buffer, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout <= TimeSpan.Zero ? TimeSpan.FromMilliseconds(1) : timeout);
        try
        {
            var result = await _socket.ReceiveFromAsync(buffer, new IPEndPoint(_socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0), cts.Token);
            return buffer.AsSpan(0, result.ReceivedBytes).ToArray();
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public static byte[] NewTransactionId()
    {
        var tid = new byte[12];
        StunMessageWriter.NewTransactionId(tid);
        return tid;
    }

    public void Dispose() => _socket.Dispose();
}

/// <summary>A UDP peer on 127.0.0.1 that records what reaches it.</summary>
public sealed class TestPeer : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

    public TestPeer()
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
    }

    public StunAddress Address => StunAddress.FromIPEndPoint((IPEndPoint)_socket.LocalEndPoint!);

    public async Task<(byte[] Data, IPEndPoint From)?> ReceiveAsync(TimeSpan timeout)
    {
        var buffer = new byte[65536];
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            var result = await _socket.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), cts.Token);
            return (buffer.AsSpan(0, result.ReceivedBytes).ToArray(), (IPEndPoint)result.RemoteEndPoint);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public Task SendToAsync(byte[] data, StunAddress to) => _socket.SendToAsync(data, to.ToIPEndPoint());

    public void Dispose() => _socket.Dispose();
}
