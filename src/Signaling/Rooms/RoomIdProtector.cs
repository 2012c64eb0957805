using System.Security.Cryptography;

namespace RedConnect.Signaling.Rooms;

/// <summary>
/// Turns an appointment id into the room id browsers see: an HMAC under a key that lives only in this
/// process, so a room id says nothing about the appointment and cannot be linked to the database.
/// </summary>
public sealed class RoomIdProtector
{
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    public string RoomIdFor(Guid appointmentId)
    {
        Span<byte> id = stackalloc byte[16];
        appointmentId.TryWriteBytes(id);
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_key, id, mac);
        return Convert.ToBase64String(mac[..16]).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
