using System.Runtime.CompilerServices;

// Tests feed RFC 7714 session keys straight into the ciphers (the RFC's vectors skip the KDF).
[assembly: InternalsVisibleTo("RedConnect.Sfu.Tests")]

// The SRTP CPU profile times the ciphers' building blocks (AesCounterMode) next to the whole SRTP op.
[assembly: InternalsVisibleTo("RedConnect.Benchmarks")]
