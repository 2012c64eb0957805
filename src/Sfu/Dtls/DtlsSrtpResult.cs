namespace RedConnect.Sfu.Dtls;

/// <summary>
/// What a completed DTLS-SRTP handshake hands to SRTP: the negotiated profile and the exported
/// keying material (RFC 5764 §4.2).
/// </summary>
public sealed class DtlsSrtpResult
{
    public DtlsSrtpResult(SrtpProtectionProfile profile, byte[] keyingMaterial, bool isServer, string protocolVersion = "DTLS 1.2")
    {
        Profile = profile;
        KeyingMaterial = keyingMaterial;
        IsServer = isServer;
        ProtocolVersion = protocolVersion;
    }

    /// <summary>The negotiated protocol, e.g. "DTLS 1.2".</summary>
    public string ProtocolVersion { get; }

    /// <summary>The profile the server selected from the client's use_srtp list.</summary>
    public SrtpProtectionProfile Profile { get; }

    /// <summary>client write key ‖ server write key ‖ client salt ‖ server salt (RFC 5764 §4.2).</summary>
    public byte[] KeyingMaterial { get; }

    /// <summary>True on the DTLS server side: our outbound keys are then the server half.</summary>
    public bool IsServer { get; }

    /// <summary>The client's master key.</summary>
    public ReadOnlySpan<byte> ClientWriteKey => KeyingMaterial.AsSpan(0, KeyLength);

    /// <summary>The server's master key.</summary>
    public ReadOnlySpan<byte> ServerWriteKey => KeyingMaterial.AsSpan(KeyLength, KeyLength);

    /// <summary>The client's master salt.</summary>
    public ReadOnlySpan<byte> ClientWriteSalt => KeyingMaterial.AsSpan(2 * KeyLength, SaltLength);

    /// <summary>The server's master salt.</summary>
    public ReadOnlySpan<byte> ServerWriteSalt => KeyingMaterial.AsSpan(2 * KeyLength + SaltLength, SaltLength);

    private int KeyLength => SrtpProtectionProfiles.KeyLength(Profile);

    private int SaltLength => SrtpProtectionProfiles.SaltLength(Profile);
}
