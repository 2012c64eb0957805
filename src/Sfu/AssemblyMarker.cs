namespace RedConnect.Sfu;
internal static class AssemblyMarker { }
