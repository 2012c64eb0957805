using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using RedConnect.Stun;
using RedConnect.Turn.Allocations;
using RedConnect.Turn.Auth;
using RedConnect.Turn.Options;
using RedConnect.Turn.Protocol;
using RedConnect.Turn.Security;
using RedConnect.Turn.Transport;

namespace RedConnect.Benchmarks.Turn;

/// <summary>
/// The TURN engine's per-packet work with the socket calls replaced by a span sink: checking an
/// authenticated request (parse + FINGERPRINT + MESSAGE-INTEGRITY with the allocation's prepared key), and
/// the relay path both ways — client ChannelData → allocation and channel lookup → bytes for the peer, and
/// peer datagram → ChannelData or Data indication framed in place for the client. All must show 0 B allocated.
/// </summary>
[MemoryDiagnoser]
public class TurnRelayBenchmarks
{
    private const int PayloadLength = 172;
    private readonly byte[] _sink = new byte[2048];
    private readonly byte[] _slot = new byte[2048 + DatagramBatch.Headroom];
    private readonly byte[] _payload = new byte[PayloadLength];
    private byte[] _channelData = [];
    private byte[] _signedRequest = [];
    private StunIntegrityKey _key = null!;
    private TurnRequestHandler _handler = null!;
    private Allocation _allocation = null!;
    private FiveTuple _fiveTuple;
    private StunAddress _channelPeer;
    private StunAddress _permissionPeer;
    private ulong _seed = 0x9E3779B97F4A7C15UL;
    private RelayPoller _poller = null!;
    private AllocationManager _manager = null!;

    [GlobalSetup]
    public void Setup()
    {
        var options = new TurnServerOptions { Realm = "bench", LongTermCredentials = true, AllowLoopbackPeers = true };
        options.StaticUsers["alice"] = "alice-pass";
        var time = TimeProvider.System;
        _poller = new RelayPoller(0, time, NullLogger.Instance);
        _manager = new AllocationManager(0, 0, time, [_poller], NullLogger.Instance);
        _handler = new TurnRequestHandler(options, new TurnAuthenticator(options, time), _manager, PeerAddressPolicy.FromOptions(options),
            new RelayAddressPlan(options), new RelaySocketFactory(50000, 50999), time, NullLogger.Instance);

        var listener = new ListenerEndpoint(ClientTransport.Udp, new IPEndPoint(IPAddress.Loopback, 3478), isAlternate: false);
        var client = StunAddress.FromIPEndPoint(IPEndPoint.Parse("127.0.0.1:40000"));
        _fiveTuple = new FiveTuple(client, listener.Id, ClientTransport.Udp);
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var relay = new RelaySocket(socket, StunAddress.FromIPEndPoint((IPEndPoint)socket.LocalEndPoint!));
        var key = new byte[16];
        StunCredentials.WriteLongTermKey(StunPasswordAlgorithm.Md5, "alice", "bench", "alice-pass", key);
        Span<byte> clientSockAddr = stackalloc byte[16];
        _allocation = new Allocation(_fiveTuple, listener, clientSockAddr, null, "alice", "alice"u8.ToArray(), key, relay, null);
        relay.Owner = _allocation;
        _allocation.ExpiresAt = long.MaxValue;
        _channelPeer = StunAddress.FromIPEndPoint(IPEndPoint.Parse("127.0.0.1:5000"));
        _permissionPeer = StunAddress.FromIPEndPoint(IPEndPoint.Parse("127.0.0.1:5002"));
        lock (_allocation.Gate)
        {
            _allocation.BindChannel(0x4000, _channelPeer, long.MaxValue);
            _allocation.InstallPermission(_channelPeer, long.MaxValue);
        }

        _manager.TryAdd(_allocation);
        _channelData = new byte[4 + PayloadLength];
        ChannelDataMessage.WriteHeader(_channelData, 0x4000, PayloadLength);

        _key = new StunIntegrityKey(key);
        var buffer = new byte[512];
        Span<byte> tid = stackalloc byte[12];
        StunMessageWriter.NewTransactionId(tid);
        var writer = new StunMessageWriter(buffer, StunMethod.ChannelBind, StunClass.Request, tid);
        writer.AddChannelNumber(0x4000);
        writer.AddXorAddress(StunAttributeType.XorPeerAddress, _channelPeer);
        writer.AddText(StunAttributeType.Username, "alice");
        writer.AddText(StunAttributeType.Realm, "bench");
        writer.AddText(StunAttributeType.Nonce, "rc0000019a2b3c4d5e6f708192a3b4c5d6");
        writer.AddMessageIntegrity(_key);
        writer.AddFingerprint();
        _signedRequest = writer.Written.ToArray();
        if (!ParseAndVerifyAuthenticatedRequest() || ClientChannelDataToPeer() != PayloadLength || PeerDatagramToClientChannelData() == 0)
        {
            throw new InvalidOperationException("benchmark setup does not relay");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _manager.Dispose();
        _poller.Dispose();
        _key.Dispose();
    }

    /// <summary>Per authenticated request: parse, FINGERPRINT, MESSAGE-INTEGRITY with the prepared key.</summary>
    [Benchmark]
    public bool ParseAndVerifyAuthenticatedRequest() =>
        StunMessageReader.TryParse(_signedRequest, out var message)
        && message.VerifyFingerprint()
        && message.VerifyMessageIntegrity(_key)
        && message.TryGetXorAddress(StunAttributeType.XorPeerAddress, out _);

    /// <summary>Client → peer: ChannelData parsed, 5-tuple → allocation → channel → relay socket; the bytes that
    /// would go to sendto are copied to a sink.</summary>
    [Benchmark]
    public int ClientChannelDataToPeer()
    {
        if (!_handler.TryRouteChannelData(_fiveTuple, _channelData, out _, out var channel, out var data))
        {
            return 0;
        }

        data.CopyTo(_sink);
        return data.Length + channel.PeerSockAddrLength - channel.PeerSockAddrLength;
    }

    /// <summary>Peer → client with a bound channel: the datagram (as received after the headroom) gets a
    /// ChannelData header in place; the frame is copied to a sink instead of sendmmsg.</summary>
    [Benchmark]
    public int PeerDatagramToClientChannelData() => PeerToClient(_channelPeer);

    /// <summary>Peer → client with only a permission: a Data indication written around the data in place.</summary>
    [Benchmark]
    public int PeerDatagramToClientDataIndication() => PeerToClient(_permissionPeer);

    private int PeerToClient(StunAddress peer)
    {
        _payload.CopyTo(_slot.AsSpan(DatagramBatch.Headroom)); // what recvmmsg would have written
        if (!PeerDataFramer.TryFrame(_allocation, peer, _slot, PayloadLength, 0, ref _seed, out var start, out var length))
        {
            return 0;
        }

        _slot.AsSpan(start, length).CopyTo(_sink);
        return length;
    }
}
