namespace RedConnect.Turn.Protocol;

/// <summary>Where a Binding response goes when RFC 5780 asks for something other than "back where it came from":
/// from the partner port (CHANGE-REQUEST change-port, §6.1) and/or to another client port (RESPONSE-PORT, §7.5).</summary>
internal readonly record struct ResponseRoute(bool FromPartner, ushort ToPort);
