namespace RedConnect.Sfu.Dtls;

/// <summary>What <see cref="DtlsSession"/> reads back from either side's BouncyCastle peer.</summary>
internal interface IDtlsSrtpPeer
{
    DtlsSrtpResult? Result { get; }

    string? LastAlert { get; }

    bool CloseNotifyReceived { get; }
}
