using System.Runtime.CompilerServices;

// The node benchmarks inject datagrams into a receive loop (ReceiveLoop.Process) to measure the
// demultiplex → unprotect → listener → protect → send path without the receive syscall.
[assembly: InternalsVisibleTo("RedConnect.Benchmarks")]

// The synthetic load clients read with the same recvmmsg batches (LinuxUdp, DatagramBatch), so the
// client core is not what limits an end-to-end throughput run.
[assembly: InternalsVisibleTo("RedConnect.Synthetic")]
