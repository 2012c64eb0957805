using System.Runtime.InteropServices;

namespace RedConnect.Sfu.Node;

/// <summary>
/// The two Linux calls .NET does not expose and the media port needs: <c>recvmmsg</c> and <c>sendmmsg</c>
/// (recvmmsg(2), sendmmsg(2)). An empty syscall costs ≈ 1.2 µs on our VMs, so reading and writing up to
/// <see cref="SfuNodeOptions.IoBatchSize"/> datagrams per call decides the forwarding ceiling (shared
/// FACTS.md, "UDP forwarding floor": ≈ 130 k pkt/s per packet vs ≈ 450 k pkt/s batched). Layouts are
/// glibc's (and musl's) <c>struct mmsghdr</c> on LP64 Linux; <see cref="IsSupported"/> is false elsewhere
/// and the node then uses the portable per-packet <see cref="System.Net.Sockets.Socket"/> calls.
/// </summary>
internal static unsafe partial class LinuxUdp
{
    public const int MsgWaitForOne = 0x10000;
    public const int MsgDontWait = 0x40;
    public const int MsgTrunc = 0x20;
    public const int Eintr = 4;
    public const int Eagain = 11;
    public const int Ebadf = 9;
    public const int Enotsock = 88;

    /// <summary>Room for a sockaddr_in6 (28 bytes), rounded up.</summary>
    public const int SockAddrCapacity = 32;

    public const int SolSocket = 1;
    public const int SoReusePort = 15;

    /// <summary>SO_TIMESTAMPNS, and SCM_TIMESTAMPNS: the control message carrying a struct timespec per datagram.</summary>
    public const int SoTimestampNs = 35;
    public const int ScmTimestampNs = SoTimestampNs;

    /// <summary>CMSG_SPACE(sizeof(struct timespec)) on LP64: a 16-byte cmsghdr and 16 bytes of data.</summary>
    public const int TimestampControlLength = 32;

    private static readonly Lazy<bool> s_supported = new(Probe);

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
    public struct CmsgHeader
    {
        public nuint Length;
        public int Level;
        public int Type;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct MMsgHdr
    {
        public MsgHdr Header;
        public uint Length;
    }

    /// <summary>Linux on x64/arm64 with both calls resolvable in libc.</summary>
    public static bool IsSupported => s_supported.Value;

    [LibraryImport("libc", EntryPoint = "recvmmsg", SetLastError = true)]
    public static partial int RecvMMsg(int fd, MMsgHdr* messages, uint count, int flags, void* timeout);

    [LibraryImport("libc", EntryPoint = "sendmmsg", SetLastError = true)]
    public static partial int SendMMsg(int fd, MMsgHdr* messages, uint count, int flags);

    private static bool Probe()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture is not (Architecture.X64 or Architecture.Arm64))
        {
            return false;
        }

        try
        {
            // fd -1 with no messages: the call exists when it answers EBADF instead of throwing.
            return RecvMMsg(-1, null, 0, 0, null) == -1 && SendMMsg(-1, null, 0, 0) == -1;
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }
}
