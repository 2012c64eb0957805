namespace RedConnect.Stun;
internal static class AssemblyMarker { }
