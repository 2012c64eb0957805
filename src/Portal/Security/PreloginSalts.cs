using System.Security.Cryptography;
using System.Text;

namespace RedConnect.Portal.Security;

/// <summary>
/// The salt prelogin reports for an account that does not exist: HMAC-SHA-256 of a server secret over the
/// normalised short names, cut to the salt size. It is the same on every request and looks like a random
/// salt, so prelogin does not reveal whether an account exists.
/// </summary>
public sealed class PreloginSalts(ServerKeys keys)
{
    public byte[] FakeSalt(string practiceKey, string userKey)
    {
        var input = Encoding.UTF8.GetBytes("RedConnect prelogin v1\0" + practiceKey + "\0" + userKey);
        return HMACSHA256.HashData(keys.PreloginKey, input)[..KeyDerivationParameters.SaltBytes];
    }
}
