namespace RedConnect.Sfu.Srtp;

/// <summary>An SRTP master key and master salt (RFC 3711 §3.2.1) for one direction.</summary>
public sealed class SrtpMasterKey
{
    public SrtpMasterKey(ReadOnlySpan<byte> key, ReadOnlySpan<byte> salt)
    {
        Key = key.ToArray();
        Salt = salt.ToArray();
    }

    public byte[] Key { get; }

    public byte[] Salt { get; }
}

/// <summary>
/// The two master keys of a DTLS-SRTP association: <see cref="Local"/> protects what we send,
/// <see cref="Remote"/> unprotects what the peer sends.
/// </summary>
public sealed record SrtpKeyingMaterial(SrtpProfile Profile, SrtpMasterKey Local, SrtpMasterKey Remote)
{
    /// <summary>
    /// Splits the DTLS exporter output (RFC 5764 §4.2): client_write_key ‖ server_write_key ‖
    /// client_write_salt ‖ server_write_salt; 16/16/14/14 bytes for AES-CM, 16/16/12/12 for GCM
    /// (RFC 7714 §12). The server sends with the server key; the client with the client key.
    /// </summary>
    public static SrtpKeyingMaterial Split(ReadOnlySpan<byte> exported, SrtpProfile profile, bool isServer)
    {
        int keyLength = profile.KeyLength();
        int saltLength = profile.SaltLength();
        if (exported.Length != profile.KeyingMaterialLength())
            throw new ArgumentException($"{profile} needs {profile.KeyingMaterialLength()} bytes of keying material, got {exported.Length}.", nameof(exported));

        var clientKey = exported.Slice(0, keyLength);
        var serverKey = exported.Slice(keyLength, keyLength);
        var clientSalt = exported.Slice(2 * keyLength, saltLength);
        var serverSalt = exported.Slice(2 * keyLength + saltLength, saltLength);
        var client = new SrtpMasterKey(clientKey, clientSalt);
        var server = new SrtpMasterKey(serverKey, serverSalt);
        return isServer ? new SrtpKeyingMaterial(profile, server, client) : new SrtpKeyingMaterial(profile, client, server);
    }

    /// <summary>Context that protects outgoing packets.</summary>
    public SrtpContext CreateSendContext() => new(Profile, Local);

    /// <summary>Context that unprotects incoming packets.</summary>
    public SrtpContext CreateReceiveContext() => new(Profile, Remote);
}
