using System.Runtime.InteropServices;

namespace RedConnect.Turn.Interop;

/// <summary>
/// The few Linux socket calls the relay hot path needs and .NET does not expose: batched datagram
/// receive/send (<c>recvmmsg</c>/<c>sendmmsg</c>) and epoll over the relay sockets. Per-packet syscalls
/// dominate a relay's cost on these machines (an empty syscall ≈ 1.2 µs), so batching decides the
/// ceiling (see shared FACTS.md, "UDP forwarding floor"). Layouts are those of glibc on 64-bit Linux.
/// </summary>
internal static unsafe partial class LinuxSockets
{
    public const int AfInet = 2;
    public const int AfInet6 = 10;
    public const int SolSocket = 1;
    public const int SoReusePort = 15;
    public const int MsgDontWait = 0x40;
    public const int MsgNoSignal = 0x4000;
    public const int MsgWaitForOne = 0x10000;
    public const int EpollIn = 0x001;
    public const int EpollCtlAdd = 1;
    public const int EpollCtlDel = 2;
    public const int EpollCtlMod = 3;
    public const int EpollCloexec = 0x80000;
    public const int Eagain = 11;
    public const int Eintr = 4;

    /// <summary>Room for a sockaddr_in6 (28 bytes), rounded up.</summary>
    public const int SockAddrSize = 32;

    [StructLayout(LayoutKind.Sequential)]
    public struct IoVec
    {
        public byte* Base;
        public nuint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct MsgHdr
    {
        public byte* Name;
        public uint NameLength;
        public IoVec* Iov;
        public nuint IovLength;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct MMsgHdr
    {
        public MsgHdr Header;
        public uint Length;
    }

    [StructLayout(LayoutKind.Sequential, Pack = 4)]
    public struct EpollEvent
    {
        public uint Events;
        public ulong Data;
    }

    public static bool IsSupported => OperatingSystem.IsLinux() && (RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64);

    [LibraryImport("libc", EntryPoint = "recvmmsg", SetLastError = true)]
    public static partial int RecvMMsg(int fd, MMsgHdr* messages, uint count, int flags, void* timeout);

    [LibraryImport("libc", EntryPoint = "sendmmsg", SetLastError = true)]
    public static partial int SendMMsg(int fd, MMsgHdr* messages, uint count, int flags);

    [LibraryImport("libc", EntryPoint = "sendto", SetLastError = true)]
    public static partial nint SendTo(int fd, byte* buffer, nuint length, int flags, byte* address, uint addressLength);

    [LibraryImport("libc", EntryPoint = "epoll_create1", SetLastError = true)]
    public static partial int EpollCreate1(int flags);

    [LibraryImport("libc", EntryPoint = "epoll_ctl", SetLastError = true)]
    public static partial int EpollCtl(int epfd, int op, int fd, EpollEvent* ev);

    [LibraryImport("libc", EntryPoint = "epoll_wait", SetLastError = true)]
    public static partial int EpollWait(int epfd, EpollEvent* events, int maxEvents, int timeoutMs);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);
}
