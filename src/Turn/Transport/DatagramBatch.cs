using System.Runtime.InteropServices;
using RedConnect.Turn.Interop;

namespace RedConnect.Turn.Transport;

/// <summary>
/// Native memory for one batched receive or send (<c>recvmmsg</c>/<c>sendmmsg</c>): <see cref="Count"/>
/// message headers, one iovec and one socket address each, and a payload slot of <see cref="SlotSize"/>
/// bytes each with <see cref="Headroom"/> bytes in front so a ChannelData or Data indication header can
/// be written before received data without copying it. Owned by one thread; allocated once.
/// </summary>
internal sealed unsafe class DatagramBatch : IDisposable
{
    /// <summary>Room in front of each payload for the largest relay header: a Data indication with an
    /// IPv6 XOR-PEER-ADDRESS is 20 + 24 + 4 = 48 bytes.</summary>
    public const int Headroom = 64;

    private readonly byte* _memory;

    public DatagramBatch(int count, int slotSize)
    {
        Count = count;
        SlotSize = slotSize;
        var size = (nuint)(count * (sizeof(LinuxSockets.MMsgHdr) + sizeof(LinuxSockets.IoVec) + LinuxSockets.SockAddrSize + slotSize));
        _memory = (byte*)NativeMemory.AllocZeroed(size);
        Messages = (LinuxSockets.MMsgHdr*)_memory;
        Vectors = (LinuxSockets.IoVec*)(Messages + count);
        Names = (byte*)(Vectors + count);
        Slots = Names + count * LinuxSockets.SockAddrSize;
    }

    public int Count { get; }

    public int SlotSize { get; }

    public LinuxSockets.MMsgHdr* Messages { get; }

    public LinuxSockets.IoVec* Vectors { get; }

    public byte* Names { get; }

    public byte* Slots { get; }

    public byte* Slot(int i) => Slots + (long)i * SlotSize;

    public byte* Name(int i) => Names + i * LinuxSockets.SockAddrSize;

    /// <summary>Points every header at its payload (after the headroom) and name, ready for recvmmsg.</summary>
    public void PrepareReceive(int count)
    {
        for (var i = 0; i < count; i++)
        {
            Vectors[i].Base = Slot(i) + Headroom;
            // Keep 4 bytes after the largest payload for TCP padding of a relayed frame.
            Vectors[i].Length = (nuint)(SlotSize - Headroom - 4);
            ref var header = ref Messages[i].Header;
            header.Name = Name(i);
            header.NameLength = LinuxSockets.SockAddrSize;
            header.Iov = Vectors + i;
            header.IovLength = 1;
            header.Control = null;
            header.ControlLength = 0;
            header.Flags = 0;
            Messages[i].Length = 0;
        }
    }

    /// <summary>Sets entry <paramref name="i"/> to send <paramref name="length"/> bytes at <paramref name="data"/>
    /// to the socket address <paramref name="name"/>.</summary>
    public void SetSend(int i, byte* data, int length, ReadOnlySpan<byte> name)
    {
        Vectors[i].Base = data;
        Vectors[i].Length = (nuint)length;
        name.CopyTo(new Span<byte>(Name(i), LinuxSockets.SockAddrSize));
        ref var header = ref Messages[i].Header;
        header.Name = Name(i);
        header.NameLength = (uint)name.Length;
        header.Iov = Vectors + i;
        header.IovLength = 1;
        header.Control = null;
        header.ControlLength = 0;
        header.Flags = 0;
    }

    public void Dispose() => NativeMemory.Free(_memory);
}
