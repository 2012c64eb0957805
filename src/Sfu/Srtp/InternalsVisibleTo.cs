using System.Runtime.CompilerServices;

// Tests feed RFC 7714 session keys straight into the ciphers (the RFC's vectors skip the KDF).
[assembly: InternalsVisibleTo("RedConnect.Sfu.Tests")]
