using System.Net;
using System.Runtime.InteropServices;

namespace RedConnect.Sfu.Node;

/// <summary>
/// Native memory for one <c>recvmmsg</c>/<c>sendmmsg</c> call: per slot a <c>struct mmsghdr</c>, one iovec,
/// a sockaddr and a datagram buffer, all in one unmanaged block (no GC pinning, nothing allocated per
/// call). Owned by one thread; freed by <see cref="Dispose"/> once that thread no longer uses it.
/// </summary>
internal sealed unsafe class DatagramBatch : IDisposable
{
    private readonly byte* _memory;
    private readonly LinuxUdp.MMsgHdr* _headers;
    private readonly byte* _buffers;
    private readonly int _controlLength;
    private int _disposed;

    /// <param name="capacity">Slots (datagrams per call).</param>
    /// <param name="bufferSize">Bytes per datagram buffer.</param>
    /// <param name="receiveTimestamps">Give every slot room for one control message, so a socket with
    /// SO_TIMESTAMPNS reports each datagram's kernel arrival time (<see cref="TryGetArrival"/>).</param>
    public DatagramBatch(int capacity, int bufferSize, bool receiveTimestamps = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        BufferSize = bufferSize;
        _controlLength = receiveTimestamps ? LinuxUdp.TimestampControlLength : 0;
        nuint headers = (nuint)(capacity * sizeof(LinuxUdp.MMsgHdr));
        nuint iovecs = (nuint)(capacity * sizeof(LinuxUdp.IoVec));
        nuint names = (nuint)(capacity * LinuxUdp.SockAddrCapacity);
        nuint controls = (nuint)(capacity * _controlLength);
        nuint buffers = (nuint)capacity * (nuint)bufferSize;
        _memory = (byte*)NativeMemory.AlignedAlloc(headers + iovecs + names + controls + buffers, 64);
        NativeMemory.Clear(_memory, headers + iovecs + names + controls);
        _headers = (LinuxUdp.MMsgHdr*)_memory;
        var iov = (LinuxUdp.IoVec*)(_memory + headers);
        byte* name = _memory + headers + iovecs;
        byte* control = name + names;
        _buffers = control + controls;
        for (int i = 0; i < capacity; i++)
        {
            iov[i].Base = _buffers + (nuint)i * (nuint)bufferSize;
            iov[i].Length = (nuint)bufferSize;
            _headers[i].Header.Iov = &iov[i];
            _headers[i].Header.IovLength = 1;
            _headers[i].Header.Name = name + i * LinuxUdp.SockAddrCapacity;
            _headers[i].Header.NameLength = LinuxUdp.SockAddrCapacity;
            if (_controlLength > 0)
            {
                _headers[i].Header.Control = control + i * _controlLength;
                _headers[i].Header.ControlLength = (nuint)_controlLength;
            }
        }
    }

    public int Capacity { get; }

    public int BufferSize { get; }

    public LinuxUdp.MMsgHdr* Headers => _headers;

    /// <summary>The whole buffer of slot <paramref name="index"/>.</summary>
    public Span<byte> Buffer(int index) => new(_buffers + (nuint)index * (nuint)BufferSize, BufferSize);

    /// <summary>The datagram <c>recvmmsg</c> put in slot <paramref name="index"/>.</summary>
    public Span<byte> Received(int index) => Buffer(index)[..(int)Math.Min(_headers[index].Length, (uint)BufferSize)];

    /// <summary>True when the kernel cut the datagram in slot <paramref name="index"/> (MSG_TRUNC).</summary>
    public bool IsTruncated(int index) => (_headers[index].Header.Flags & LinuxUdp.MsgTrunc) != 0;

    /// <summary>Copies the sender of slot <paramref name="index"/> into <paramref name="address"/> (same family).</summary>
    public bool TryCopySource(int index, SocketAddress address)
    {
        int length = (int)_headers[index].Header.NameLength;
        Span<byte> destination = address.Buffer.Span;
        if (length <= 0 || length > LinuxUdp.SockAddrCapacity || length > destination.Length)
        {
            return false;
        }

        new ReadOnlySpan<byte>(_headers[index].Header.Name, length).CopyTo(destination);
        address.Size = length;
        return true;
    }

    /// <summary>Makes the first <paramref name="count"/> slots ready for the next <c>recvmmsg</c>.</summary>
    public void ResetForReceive(int count)
    {
        for (int i = 0; i < count; i++)
        {
            _headers[i].Header.NameLength = LinuxUdp.SockAddrCapacity;
            _headers[i].Header.Flags = 0;
            _headers[i].Header.Iov->Length = (nuint)BufferSize;
            _headers[i].Header.ControlLength = (nuint)_controlLength;
            _headers[i].Length = 0;
        }
    }

    /// <summary>
    /// The kernel's arrival time of the datagram in slot <paramref name="index"/> (SCM_TIMESTAMPNS, CLOCK_REALTIME) as
    /// <see cref="DateTime"/> ticks (UTC); false when the batch has no control room or the kernel sent no timestamp.
    /// </summary>
    public bool TryGetArrival(int index, out long utcTicks)
    {
        utcTicks = 0;
        nuint length = _headers[index].Header.ControlLength;
        byte* control = (byte*)_headers[index].Header.Control;
        if (_controlLength == 0 || control is null || length < (nuint)LinuxUdp.TimestampControlLength) return false;
        // struct cmsghdr { size_t cmsg_len; int cmsg_level; int cmsg_type; } then the data, 8-byte aligned (LP64).
        var header = (LinuxUdp.CmsgHeader*)control;
        if (header->Level != LinuxUdp.SolSocket || header->Type != LinuxUdp.ScmTimestampNs || header->Length < (nuint)(sizeof(LinuxUdp.CmsgHeader) + 16)) return false;
        long seconds = *(long*)(control + sizeof(LinuxUdp.CmsgHeader));
        long nanoseconds = *(long*)(control + sizeof(LinuxUdp.CmsgHeader) + 8);
        utcTicks = DateTime.UnixEpoch.Ticks + seconds * TimeSpan.TicksPerSecond + nanoseconds / 100;
        return true;
    }

    /// <summary>Sets slot <paramref name="index"/> up to send buffer[..length] to <paramref name="destination"/>.</summary>
    public bool TrySetOutgoing(int index, int length, SocketAddress destination)
    {
        ReadOnlySpan<byte> raw = destination.Buffer.Span[..destination.Size];
        if (raw.Length > LinuxUdp.SockAddrCapacity)
        {
            return false;
        }

        raw.CopyTo(new Span<byte>(_headers[index].Header.Name, LinuxUdp.SockAddrCapacity));
        _headers[index].Header.NameLength = (uint)raw.Length;
        _headers[index].Header.Iov->Length = (nuint)length;
        _headers[index].Header.Flags = 0;
        return true;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            NativeMemory.AlignedFree(_memory);
        }
    }
}
