using System.Runtime.CompilerServices;

// The node benchmarks inject datagrams into a receive loop (ReceiveLoop.Process) to measure the
// demultiplex → unprotect → listener → protect → send path without the receive syscall.
[assembly: InternalsVisibleTo("RedConnect.Benchmarks")]
