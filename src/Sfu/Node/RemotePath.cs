using System.Net;
using System.Net.Sockets;
using RedConnect.Stun;

namespace RedConnect.Sfu.Node;

/// <summary>
/// Where a transport's packets go: the selected ICE pair's remote address and the socket (one of the
/// node's receive loops, all bound to the same port) to send from. Immutable, swapped atomically when
/// ICE follows the client to a new address, so senders on any thread read a consistent pair.
/// </summary>
internal sealed class RemotePath
{
    public RemotePath(Socket socket, SocketAddress socketAddress, StunAddress address)
    {
        Socket = socket;
        SocketAddress = socketAddress;
        Address = address;
    }

    public Socket Socket { get; }

    /// <summary>A private copy, never the receive loop's reused instance.</summary>
    public SocketAddress SocketAddress { get; }

    public StunAddress Address { get; }
}
