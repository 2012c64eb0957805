namespace RedConnect.Signaling;
internal static class AssemblyMarker { }
