namespace RedConnect.Turn;
internal static class AssemblyMarker { }
