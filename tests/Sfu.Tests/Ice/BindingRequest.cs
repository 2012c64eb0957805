using System.Text;
using RedConnect.Stun;

namespace RedConnect.Sfu.Tests.Ice;

/// <summary>Builds ICE connectivity checks (RFC 8445 §7.2.2) the way a browser's full agent sends them.</summary>
internal sealed class BindingRequest
{
    public required string Username { get; init; }

    /// <summary>The receiver's ice-pwd (short-term key, RFC 8489 §9.1.1); null sends no MESSAGE-INTEGRITY.</summary>
    public string? Password { get; init; }

    public bool UseCandidate { get; init; }

    /// <summary>True: ICE-CONTROLLING (the browser's role against a lite agent); false: ICE-CONTROLLED.</summary>
    public bool Controlling { get; init; } = true;

    public bool Priority { get; init; } = true;

    public bool Fingerprint { get; init; } = true;

    public byte[] TransactionId { get; } = NewTransactionId();

    public static BindingRequest For(string localUfrag, string remoteUfrag, string remotePwd, bool useCandidate = false) =>
        new() { Username = $"{remoteUfrag}:{localUfrag}", Password = remotePwd, UseCandidate = useCandidate };

    public byte[] Encode()
    {
        var buffer = new byte[512];
        var writer = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.Request, TransactionId);
        writer.AddText(StunAttributeType.Username, Username);
        if (Priority)
        {
            writer.AddUInt32(StunAttributeType.Priority, 0x6E7F1EFF);
        }

        writer.AddUInt64(Controlling ? StunAttributeType.IceControlling : StunAttributeType.IceControlled, 0x1122334455667788);
        if (UseCandidate)
        {
            writer.AddFlag(StunAttributeType.UseCandidate);
        }

        if (Password is not null)
        {
            writer.AddMessageIntegrity(Encoding.UTF8.GetBytes(Password));
        }

        if (Fingerprint)
        {
            writer.AddFingerprint();
        }

        return buffer.AsSpan(0, writer.Length).ToArray();
    }

    private static byte[] NewTransactionId()
    {
        var id = new byte[StunMessage.TransactionIdLength];
        StunMessageWriter.NewTransactionId(id);
        return id;
    }
}
