using RedConnect.Stun;
using RedConnect.Turn.Allocations;
using RedConnect.Turn.Transport;

namespace RedConnect.Turn.Protocol;

/// <summary>Where a client message came from: the listener (server transport address), the client's transport
/// address, and how to answer it (UDP socket address or stream connection).</summary>
internal readonly ref struct ClientOrigin
{
    public ClientOrigin(ListenerEndpoint listener, StunAddress client, ReadOnlySpan<byte> clientSockAddr, StreamConnection? stream)
    {
        Listener = listener;
        Client = client;
        ClientSockAddr = clientSockAddr;
        Stream = stream;
    }

    public ListenerEndpoint Listener { get; }

    public StunAddress Client { get; }

    public ReadOnlySpan<byte> ClientSockAddr { get; }

    public StreamConnection? Stream { get; }

    public FiveTuple FiveTuple => new(Client, Listener.Id, Listener.Transport);
}
